// Create, read, replace and delete of /Users on the mock roster.

import { expect, test } from '@playwright/test';
import request from 'supertest';
import { createRosterApp } from '../../mocks/roster/app.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
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

/** Creates a user from `body` and returns the 201 response body. */
async function createUser(roster: Roster, body: Record<string, unknown>) {
  const response = await roster.agent.post(`${roster.base}/Users`).set(roster.auth).send(body);
  expect(response.status, `create status of ${JSON.stringify(body.userName)}`).toBe(201);
  return response.body;
}

test('create returns 201 with id', async () => {
  const { agent, base, auth } = startRoster();

  const response = await agent
    .post(`${base}/Users`)
    .set(auth)
    .send({ schemas: [USER_URN], userName: 'ada@example.test' });

  expect(response.status, 'HTTP status').toBe(201);
  expect(response.headers['content-type'], 'Content-Type').toBe('application/scim+json; charset=utf-8');
  expect(typeof response.body.id, 'type of id').toBe('string');
  expect(response.body.id, 'id').not.toBe('');
  expect(response.body.userName, 'userName').toBe('ada@example.test');
});

test('create Location equals meta.location', async () => {
  const { agent, base, auth } = startRoster();

  const response = await agent
    .post(`${base}/Users`)
    .set(auth)
    .send({ schemas: [USER_URN], userName: 'ada@example.test' });

  const location = response.body.meta?.location;
  expect(response.headers.location, 'Location header').toBe(location);
  expect(location, 'meta.location').toMatch(/^https?:\/\//);
  expect(location, 'meta.location').toMatch(new RegExp(`/scim/v1/Realms/realm-a/Users/${response.body.id}$`));
});

test('create sets meta timestamps and version', async () => {
  const { agent, base, auth } = startRoster();

  const response = await agent
    .post(`${base}/Users`)
    .set(auth)
    .send({ schemas: [USER_URN], userName: 'ada@example.test' });

  const meta = response.body.meta;
  expect(meta.resourceType, 'meta.resourceType').toBe('User');
  expect(Number.isNaN(Date.parse(meta.created)), `meta.created ${meta.created} is a date`).toBe(false);
  expect(Number.isNaN(Date.parse(meta.lastModified)), `meta.lastModified ${meta.lastModified} is a date`).toBe(false);
  expect(typeof meta.version, 'type of meta.version').toBe('string');
  expect(meta.version, 'meta.version').not.toBe('');
  expect(response.headers.etag, 'ETag header').toBe(meta.version);
});

test('enterprise data adds extension schema', async () => {
  const roster = startRoster();

  const core = await createUser(roster, { schemas: [USER_URN], userName: 'core@example.test' });
  const enterprise = await createUser(roster, {
    schemas: [USER_URN, ENTERPRISE_URN],
    userName: 'enterprise@example.test',
    [ENTERPRISE_URN]: { department: 'Radiology' },
  });

  expect(core.schemas, 'schemas of a user without enterprise data').toEqual([USER_URN]);
  expect(enterprise.schemas, 'schemas of a user with enterprise data').toContain(USER_URN);
  expect(enterprise.schemas, 'schemas of a user with enterprise data').toContain(ENTERPRISE_URN);
  expect(enterprise[ENTERPRISE_URN]?.department, 'enterprise department').toBe('Radiology');
});

test('Entra create body accepted', async () => {
  const { agent, base, auth } = startRoster();
  const entraBody = {
    schemas: [USER_URN, ENTERPRISE_URN],
    externalId: 'ayoung',
    userName: 'ayoung@example.test',
    active: 'True',
    displayName: 'Ada Young',
    meta: { resourceType: 'User' },
    name: { formatted: 'Ada Young', familyName: 'Young', givenName: 'Ada' },
    emails: [{ primary: true, type: 'work', value: 'ayoung@example.test' }],
    roles: [],
    [ENTERPRISE_URN]: { employeeNumber: '1001', department: 'Radiology' },
  };

  const response = await agent.post(`${base}/Users`).set(auth).send(entraBody);

  expect(response.status, 'HTTP status').toBe(201);
  expect(response.body.active, 'active').toBe(true);
  expect(response.body.externalId, 'externalId').toBe('ayoung');
  expect(response.body.emails, 'emails').toEqual([{ primary: true, type: 'work', value: 'ayoung@example.test' }]);
  expect(response.body[ENTERPRISE_URN], 'enterprise extension').toEqual({
    employeeNumber: '1001',
    department: 'Radiology',
  });
  expect(response.body.meta.resourceType, 'meta.resourceType').toBe('User');
});

test('missing userName returns 400', async () => {
  const { agent, base, auth } = startRoster();

  const response = await agent.post(`${base}/Users`).set(auth).send({ schemas: [USER_URN], displayName: 'No Name' });

  expect(response.status, 'HTTP status').toBe(400);
  expect(response.body.schemas, 'error schemas').toEqual([ERROR_URN]);
  expect(response.body.scimType, 'scimType').toBe('invalidValue');
});

test('missing schemas returns 400', async () => {
  const { agent, base, auth } = startRoster();

  const response = await agent.post(`${base}/Users`).set(auth).send({ userName: 'ada@example.test' });

  expect(response.status, 'HTTP status').toBe(400);
  expect(response.body.schemas, 'error schemas').toEqual([ERROR_URN]);
  expect(response.body.scimType, 'scimType').toBe('invalidSyntax');
});

test('get by id returns user', async () => {
  const roster = startRoster();
  const created = await createUser(roster, { schemas: [USER_URN], userName: 'ada@example.test', title: 'Nurse' });

  const response = await roster.agent.get(`${roster.base}/Users/${created.id}`).set(roster.auth);

  expect(response.status, 'HTTP status').toBe(200);
  expect(response.body.id, 'id').toBe(created.id);
  expect(response.body.userName, 'userName').toBe('ada@example.test');
  expect(response.body.title, 'title').toBe('Nurse');
  expect(response.body.meta, 'meta').toEqual(created.meta);
});

test('get unknown id returns 404', async () => {
  const { agent, base, auth } = startRoster();

  const response = await agent.get(`${base}/Users/00000000-0000-4000-8000-000000000000`).set(auth);

  expect(response.status, 'HTTP status').toBe(404);
  expect(response.body.schemas, 'error schemas').toEqual([ERROR_URN]);
  expect(response.body.status, 'error status').toBe('404');
});

test('delete then get returns 404', async () => {
  const roster = startRoster();
  const created = await createUser(roster, { schemas: [USER_URN], userName: 'ada@example.test' });

  const deleted = await roster.agent.delete(`${roster.base}/Users/${created.id}`).set(roster.auth);
  const read = await roster.agent.get(`${roster.base}/Users/${created.id}`).set(roster.auth);

  expect(deleted.status, 'DELETE status').toBe(204);
  expect(deleted.text, 'DELETE response body').toBe('');
  expect(read.status, 'GET status after DELETE').toBe(404);
});

test('second delete returns 404', async () => {
  const roster = startRoster();
  const created = await createUser(roster, { schemas: [USER_URN], userName: 'ada@example.test' });

  const first = await roster.agent.delete(`${roster.base}/Users/${created.id}`).set(roster.auth);
  const second = await roster.agent.delete(`${roster.base}/Users/${created.id}`).set(roster.auth);

  expect(first.status, 'first DELETE status').toBe(204);
  expect(second.status, 'second DELETE status').toBe(404);
  expect(second.body.schemas, 'second DELETE error schemas').toEqual([ERROR_URN]);
});

test('put replaces attributes, keeps id', async () => {
  const roster = startRoster();
  const created = await createUser(roster, {
    schemas: [USER_URN],
    userName: 'ada@example.test',
    displayName: 'Ada Young',
    title: 'Nurse',
  });

  const response = await roster.agent
    .put(`${roster.base}/Users/${created.id}`)
    .set(roster.auth)
    .send({ schemas: [USER_URN], userName: 'ada@example.test', displayName: 'Ada King' });
  const read = await roster.agent.get(`${roster.base}/Users/${created.id}`).set(roster.auth);

  expect(response.status, 'PUT status').toBe(200);
  expect(response.body.id, 'id after PUT').toBe(created.id);
  expect(response.body.displayName, 'displayName after PUT').toBe('Ada King');
  expect(response.body.title, 'title left out of the PUT body').toBeUndefined();
  expect(response.body.meta.created, 'meta.created after PUT').toBe(created.meta.created);
  expect(response.body.meta.version, 'meta.version after PUT').not.toBe(created.meta.version);
  expect(read.body, 'GET after PUT').toEqual(response.body);
});

test('password is never returned', async () => {
  const roster = startRoster();
  const { agent, base, auth } = roster;

  const created = await createUser(roster, {
    schemas: [USER_URN],
    userName: 'ada@example.test',
    password: 'S3cret!pass',
  });
  const read = await agent.get(`${base}/Users/${created.id}`).set(auth);
  const requested = await agent.get(`${base}/Users/${created.id}`).query({ attributes: 'password' }).set(auth);
  const list = await agent.get(`${base}/Users`).set(auth);
  const patched = await agent
    .patch(`${base}/Users/${created.id}`)
    .set(auth)
    .send({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'password', value: 'N3w!pass' }],
    });

  expect(created.password, 'password in the create response').toBeUndefined();
  expect(read.text, 'GET response').not.toContain('S3cret');
  expect(requested.text, 'GET response with attributes=password').not.toContain('S3cret');
  expect(list.text, 'list response').not.toContain('S3cret');
  expect(patched.status, 'PATCH status').toBe(200);
  expect(patched.text, 'PATCH response').not.toContain('N3w!pass');
});
