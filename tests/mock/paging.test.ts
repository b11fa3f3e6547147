// Paging (startIndex, count) and projection (attributes, excludedAttributes) of the mock
// roster's list and read responses (RFC 7644 §3.4.2.4 and §3.4.2.5).

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

/** Creates `count` users named user1@example.test and up, and returns their ids in order. */
async function createUsers(roster: Roster, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    const response = await roster.agent
      .post(`${roster.base}/Users`)
      .set(roster.auth)
      .send({ schemas: [USER_URN], userName: `user${index}@example.test`, displayName: `User ${index}` });
    expect(response.status, `create status of user ${index}`).toBe(201);
    ids.push(response.body.id);
  }
  return ids;
}

/** Creates a group with the given members and returns its id. */
async function createGroupWithMembers(roster: Roster, displayName: string, memberIds: string[]): Promise<string> {
  const created = await roster.agent
    .post(`${roster.base}/Groups`)
    .set(roster.auth)
    .send({ schemas: [GROUP_URN], displayName });
  expect(created.status, `create status of group ${displayName}`).toBe(201);
  const patched = await roster.agent
    .patch(`${roster.base}/Groups/${created.body.id}`)
    .set(roster.auth)
    .send({
      schemas: [PATCH_URN],
      Operations: [{ op: 'Add', path: 'members', value: memberIds.map((value) => ({ value })) }],
    });
  expect(patched.status, `member PATCH status of group ${displayName}`).toBe(204);
  return created.body.id;
}

test('startIndex and count select page', async () => {
  const roster = startRoster();
  await createUsers(roster, 5);

  const response = await roster.agent.get(`${roster.base}/Users`).query({ startIndex: 2, count: 2 }).set(roster.auth);

  expect(response.status, 'HTTP status').toBe(200);
  expect(response.body.totalResults, 'totalResults').toBe(5);
  expect(response.body.startIndex, 'startIndex').toBe(2);
  expect(response.body.itemsPerPage, 'itemsPerPage').toBe(2);
  expect(response.body.Resources.length, 'Resources on the page').toBe(2);
});

test('pages cover every user once', async () => {
  const roster = startRoster();
  const ids = await createUsers(roster, 5);
  const seen: string[] = [];

  for (let startIndex = 1; startIndex <= 5; startIndex += 2) {
    const response = await roster.agent.get(`${roster.base}/Users`).query({ startIndex, count: 2 }).set(roster.auth);

    expect(response.body.totalResults, `totalResults at startIndex ${startIndex}`).toBe(5);
    expect(response.body.itemsPerPage, `itemsPerPage at startIndex ${startIndex}`).toBe(response.body.Resources.length);
    seen.push(...response.body.Resources.map((user: { id: string }) => user.id));
  }

  expect([...seen].sort(), 'ids over all pages').toEqual([...ids].sort());
});

test('count=0 returns only totalResults', async () => {
  const roster = startRoster();
  await createUsers(roster, 3);

  const response = await roster.agent.get(`${roster.base}/Users`).query({ count: 0 }).set(roster.auth);

  expect(response.status, 'HTTP status').toBe(200);
  expect(response.body.totalResults, 'totalResults').toBe(3);
  expect(response.body.itemsPerPage, 'itemsPerPage').toBe(0);
  expect(response.body.Resources ?? [], 'Resources').toEqual([]);
});

test('non-integer count returns 400', async () => {
  const roster = startRoster();

  for (const count of ['ten', '1.5']) {
    const response = await roster.agent.get(`${roster.base}/Users`).query({ count }).set(roster.auth);

    expect(response.status, `HTTP status of count=${count}`).toBe(400);
    expect(response.body.schemas, `error schemas of count=${count}`).toEqual([ERROR_URN]);
    expect(response.body.status, `error status of count=${count}`).toBe('400');
  }
});

test('attributes=userName projects user', async () => {
  const roster = startRoster();
  const [id] = await createUsers(roster, 1);

  const single = await roster.agent
    .get(`${roster.base}/Users/${id}`)
    .query({ attributes: 'userName' })
    .set(roster.auth);
  const list = await roster.agent.get(`${roster.base}/Users`).query({ attributes: 'userName' }).set(roster.auth);

  const expected = { schemas: [USER_URN], id, userName: 'user1@example.test' };
  expect(single.status, 'GET by id status').toBe(200);
  expect(single.body, 'GET by id with attributes=userName').toEqual(expected);
  expect(list.body.Resources, 'list with attributes=userName').toEqual([expected]);
});

test('excludedAttributes=members on group read', async () => {
  const roster = startRoster();
  const memberIds = await createUsers(roster, 2);
  const groupId = await createGroupWithMembers(roster, 'Radiology', memberIds);

  const full = await roster.agent.get(`${roster.base}/Groups/${groupId}`).set(roster.auth);
  const trimmed = await roster.agent
    .get(`${roster.base}/Groups/${groupId}`)
    .query({ excludedAttributes: 'members' })
    .set(roster.auth);

  expect(full.body.members?.length, 'members without excludedAttributes').toBe(2);
  expect(trimmed.status, 'HTTP status').toBe(200);
  expect(trimmed.body.members, 'members with excludedAttributes=members').toBeUndefined();
  expect(trimmed.body.id, 'id').toBe(groupId);
  expect(trimmed.body.displayName, 'displayName').toBe('Radiology');
});

test('excludedAttributes=members on filtered list', async () => {
  const roster = startRoster();
  const memberIds = await createUsers(roster, 2);
  const groupId = await createGroupWithMembers(roster, 'Radiology', memberIds);

  const response = await roster.agent
    .get(`${roster.base}/Groups`)
    .query({ filter: 'displayName eq "Radiology"', excludedAttributes: 'members' })
    .set(roster.auth);

  expect(response.status, 'HTTP status').toBe(200);
  expect(response.body.totalResults, 'totalResults').toBe(1);
  expect(response.body.Resources[0].id, 'id of the listed group').toBe(groupId);
  expect(response.body.Resources[0].members, 'members of the listed group').toBeUndefined();
});
