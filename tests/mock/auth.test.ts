// Bearer-token checks of the mock roster: every realm has its own token, and a request is
// served only with the token of the realm in its URL.

import { expect, test } from '@playwright/test';
import request from 'supertest';
import { createRosterApp } from '../../mocks/roster/app.js';

const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** Starts an app with realms A and B, each with its own token. */
function startRoster() {
  const app = createRosterApp({
    realms: [
      { id: 'realm-a', token: 'token-a' },
      { id: 'realm-b', token: 'token-b' },
    ],
  });
  return {
    agent: request(app.handle),
    baseA: '/scim/v1/Realms/realm-a',
    baseB: '/scim/v1/Realms/realm-b',
    authA: { Authorization: 'Bearer token-a' },
    authB: { Authorization: 'Bearer token-b' },
  };
}

test('missing Authorization returns 401', async () => {
  const { agent, baseA } = startRoster();

  const response = await agent.get(`${baseA}/Users`);

  expect(response.status, 'HTTP status').toBe(401);
  expect(response.headers['www-authenticate'], 'WWW-Authenticate header').toMatch(/^Bearer\b/);
  expect(response.body.schemas, 'error schemas').toEqual([ERROR_URN]);
  expect(response.body.status, 'error status').toBe('401');
});

test('wrong token returns 401', async () => {
  const { agent, baseA } = startRoster();

  const response = await agent.get(`${baseA}/Users`).set('Authorization', 'Bearer not-the-token');

  expect(response.status, 'HTTP status').toBe(401);
  expect(response.headers['www-authenticate'], 'WWW-Authenticate header').toMatch(/^Bearer\b/);
  expect(response.body.schemas, 'error schemas').toEqual([ERROR_URN]);
  expect(response.body.status, 'error status').toBe('401');
});

test('non-Bearer scheme returns 401', async () => {
  const { agent, baseA } = startRoster();

  const response = await agent.get(`${baseA}/Users`).set('Authorization', 'Basic token-a');

  expect(response.status, 'HTTP status of the Basic scheme with the right token').toBe(401);
});

test('Bearer scheme in any case', async () => {
  const { agent, baseA } = startRoster();

  for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
    const response = await agent.get(`${baseA}/Users`).set('Authorization', `${scheme} token-a`);

    expect(response.status, `HTTP status with scheme "${scheme}"`).toBe(200);
  }
});

test('token of another realm rejected', async () => {
  const { agent, baseB, authA, authB } = startRoster();
  const created = await agent
    .post(`${baseB}/Users`)
    .set(authB)
    .send({ schemas: [USER_URN], userName: 'secret.b@example.test' });
  expect(created.status, 'create status in realm B').toBe(201);

  const list = await agent.get(`${baseB}/Users`).set(authA);
  const single = await agent.get(`${baseB}/Users/${created.body.id}`).set(authA);

  expect(list.status, 'list status in realm B with the token of realm A').toBe(401);
  expect(list.text, 'list response body').not.toContain('secret.b');
  expect(single.status, 'GET by id status in realm B with the token of realm A').toBe(401);
  expect(single.text, 'GET by id response body').not.toContain('secret.b');
  expect(single.text, 'GET by id response body').not.toContain(created.body.id);
});

test('unknown realm returns 404', async () => {
  const { agent, authA } = startRoster();

  const response = await agent.get('/scim/v1/Realms/no-such-realm/Users').set(authA);

  expect(response.status, 'HTTP status').toBe(404);
  expect(response.body.schemas, 'error schemas').toEqual([ERROR_URN]);
  expect(response.body.status, 'error status').toBe('404');
  expect(response.body.detail, 'error detail').toContain('no-such-realm');
});
