// Malformed, oversized and unexpected requests to the mock roster. The tests check that errors
// are 4xx SCIM errors whose "status" is the HTTP status as a string, and that no request gets a 5xx.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { expect, test } from '@playwright/test';
import request from 'supertest';
import { createRosterApp } from '../../mocks/roster/app.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';

/**
 * Starts an app with one realm. `contentTypes` records the Content-Type header of every request
 * the app receives, so a test can confirm what the client sent.
 */
function startRoster(options: { maxBodyBytes?: number } = {}) {
  const app = createRosterApp({ ...options, realms: [{ id: 'realm-a', token: 'token-a' }] });
  const contentTypes: (string | undefined)[] = [];
  const handle = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    contentTypes.push(incoming.headers['content-type']);
    app.handle(incoming, outgoing);
  };
  return {
    agent: request(handle),
    base: '/scim/v1/Realms/realm-a',
    auth: { Authorization: 'Bearer token-a' },
    contentTypes,
  };
}

type Roster = ReturnType<typeof startRoster>;

/** Creates a user and a group and returns a client with their ids. */
async function startSeededRoster() {
  const roster = startRoster();
  const user = await roster.agent
    .post(`${roster.base}/Users`)
    .set(roster.auth)
    .send({ schemas: [USER_URN], userName: 'ada@example.test', emails: [{ type: 'work', value: 'ada@example.test' }] });
  expect(user.status, 'create status of the user').toBe(201);
  const group = await roster.agent
    .post(`${roster.base}/Groups`)
    .set(roster.auth)
    .send({ schemas: [GROUP_URN], displayName: 'Radiology', members: [{ value: user.body.id }] });
  expect(group.status, 'create status of the group').toBe(201);
  return { ...roster, userId: user.body.id as string, groupId: group.body.id as string };
}

type SeededRoster = Awaited<ReturnType<typeof startSeededRoster>>;

/** Sends a raw body with a JSON Content-Type, bypassing the client's serializer. */
function postRaw(roster: Roster, path: string, body: string) {
  return roster.agent
    .post(`${roster.base}${path}`)
    .set(roster.auth)
    .set('Content-Type', SCIM_MEDIA_TYPE)
    .send(body);
}

function getWithQuery(roster: Roster, path: string, query: Record<string, string | number>) {
  return roster.agent.get(`${roster.base}${path}`).query(query).set(roster.auth);
}

function postJson(roster: Roster, path: string, body: Record<string, unknown>) {
  return roster.agent.post(`${roster.base}${path}`).set(roster.auth).send(body);
}

function patchOperations(roster: Roster, path: string, operations: unknown[]) {
  return roster.agent
    .patch(`${roster.base}${path}`)
    .set(roster.auth)
    .send({ schemas: [PATCH_URN], Operations: operations });
}

/** Asserts that a response is a SCIM error whose "status" repeats the HTTP status. */
function expectScimError(response: request.Response, requestName: string) {
  expect(response.headers['content-type'], `Content-Type of ${requestName}`).toBe(SCIM_MEDIA_TYPE);
  expect(response.body.schemas, `error schemas of ${requestName}`).toEqual([ERROR_URN]);
  expect(response.body.status, `error status of ${requestName}`).toBe(String(response.status));
}

test('malformed JSON returns 400', async () => {
  const roster = startRoster();

  const response = await postRaw(roster, '/Users', `{"schemas": ["${USER_URN}"], "userName": `);

  expect(response.status, 'HTTP status').toBe(400);
  expectScimError(response, 'the malformed JSON response');
  expect(response.body.scimType, 'scimType').toBe('invalidSyntax');
});

test('oversized body returns 413', async () => {
  const roster = startRoster({ maxBodyBytes: 1024 });

  const response = await roster.agent
    .post(`${roster.base}/Users`)
    .set(roster.auth)
    .send({ schemas: [USER_URN], userName: 'ada@example.test', title: 'x'.repeat(4096) });

  expect(response.status, 'HTTP status').toBe(413);
  expectScimError(response, 'the oversized body response');
});

test('body under limit accepted', async () => {
  const roster = startRoster({ maxBodyBytes: 1024 });

  const response = await roster.agent
    .post(`${roster.base}/Users`)
    .set(roster.auth)
    .send({ schemas: [USER_URN], userName: 'ada@example.test', title: 'x'.repeat(512) });

  expect(response.status, 'HTTP status').toBe(201);
});

const NON_OBJECT_BODIES: { name: string; body: string }[] = [
  { name: 'JSON array', body: JSON.stringify([{ schemas: [USER_URN], userName: 'ada@example.test' }]) },
  { name: 'JSON string', body: JSON.stringify('ada@example.test') },
  { name: 'JSON number', body: '42' },
  { name: 'JSON null', body: 'null' },
];

for (const { name, body } of NON_OBJECT_BODIES) {
  test(`${name} body rejected`, async () => {
    const roster = await startSeededRoster();

    const created = await postRaw(roster, '/Users', body);
    const patched = await roster.agent
      .patch(`${roster.base}/Users/${roster.userId}`)
      .set(roster.auth)
      .set('Content-Type', SCIM_MEDIA_TYPE)
      .send(body);

    expect(created.status, `POST status with a ${name} body`).toBe(400);
    expectScimError(created, `POST with a ${name} body`);
    expect(patched.status, `PATCH status with a ${name} body`).toBe(400);
    expectScimError(patched, `PATCH with a ${name} body`);
  });
}

for (const contentType of ['application/json', SCIM_MEDIA_TYPE]) {
  test(`Content-Type ${contentType} accepted`, async () => {
    const roster = startRoster();

    const response = await roster.agent
      .post(`${roster.base}/Users`)
      .set(roster.auth)
      .set('Content-Type', contentType)
      .send(JSON.stringify({ schemas: [USER_URN], userName: 'ada@example.test' }));

    expect(roster.contentTypes, 'Content-Type the app received').toEqual([contentType]);
    expect(response.status, 'HTTP status').toBe(201);
    expect(response.body.userName, 'userName').toBe('ada@example.test');
  });
}

test('missing Content-Type accepted', async () => {
  const roster = startRoster();

  // write() sends the body without the Content-Type that send() would add.
  const pending = roster.agent.post(`${roster.base}/Users`).set(roster.auth);
  pending.write(JSON.stringify({ schemas: [USER_URN], userName: 'ada@example.test' }));
  const response = await pending;

  expect(roster.contentTypes, 'Content-Type the app received').toEqual([undefined]);
  expect(response.status, 'HTTP status').toBe(201);
  expect(response.body.userName, 'userName').toBe('ada@example.test');
});

const UNKNOWN_PATHS: { name: string; path: string }[] = [
  { name: 'unknown collection', path: '/Widgets' },
  { name: 'path below a user', path: '/Users/some-id/emails' },
  { name: 'realm root', path: '' },
];

for (const { name, path } of UNKNOWN_PATHS) {
  test(`${name} returns 404`, async () => {
    const roster = startRoster();

    const response = await roster.agent.get(`${roster.base}${path}`).set(roster.auth);

    expect(response.status, 'HTTP status').toBe(404);
    expectScimError(response, `GET ${path}`);
  });
}

type UnsupportedMethod = { method: 'post' | 'delete' | 'put' | 'patch'; target: 'user' | 'collection'; allow: string };

const UNSUPPORTED_METHODS: UnsupportedMethod[] = [
  { method: 'post', target: 'user', allow: 'GET, PUT, PATCH, DELETE' },
  { method: 'delete', target: 'collection', allow: 'GET, POST' },
  { method: 'put', target: 'collection', allow: 'GET, POST' },
  { method: 'patch', target: 'collection', allow: 'GET, POST' },
];

for (const { method, target, allow } of UNSUPPORTED_METHODS) {
  test(`${method.toUpperCase()} on ${target} returns 405`, async () => {
    const roster = await startSeededRoster();
    const path = target === 'user' ? `/Users/${roster.userId}` : '/Users';

    const response = await roster.agent[method](`${roster.base}${path}`)
      .set(roster.auth)
      .send({ schemas: [USER_URN], userName: 'other@example.test' });

    expect(response.status, 'HTTP status').toBe(405);
    expect(response.headers.allow, 'Allow header').toBe(allow);
    expectScimError(response, `${method.toUpperCase()} ${path}`);
  });
}

type SendRequest = (roster: SeededRoster) => PromiseLike<request.Response>;

// Requests that each produce one kind of error. Every error body must have the SCIM error form.
const ERROR_REQUESTS: { name: string; status: number; send: SendRequest }[] = [
  { name: 'invalid filter', status: 400, send: (r) => getWithQuery(r, '/Users', { filter: 'userName eq' }) },
  {
    name: 'invalid PATCH path',
    status: 400,
    send: (r) => patchOperations(r, `/Users/${r.userId}`, [{ op: 'add', path: 'emails[', value: 'x' }]),
  },
  { name: 'missing token', status: 401, send: (r) => r.agent.get(`${r.base}/Users`) },
  { name: 'unknown user', status: 404, send: (r) => r.agent.get(`${r.base}/Users/no-such-id`).set(r.auth) },
  { name: 'unknown group', status: 404, send: (r) => r.agent.delete(`${r.base}/Groups/no-such-id`).set(r.auth) },
  {
    name: 'duplicate group',
    status: 409,
    send: (r) => postJson(r, '/Groups', { schemas: [GROUP_URN], displayName: 'radiology' }),
  },
];

for (const { name, status, send } of ERROR_REQUESTS) {
  test(`${name} error body form`, async () => {
    const roster = await startSeededRoster();

    const response = await send(roster);

    expect(response.status, 'HTTP status').toBe(status);
    expectScimError(response, name);
    expect(typeof response.body.detail, 'type of detail').toBe('string');
  });
}

// Unusual but well-formed requests. The mock must return a 2xx or 4xx status for each.
const ODD_REQUESTS: { name: string; send: SendRequest }[] = [
  { name: 'huge startIndex', send: (r) => getWithQuery(r, '/Users', { startIndex: '99999999999999999999' }) },
  { name: 'negative count', send: (r) => getWithQuery(r, '/Users', { count: -5 }) },
  { name: 'blank filter', send: (r) => getWithQuery(r, '/Users', { filter: '   ' }) },
  { name: 'invalid attribute list', send: (r) => getWithQuery(r, '/Users', { attributes: 'user name,@' }) },
  { name: 'value filter on Groups', send: (r) => getWithQuery(r, '/Groups', { filter: 'emails[type eq "work"]' }) },
  { name: 'dateTime compared to number', send: (r) => getWithQuery(r, '/Users', { filter: 'meta.created gt 5' }) },
  { name: 'empty POST body', send: (r) => r.agent.post(`${r.base}/Users`).set(r.auth) },
  {
    name: 'name as a string',
    send: (r) => postJson(r, '/Users', { schemas: [USER_URN], userName: 'odd@example.test', name: 'Odd' }),
  },
  {
    name: 'Operations not an array',
    send: (r) =>
      r.agent
        .patch(`${r.base}/Users/${r.userId}`)
        .set(r.auth)
        .send({ schemas: [PATCH_URN], Operations: {} }),
  },
  { name: 'numeric op', send: (r) => patchOperations(r, `/Users/${r.userId}`, [{ op: 1, path: 'title', value: 'x' }]) },
  {
    name: 'non-string path',
    send: (r) => patchOperations(r, `/Users/${r.userId}`, [{ op: 'add', path: 7, value: 'x' }]),
  },
  {
    // JSON.parse makes "__proto__" an own key, so the client serializes it like any other key.
    name: 'path-less key "__proto__"',
    send: (r) =>
      patchOperations(r, `/Users/${r.userId}`, [{ op: 'add', value: JSON.parse('{"__proto__": {"title": "x"}}') }]),
  },
  {
    name: 'members as null',
    send: (r) => patchOperations(r, `/Groups/${r.groupId}`, [{ op: 'replace', path: 'members', value: null }]),
  },
  {
    name: 'member value null',
    send: (r) => patchOperations(r, `/Groups/${r.groupId}`, [{ op: 'Remove', path: 'members', value: [null] }]),
  },
];

for (const { name, send } of ODD_REQUESTS) {
  test(`no 5xx for ${name}`, async () => {
    const roster = await startSeededRoster();

    const response = await send(roster);

    expect(response.status, 'HTTP status').toBeLessThan(500);
    if (response.status >= 400) expectScimError(response, name);
  });
}

test('malformed escape in id', async () => {
  const roster = await startSeededRoster();

  const response = await roster.agent.get(`${roster.base}/Users/%ZZ`).set(roster.auth);

  expect(response.status, 'HTTP status').toBeGreaterThanOrEqual(400);
  expect(response.status, 'HTTP status').toBeLessThan(500);
  expectScimError(response, 'GET /Users/%ZZ');
});

test('malformed escape in realm id', async () => {
  const roster = startRoster();

  const response = await roster.agent.get('/scim/v1/Realms/%E0%A4%A/Users').set(roster.auth);

  expect(response.status, 'HTTP status').toBeGreaterThanOrEqual(400);
  expect(response.status, 'HTTP status').toBeLessThan(500);
  expectScimError(response, 'GET /scim/v1/Realms/%E0%A4%A/Users');
});

test('null value for emails', async () => {
  const roster = await startSeededRoster();

  const userPath = `/Users/${roster.userId}`;

  const withPath = await patchOperations(roster, userPath, [{ op: 'replace', path: 'emails', value: null }]);
  const pathLess = await patchOperations(roster, userPath, [{ op: 'add', value: { emails: null } }]);

  expect(withPath.status, 'HTTP status of replace emails null').toBeLessThan(500);
  expect(pathLess.status, 'HTTP status of path-less add emails null').toBeLessThan(500);
});

test('null replace of filtered email', async () => {
  const roster = await startSeededRoster();

  const replaced = await patchOperations(roster, `/Users/${roster.userId}`, [
    { op: 'replace', path: 'emails[type eq "work"]', value: null },
  ]);
  const read = await roster.agent.get(`${roster.base}/Users/${roster.userId}`).set(roster.auth);
  const projected = await getWithQuery(roster, '/Users', { attributes: 'emails.value' });
  const patchedAgain = await patchOperations(roster, `/Users/${roster.userId}`, [
    { op: 'add', path: 'emails[type eq "work"].value', value: 'ada@example.test' },
  ]);

  expect(replaced.status, 'HTTP status of the null replace').toBeLessThan(500);
  for (const email of read.body.emails ?? []) {
    expect(typeof email, 'type of each stored email').toBe('object');
    expect(email, 'stored email').not.toBeNull();
  }
  expect(projected.status, 'HTTP status of attributes=emails.value').toBe(200);
  expect(patchedAgain.status, 'HTTP status of the next email PATCH').toBe(200);
});

test('null replace of filtered member', async () => {
  const roster = await startSeededRoster();

  const response = await patchOperations(roster, `/Groups/${roster.groupId}`, [
    { op: 'replace', path: `members[value eq "${roster.userId}"]`, value: null },
  ]);

  expect(response.status, 'HTTP status').toBeLessThan(500);
});

test('deeply nested filter', async () => {
  const roster = await startSeededRoster();
  const depth = 7000;
  const filter = `${'('.repeat(depth)}userName eq "ada@example.test"${')'.repeat(depth)}`;

  // encodeURIComponent leaves parentheses unescaped, so the request line stays under the 16 KiB
  // header limit of Node's HTTP parser. A longer line gets 431 before the filter is parsed.
  const response = await roster.agent
    .get(`${roster.base}/Users?filter=${encodeURIComponent(filter)}`)
    .set(roster.auth);

  expect([200, 400], 'HTTP statuses allowed for the nested filter').toContain(response.status);
});
