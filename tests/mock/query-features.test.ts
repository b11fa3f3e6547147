// Sorting (RFC 7644 §3.4.2.3) and POST .search (RFC 7644 §3.4.3) on the mock roster's
// /Users and /Groups endpoints.

import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from '@playwright/test';
import request from 'supertest';
import { createRosterApp } from '../../mocks/roster/app.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const SEARCH_REQUEST_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const LIST_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
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

/** Creates one user per entry, in order, and returns the ids. */
async function createUsers(roster: Roster, users: Record<string, unknown>[]): Promise<string[]> {
  const ids: string[] = [];
  for (const user of users) {
    const response = await roster.agent
      .post(`${roster.base}/Users`)
      .set(roster.auth)
      .send({ schemas: [USER_URN], ...user });
    expect(response.status, `create status of ${JSON.stringify(user.userName)}`).toBe(201);
    ids.push(response.body.id);
  }
  return ids;
}

/** Lists /Users with the given query and returns the userNames in response order. */
async function listUserNames(roster: Roster, query: Record<string, string | number>): Promise<string[]> {
  const response = await roster.agent.get(`${roster.base}/Users`).query(query).set(roster.auth);
  expect(response.status, `list status with ${JSON.stringify(query)}`).toBe(200);
  return (response.body.Resources as { userName: string }[]).map((user) => user.userName);
}

function search(roster: Roster, endpoint: 'Users' | 'Groups', body: Record<string, unknown>) {
  return roster.agent.post(`${roster.base}/${endpoint}/.search`).set(roster.auth).send(body);
}

/** Asserts a 400 SCIM error response with the given scimType. */
function expectBadRequest(response: request.Response, scimType: string, requestName: string) {
  expect(response.status, `HTTP status of ${requestName}`).toBe(400);
  expect(response.body.schemas, `error schemas of ${requestName}`).toEqual([ERROR_URN]);
  expect(response.body.status, `error status of ${requestName}`).toBe('400');
  expect(response.body.scimType, `scimType of ${requestName}`).toBe(scimType);
}

test('sortBy userName sorts ascending', async () => {
  const roster = startRoster();
  await createUsers(roster, [{ userName: 'carol' }, { userName: 'ada' }, { userName: 'bob' }]);

  const names = await listUserNames(roster, { sortBy: 'userName' });

  expect(names, 'userNames sorted by userName').toEqual(['ada', 'bob', 'carol']);
});

test('sortOrder descending reverses order', async () => {
  const roster = startRoster();
  await createUsers(roster, [{ userName: 'carol' }, { userName: 'ada' }, { userName: 'bob' }]);

  const names = await listUserNames(roster, { sortBy: 'userName', sortOrder: 'descending' });

  expect(names, 'userNames sorted by userName, descending').toEqual(['carol', 'bob', 'ada']);
});

test('userName sort ignores case', async () => {
  const roster = startRoster();
  // In code point order "Bob" comes before "alice"; userName is caseExact=false.
  await createUsers(roster, [{ userName: 'carol' }, { userName: 'Bob' }, { userName: 'alice' }]);

  const names = await listUserNames(roster, { sortBy: 'userName' });

  expect(names, 'userNames sorted by userName').toEqual(['alice', 'Bob', 'carol']);
});

test('sortBy attribute name ignores case', async () => {
  const roster = startRoster();
  await createUsers(roster, [{ userName: 'carol' }, { userName: 'ada' }, { userName: 'bob' }]);

  const names = await listUserNames(roster, { sortBy: 'USERNAME' });

  expect(names, 'userNames sorted by USERNAME').toEqual(['ada', 'bob', 'carol']);
});

test('sortBy meta.created orders by creation', async () => {
  const roster = startRoster();
  // meta.created has millisecond precision, so the pauses keep the three timestamps distinct.
  for (const userName of ['carol', 'ada', 'bob']) {
    await createUsers(roster, [{ userName }]);
    await sleep(5);
  }

  const ascending = await listUserNames(roster, { sortBy: 'meta.created' });
  const descending = await listUserNames(roster, { sortBy: 'meta.created', sortOrder: 'descending' });

  expect(ascending, 'userNames by meta.created, ascending').toEqual(['carol', 'ada', 'bob']);
  expect(descending, 'userNames by meta.created, descending').toEqual(['bob', 'ada', 'carol']);
});

for (const sortOrder of ['ascending', 'descending']) {
  test(`missing title sorts last ${sortOrder}`, async () => {
    const roster = startRoster();
    await createUsers(roster, [
      { userName: 'no-title-1' },
      { userName: 'nurse', title: 'Nurse' },
      { userName: 'no-title-2' },
      { userName: 'surgeon', title: 'Surgeon' },
    ]);

    const names = await listUserNames(roster, { sortBy: 'title', sortOrder });

    const titled = sortOrder === 'ascending' ? ['nurse', 'surgeon'] : ['surgeon', 'nurse'];
    expect(names.slice(0, 2), `users with a title, ${sortOrder}`).toEqual(titled);
    expect(names.slice(2).sort(), 'users without a title').toEqual(['no-title-1', 'no-title-2']);
  });
}

test('multi-valued sort uses primary value', async () => {
  const roster = startRoster();
  // RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its primary value, else its first value.
  await createUsers(roster, [
    {
      userName: 'ada',
      emails: [
        { value: 'zed@home.example.test', type: 'home' },
        { value: 'ada@work.example.test', type: 'work', primary: true },
      ],
    },
    { userName: 'bob', emails: [{ value: 'bob@work.example.test', type: 'work', primary: true }] },
  ]);

  const byEmail = await listUserNames(roster, { sortBy: 'emails' });
  const byEmailValue = await listUserNames(roster, { sortBy: 'emails.value' });

  expect(byEmail, 'userNames sorted by emails').toEqual(['ada', 'bob']);
  expect(byEmailValue, 'userNames sorted by emails.value').toEqual(['ada', 'bob']);
});

test('sortBy groups.display orders by group', async () => {
  const roster = startRoster();
  const [zetaMember, alphaMember] = await createUsers(roster, [{ userName: 'ada' }, { userName: 'bob' }]);
  for (const [displayName, memberId] of [
    ['Zeta', zetaMember],
    ['Alpha', alphaMember],
  ]) {
    const created = await roster.agent
      .post(`${roster.base}/Groups`)
      .set(roster.auth)
      .send({ schemas: [GROUP_URN], displayName, members: [{ value: memberId }] });
    expect(created.status, `create status of group ${displayName}`).toBe(201);
  }

  const names = await listUserNames(roster, { sortBy: 'groups.display' });

  expect(names, 'userNames sorted by the display name of their group').toEqual(['bob', 'ada']);
});

test('sort applies before paging', async () => {
  const roster = startRoster();
  await createUsers(roster, [{ userName: 'dan' }, { userName: 'carol' }, { userName: 'ada' }, { userName: 'bob' }]);

  const names = await listUserNames(roster, { sortBy: 'userName', startIndex: 2, count: 2 });

  expect(names, 'second page of userNames sorted by userName').toEqual(['bob', 'carol']);
});

test('unknown sortBy returns 400', async () => {
  const roster = startRoster();
  await createUsers(roster, [{ userName: 'ada' }]);

  const response = await roster.agent.get(`${roster.base}/Users`).query({ sortBy: 'shoeSize' }).set(roster.auth);

  expectBadRequest(response, 'invalidValue', 'sortBy=shoeSize');
});

test('invalid sortOrder returns 400', async () => {
  const roster = startRoster();
  await createUsers(roster, [{ userName: 'ada' }]);

  const response = await roster.agent
    .get(`${roster.base}/Users`)
    .query({ sortBy: 'userName', sortOrder: 'sideways' })
    .set(roster.auth);

  expectBadRequest(response, 'invalidValue', 'sortOrder=sideways');
});

test('Users .search equals the GET', async () => {
  const roster = startRoster();
  await createUsers(roster, [
    { userName: 'ada', title: 'Nurse' },
    { userName: 'bob', title: 'Nurse' },
    { userName: 'carol', title: 'Surgeon' },
  ]);
  const filter = 'title eq "Nurse"';

  const viaGet = await roster.agent
    .get(`${roster.base}/Users`)
    .query({ filter, startIndex: 1, count: 1, attributes: 'userName,title' })
    .set(roster.auth);
  const viaSearch = await search(roster, 'Users', {
    schemas: [SEARCH_REQUEST_URN],
    filter,
    startIndex: 1,
    count: 1,
    attributes: ['userName', 'title'],
  });

  expect(viaSearch.status, '.search status').toBe(200);
  expect(viaSearch.body.schemas, '.search schemas').toEqual([LIST_RESPONSE_URN]);
  expect(viaSearch.body.totalResults, '.search totalResults').toBe(2);
  expect(viaSearch.body.Resources.length, '.search page length').toBe(1);
  expect(Object.keys(viaSearch.body.Resources[0]).sort(), '.search attribute selection').toEqual([
    'id',
    'schemas',
    'title',
    'userName',
  ]);
  expect(viaSearch.body, '.search body compared with the GET body').toEqual(viaGet.body);
});

test('.search honours sortBy and sortOrder', async () => {
  const roster = startRoster();
  await createUsers(roster, [{ userName: 'carol' }, { userName: 'ada' }, { userName: 'bob' }]);

  const response = await search(roster, 'Users', {
    schemas: [SEARCH_REQUEST_URN],
    sortBy: 'userName',
    sortOrder: 'descending',
  });
  const names = (response.body.Resources as { userName: string }[]).map((user) => user.userName);

  expect(response.status, '.search status').toBe(200);
  expect(names, 'userNames from .search').toEqual(['carol', 'bob', 'ada']);
});

test('Groups .search equals the GET', async () => {
  const roster = startRoster();
  const [memberId] = await createUsers(roster, [{ userName: 'ada' }]);
  for (const displayName of ['Radiology', 'Cardiology']) {
    const created = await roster.agent
      .post(`${roster.base}/Groups`)
      .set(roster.auth)
      .send({ schemas: [GROUP_URN], displayName, members: [{ value: memberId }] });
    expect(created.status, `create status of group ${displayName}`).toBe(201);
  }

  const viaGet = await roster.agent
    .get(`${roster.base}/Groups`)
    .query({ filter: 'displayName eq "radiology"', excludedAttributes: 'members' })
    .set(roster.auth);
  const viaSearch = await search(roster, 'Groups', {
    schemas: [SEARCH_REQUEST_URN],
    filter: 'displayName eq "radiology"',
    excludedAttributes: ['members'],
  });

  expect(viaSearch.status, '.search status').toBe(200);
  expect(viaSearch.body.totalResults, '.search totalResults').toBe(1);
  expect(viaSearch.body.Resources[0].members, 'members of the found group').toBeUndefined();
  expect(viaSearch.body, '.search body compared with the GET body').toEqual(viaGet.body);
});

test('.search without SearchRequest schema returns 400', async () => {
  const roster = startRoster();

  const missing = await search(roster, 'Users', { filter: 'userName eq "ada"' });
  const wrong = await search(roster, 'Users', { schemas: [LIST_RESPONSE_URN], filter: 'userName eq "ada"' });

  expectBadRequest(missing, 'invalidSyntax', '.search without schemas');
  expectBadRequest(wrong, 'invalidSyntax', '.search with the ListResponse schema');
});

test('GET /Users/.search returns 405', async () => {
  const { agent, base, auth } = startRoster();

  const response = await agent.get(`${base}/Users/.search`).set(auth);

  expect(response.status, 'HTTP status').toBe(405);
  expect(response.headers.allow, 'Allow header').toBe('POST');
  expect(response.body.schemas, 'error schemas').toEqual([ERROR_URN]);
  expect(response.body.status, 'error status').toBe('405');
});
