// Resource versions of the mock roster (RFC 7644 §3.14): ETag headers equal to meta.version,
// new versions on every write, and If-Match and If-None-Match preconditions.

import { expect, test } from '@playwright/test';
import request from 'supertest';
import { createRosterApp } from '../../mocks/roster/app.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
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
type Headers = Record<string, string>;

/** Creates a user with title "Nurse" and returns the 201 response. */
async function createUser(roster: Roster, userName = 'ada@example.test') {
  const response = await roster.agent
    .post(`${roster.base}/Users`)
    .set(roster.auth)
    .send({ schemas: [USER_URN], userName, title: 'Nurse' });
  expect(response.status, `create status of ${userName}`).toBe(201);
  return response;
}

async function createGroup(roster: Roster, displayName: string, memberIds: string[]) {
  const response = await roster.agent
    .post(`${roster.base}/Groups`)
    .set(roster.auth)
    .send({ schemas: [GROUP_URN], displayName, members: memberIds.map((value) => ({ value })) });
  expect(response.status, `create status of group ${displayName}`).toBe(201);
  return response;
}

function readResource(roster: Roster, path: string, headers: Headers = {}) {
  return roster.agent.get(`${roster.base}${path}`).set(roster.auth).set(headers);
}

function replaceUser(roster: Roster, id: string, title: string, headers: Headers = {}) {
  return roster.agent
    .put(`${roster.base}/Users/${id}`)
    .set(roster.auth)
    .set(headers)
    .send({ schemas: [USER_URN], userName: 'ada@example.test', title });
}

function patchUser(roster: Roster, id: string, title: string, headers: Headers = {}) {
  return roster.agent
    .patch(`${roster.base}/Users/${id}`)
    .set(roster.auth)
    .set(headers)
    .send({ schemas: [PATCH_URN], Operations: [{ op: 'replace', path: 'title', value: title }] });
}

function deleteUser(roster: Roster, id: string, headers: Headers = {}) {
  return roster.agent.delete(`${roster.base}/Users/${id}`).set(roster.auth).set(headers);
}

/** Creates a user and changes it once, so that its first version is stale. */
async function createChangedUser(roster: Roster) {
  const created = await createUser(roster);
  const staleVersion: string = created.body.meta.version;
  const changed = await replaceUser(roster, created.body.id, 'Surgeon');
  expect(changed.status, 'status of the PUT that makes the first version stale').toBe(200);
  return { id: created.body.id as string, staleVersion, currentVersion: changed.body.meta.version as string };
}

/** Asserts a 412 SCIM error response. */
function expectPreconditionFailed(response: request.Response, requestName: string) {
  expect(response.status, `HTTP status of ${requestName}`).toBe(412);
  expect(response.body.schemas, `error schemas of ${requestName}`).toEqual([ERROR_URN]);
  expect(response.body.status, `error status of ${requestName}`).toBe('412');
}

test('create ETag equals meta.version', async () => {
  const roster = startRoster();

  const created = await createUser(roster);

  expect(created.headers.etag, 'ETag header').toBeDefined();
  expect(created.headers.etag, 'ETag header').toBe(created.body.meta.version);
});

test('GET ETag equals meta.version', async () => {
  const roster = startRoster();
  const created = await createUser(roster);

  const read = await readResource(roster, `/Users/${created.body.id}`);

  expect(read.status, 'GET status').toBe(200);
  expect(read.headers.etag, 'ETag header').toBeDefined();
  expect(read.headers.etag, 'ETag header').toBe(read.body.meta.version);
});

test('PUT ETag equals meta.version', async () => {
  const roster = startRoster();
  const created = await createUser(roster);

  const replaced = await replaceUser(roster, created.body.id, 'Surgeon');

  expect(replaced.status, 'PUT status').toBe(200);
  expect(replaced.headers.etag, 'ETag header').toBeDefined();
  expect(replaced.headers.etag, 'ETag header').toBe(replaced.body.meta.version);
});

test('PATCH ETag equals meta.version', async () => {
  const roster = startRoster();
  const created = await createUser(roster);

  const patched = await patchUser(roster, created.body.id, 'Surgeon');

  expect(patched.status, 'PATCH status').toBe(200);
  expect(patched.headers.etag, 'ETag header').toBeDefined();
  expect(patched.headers.etag, 'ETag header').toBe(patched.body.meta.version);
});

test('group ETags equal meta.version', async () => {
  const roster = startRoster();
  const user = await createUser(roster);
  const second = await createUser(roster, 'bob@example.test');

  const created = await createGroup(roster, 'Radiology', [user.body.id]);
  const patched = await roster.agent
    .patch(`${roster.base}/Groups/${created.body.id}`)
    .set(roster.auth)
    .send({ schemas: [PATCH_URN], Operations: [{ op: 'add', path: 'members', value: [{ value: second.body.id }] }] });
  const read = await readResource(roster, `/Groups/${created.body.id}`);

  expect(created.headers.etag, 'ETag header of the group create').toBe(created.body.meta.version);
  expect(patched.status, 'group PATCH status').toBe(204);
  expect(patched.headers.etag, 'ETag header of the group PATCH').toBe(read.body.meta.version);
  expect(read.headers.etag, 'ETag header of the group GET').toBe(read.body.meta.version);
});

test('PUT changes the version', async () => {
  const roster = startRoster();
  const created = await createUser(roster);

  const replaced = await replaceUser(roster, created.body.id, 'Surgeon');

  expect(replaced.body.meta.version, 'meta.version after PUT').not.toBe(created.body.meta.version);
  expect(replaced.headers.etag, 'ETag header after PUT').not.toBe(created.headers.etag);
});

test('PATCH changes the version', async () => {
  const roster = startRoster();
  const created = await createUser(roster);

  const patched = await patchUser(roster, created.body.id, 'Surgeon');

  expect(patched.body.meta.version, 'meta.version after PATCH').not.toBe(created.body.meta.version);
  expect(patched.headers.etag, 'ETag header after PATCH').not.toBe(created.headers.etag);
});

test('member deletion changes group version', async () => {
  const roster = startRoster();
  const ada = await createUser(roster);
  const bob = await createUser(roster, 'bob@example.test');
  const group = await createGroup(roster, 'Radiology', [ada.body.id, bob.body.id]);

  const deleted = await deleteUser(roster, ada.body.id);
  const read = await readResource(roster, `/Groups/${group.body.id}`);

  expect(deleted.status, 'DELETE status of the member').toBe(204);
  expect(read.body.members?.length, 'members left in the group').toBe(1);
  expect(read.body.meta.version, 'group meta.version after the member was deleted').not.toBe(group.body.meta.version);
  expect(read.headers.etag, 'group ETag after the member was deleted').toBe(read.body.meta.version);
});

test('membership change changes user version', async () => {
  const roster = startRoster();
  const created = await createUser(roster);

  await createGroup(roster, 'Radiology', [created.body.id]);
  const ifNoneMatch = { 'If-None-Match': created.headers.etag };
  const conditional = await readResource(roster, `/Users/${created.body.id}`, ifNoneMatch);

  // The cached representation has no "groups", so a 304 would tell the client to keep stale data.
  expect(conditional.status, 'conditional GET status after the user joined a group').toBe(200);
  expect(conditional.body.groups?.length, 'groups of the user').toBe(1);
  const version = conditional.body.meta?.version;
  expect(version, 'meta.version after the user joined a group').not.toBe(created.body.meta.version);
});

test('stale If-Match PUT returns 412', async () => {
  const roster = startRoster();
  const { id, staleVersion, currentVersion } = await createChangedUser(roster);

  const response = await replaceUser(roster, id, 'Porter', { 'If-Match': staleVersion });
  const read = await readResource(roster, `/Users/${id}`);

  expectPreconditionFailed(response, 'PUT with a stale If-Match');
  expect(read.body.title, 'title after the rejected PUT').toBe('Surgeon');
  expect(read.body.meta.version, 'meta.version after the rejected PUT').toBe(currentVersion);
});

test('stale If-Match PATCH returns 412', async () => {
  const roster = startRoster();
  const { id, staleVersion, currentVersion } = await createChangedUser(roster);

  const response = await patchUser(roster, id, 'Porter', { 'If-Match': staleVersion });
  const read = await readResource(roster, `/Users/${id}`);

  expectPreconditionFailed(response, 'PATCH with a stale If-Match');
  expect(read.body.title, 'title after the rejected PATCH').toBe('Surgeon');
  expect(read.body.meta.version, 'meta.version after the rejected PATCH').toBe(currentVersion);
});

test('stale If-Match DELETE returns 412', async () => {
  const roster = startRoster();
  const { id, staleVersion, currentVersion } = await createChangedUser(roster);

  const response = await deleteUser(roster, id, { 'If-Match': staleVersion });
  const read = await readResource(roster, `/Users/${id}`);

  expectPreconditionFailed(response, 'DELETE with a stale If-Match');
  expect(read.status, 'GET status after the rejected DELETE').toBe(200);
  expect(read.body.meta.version, 'meta.version after the rejected DELETE').toBe(currentVersion);
});

// If-Match values a client may send for the current version W/"n", keyed by form.
const IF_MATCH_FORMS: Record<string, (version: string) => string> = {
  weak: (version) => version,
  bare: (version) => version.replace(/^W\//, ''),
  star: () => '*',
};

for (const [form, ifMatch] of Object.entries(IF_MATCH_FORMS)) {
  test(`${form} If-Match PUT succeeds`, async () => {
    const roster = startRoster();
    const created = await createUser(roster);
    const header = ifMatch(created.body.meta.version);

    const response = await replaceUser(roster, created.body.id, 'Surgeon', { 'If-Match': header });

    expect(response.status, `PUT status with If-Match ${header}`).toBe(200);
    expect(response.body.title, 'title after PUT').toBe('Surgeon');
  });

  test(`${form} If-Match PATCH succeeds`, async () => {
    const roster = startRoster();
    const created = await createUser(roster);
    const header = ifMatch(created.body.meta.version);

    const response = await patchUser(roster, created.body.id, 'Surgeon', { 'If-Match': header });

    expect(response.status, `PATCH status with If-Match ${header}`).toBe(200);
    expect(response.body.title, 'title after PATCH').toBe('Surgeon');
  });

  test(`${form} If-Match DELETE succeeds`, async () => {
    const roster = startRoster();
    const created = await createUser(roster);
    const header = ifMatch(created.body.meta.version);

    const response = await deleteUser(roster, created.body.id, { 'If-Match': header });
    const read = await readResource(roster, `/Users/${created.body.id}`);

    expect(response.status, `DELETE status with If-Match ${header}`).toBe(204);
    expect(read.status, 'GET status after DELETE').toBe(404);
  });
}

test('matching If-None-Match returns 304', async () => {
  const roster = startRoster();
  const created = await createUser(roster);

  const response = await readResource(roster, `/Users/${created.body.id}`, { 'If-None-Match': created.headers.etag });

  expect(response.status, 'GET status').toBe(304);
  expect(response.text ?? '', 'response body').toBe('');
  expect(response.headers.etag, 'ETag header').toBe(created.headers.etag);
});

test('stale If-None-Match returns 200', async () => {
  const roster = startRoster();
  const { id, staleVersion, currentVersion } = await createChangedUser(roster);

  const response = await readResource(roster, `/Users/${id}`, { 'If-None-Match': staleVersion });

  expect(response.status, 'GET status').toBe(200);
  expect(response.body.title, 'title').toBe('Surgeon');
  expect(response.headers.etag, 'ETag header').toBe(currentVersion);
});
