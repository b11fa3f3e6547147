// userName is unique per realm and compared without case (RFC 7643 §4.1.1: caseExact=false,
// uniqueness=server), also when creates arrive at the same time.

import { expect, test } from '@playwright/test';
import request from 'supertest';
import { createRosterApp } from '../../mocks/roster/app.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** Starts an app with one realm and returns a client for it. */
function startRoster() {
  const app = createRosterApp({ realms: [{ id: 'realm-a', token: 'token-a' }] });
  return {
    agent: request(app.handle),
    base: '/scim/v1/Realms/realm-a',
    auth: { Authorization: 'Bearer token-a' },
  };
}

type Roster = ReturnType<typeof startRoster>;

function postUser(roster: Roster, userName: string) {
  return roster.agent.post(`${roster.base}/Users`).set(roster.auth).send({ schemas: [USER_URN], userName });
}

async function countUsers(roster: Roster): Promise<number> {
  const response = await roster.agent.get(`${roster.base}/Users`).set(roster.auth);
  return response.body.totalResults;
}

test('duplicate userName returns 409', async () => {
  const roster = startRoster();
  const first = await postUser(roster, 'ada@example.test');
  expect(first.status, 'first create status').toBe(201);

  const second = await postUser(roster, 'ada@example.test');

  expect(second.status, 'second create status').toBe(409);
  expect(second.body.schemas, 'error schemas').toEqual([ERROR_URN]);
  expect(second.body.status, 'error status').toBe('409');
  expect(second.body.scimType, 'scimType').toBe('uniqueness');
});

test('case variant duplicate returns 409', async () => {
  const roster = startRoster();
  const first = await postUser(roster, 'ada@example.test');
  expect(first.status, 'first create status').toBe(201);

  const second = await postUser(roster, 'ADA@Example.Test');

  expect(second.status, 'create status of the case variant').toBe(409);
  expect(second.body.scimType, 'scimType').toBe('uniqueness');
  expect(await countUsers(roster), 'users stored').toBe(1);
});

test('concurrent duplicate creates, one wins', async () => {
  const roster = startRoster();

  const responses = await Promise.all(Array.from({ length: 20 }, () => postUser(roster, 'ada@example.test')));
  const statuses = responses.map((response) => response.status);

  expect(statuses.filter((status) => status === 201).length, `201 responses among ${statuses}`).toBe(1);
  expect(statuses.filter((status) => status === 409).length, `409 responses among ${statuses}`).toBe(19);
  expect(await countUsers(roster), 'users stored').toBe(1);
});
