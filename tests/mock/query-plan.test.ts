// How the mock finds resources: Entra's matching queries use an index, other filters scan, and
// the computed "groups" attribute can be filtered on.

import { expect, test } from '@playwright/test';
import request from 'supertest';
import { createRosterApp } from '../../mocks/roster/app.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function startRoster() {
  const app = createRosterApp({ realms: [{ id: 'realm-a', token: 'token-a' }] });
  return {
    realm: app.realm('realm-a')!,
    agent: request(app.handle),
    base: '/scim/v1/Realms/realm-a',
    auth: { Authorization: 'Bearer token-a' },
  };
}

type Roster = ReturnType<typeof startRoster>;

async function createUser(roster: Roster, userName: string, externalId: string): Promise<string> {
  const response = await roster.agent.post(`${roster.base}/Users`).set(roster.auth).send({ schemas: [USER_URN], userName, externalId });
  expect(response.status, `create status of ${userName}`).toBe(201);
  return response.body.id;
}

async function query(roster: Roster, filter: string) {
  return roster.agent.get(`${roster.base}/Users`).query({ filter }).set(roster.auth);
}

test('userName eq uses the index', async () => {
  const roster = startRoster();
  await createUser(roster, 'ada@example.test', 'ada');

  const response = await query(roster, 'userName eq "ADA@example.test"');

  expect(response.body.totalResults, 'totalResults').toBe(1);
  expect(roster.realm.lastQueryPlan, 'query plan').toBe('index');
});

test('externalId eq uses the index', async () => {
  const roster = startRoster();
  await createUser(roster, 'ada@example.test', 'ada');

  const response = await query(roster, 'externalId eq "ada"');

  expect(response.body.totalResults, 'totalResults').toBe(1);
  expect(roster.realm.lastQueryPlan, 'query plan').toBe('index');
});

test('other filters scan', async () => {
  const roster = startRoster();
  await createUser(roster, 'ada@example.test', 'ada');

  const response = await query(roster, 'userName co "ada"');

  expect(response.body.totalResults, 'totalResults').toBe(1);
  expect(roster.realm.lastQueryPlan, 'query plan').toBe('scan');
});

test('filter on computed groups', async () => {
  const roster = startRoster();
  const member = await createUser(roster, 'ada@example.test', 'ada');
  await createUser(roster, 'grace@example.test', 'grace');
  const group = await roster.agent.post(`${roster.base}/Groups`).set(roster.auth).send({ schemas: [GROUP_URN], displayName: 'Nurses' });
  await roster.agent
    .patch(`${roster.base}/Groups/${group.body.id}`)
    .set(roster.auth)
    .send({ schemas: [PATCH_URN], Operations: [{ op: 'add', path: 'members', value: [{ value: member }] }] });

  const response = await query(roster, `groups.value eq "${group.body.id}"`);

  expect(response.status, 'status').toBe(200);
  expect(response.body.Resources.map((user: { id: string }) => user.id), 'users in the group').toEqual([member]);
});
