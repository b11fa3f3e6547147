// Fault switches of the mock roster: a realm with a fault shows exactly that deviation, while a
// realm without it on the same app keeps the correct behaviour.

import { expect, test } from '@playwright/test';
import request from 'supertest';
import { createRosterApp } from '../../mocks/roster/app.js';
import type { FaultName } from '../../mocks/roster/faults.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** Starts one app with a clean realm and a realm with `fault`, and returns a client for each. */
function startRosters(fault: FaultName) {
  const app = createRosterApp({
    realms: [
      { id: 'clean', token: 'token-clean' },
      { id: 'faulty', token: 'token-faulty', faults: [fault] },
    ],
  });
  const agent = request(app.handle);
  return {
    clean: { agent, base: '/scim/v1/Realms/clean', auth: { Authorization: 'Bearer token-clean' } },
    faulty: { agent, base: '/scim/v1/Realms/faulty', auth: { Authorization: 'Bearer token-faulty' } },
  };
}

type RealmClient = ReturnType<typeof startRosters>['clean'];

async function createUser(realm: RealmClient, userName: string): Promise<string> {
  const response = await realm.agent
    .post(`${realm.base}/Users`)
    .set(realm.auth)
    .send({ schemas: [USER_URN], userName });
  expect(response.status, `create status of ${userName} in ${realm.base}`).toBe(201);
  return response.body.id;
}

/** Creates a group with the given members and returns its id. */
async function createGroup(realm: RealmClient, displayName: string, memberIds: string[]): Promise<string> {
  const response = await realm.agent
    .post(`${realm.base}/Groups`)
    .set(realm.auth)
    .send({ schemas: [GROUP_URN], displayName, members: memberIds.map((value) => ({ value })) });
  expect(response.status, `create status of group ${displayName} in ${realm.base}`).toBe(201);
  return response.body.id;
}

async function removeMembers(realm: RealmClient, groupId: string, operation: Record<string, unknown>) {
  const response = await realm.agent
    .patch(`${realm.base}/Groups/${groupId}`)
    .set(realm.auth)
    .send({ schemas: [PATCH_URN], Operations: [operation] });
  expect(response.status, `member PATCH status in ${realm.base}`).toBe(204);
}

async function memberIds(realm: RealmClient, groupId: string): Promise<string[]> {
  const response = await realm.agent.get(`${realm.base}/Groups/${groupId}`).set(realm.auth);
  return ((response.body.members ?? []) as { value: string }[]).map((member) => member.value).sort();
}

async function countMatches(realm: RealmClient, filter: string): Promise<number> {
  const response = await realm.agent.get(`${realm.base}/Users`).query({ filter }).set(realm.auth);
  expect(response.status, `HTTP status of ${filter} in ${realm.base}`).toBe(200);
  return response.body.totalResults;
}

test('filter-case-sensitive misses case variants', async () => {
  const { clean, faulty } = startRosters('filter-case-sensitive');
  for (const realm of [clean, faulty]) await createUser(realm, 'Ada.Young@example.test');
  const caseVariant = 'userName eq "ada.young@example.test"';
  const exactCase = 'userName eq "Ada.Young@example.test"';

  const cleanVariantMatches = await countMatches(clean, caseVariant);
  const faultyVariantMatches = await countMatches(faulty, caseVariant);
  const cleanExactMatches = await countMatches(clean, exactCase);
  const faultyExactMatches = await countMatches(faulty, exactCase);
  const duplicate = await faulty.agent
    .post(`${faulty.base}/Users`)
    .set(faulty.auth)
    .send({ schemas: [USER_URN], userName: 'ADA.YOUNG@example.test' });

  expect(cleanVariantMatches, 'clean realm: matches of the case variant').toBe(1);
  expect(faultyVariantMatches, 'faulty realm: matches of the case variant').toBe(0);
  expect(cleanExactMatches, 'clean realm: matches of the exact case').toBe(1);
  expect(faultyExactMatches, 'faulty realm: matches of the exact case').toBe(1);
  expect(duplicate.status, 'faulty realm: create status of a case-variant duplicate').toBe(409);
});

test('member-remove-clears-all empties group', async () => {
  const { clean, faulty } = startRosters('member-remove-clears-all');
  const groups = [];
  for (const realm of [clean, faulty]) {
    const first = await createUser(realm, 'first@example.test');
    const second = await createUser(realm, 'second@example.test');
    const byValueArray = await createGroup(realm, 'Value array', [first, second]);
    const byFilter = await createGroup(realm, 'Filter path', [first, second]);
    groups.push({ realm, first, second, byValueArray, byFilter });
  }

  for (const { realm, first, second, byValueArray, byFilter } of groups) {
    await removeMembers(realm, byValueArray, { op: 'Remove', path: 'members', value: [{ value: first }] });
    await removeMembers(realm, byFilter, { op: 'remove', path: `members[value eq "${second}"]` });
  }

  const [cleanGroups, faultyGroups] = groups;
  const cleanAfterValueArray = await memberIds(clean, cleanGroups.byValueArray);
  const faultyAfterValueArray = await memberIds(faulty, faultyGroups.byValueArray);
  const cleanAfterFilter = await memberIds(clean, cleanGroups.byFilter);
  const faultyAfterFilter = await memberIds(faulty, faultyGroups.byFilter);

  expect(cleanAfterValueArray, 'clean realm: members after value-array removal').toEqual([cleanGroups.second]);
  expect(faultyAfterValueArray, 'faulty realm: members after value-array removal').toEqual([]);
  expect(cleanAfterFilter, 'clean realm: members after filter removal').toEqual([cleanGroups.first]);
  expect(faultyAfterFilter, 'faulty realm: members after filter removal').toEqual([faultyGroups.first]);
});

test('error-status-number sends numeric status', async () => {
  const { clean, faulty } = startRosters('error-status-number');

  const cleanError = await clean.agent.get(`${clean.base}/Users/no-such-id`).set(clean.auth);
  const faultyError = await faulty.agent.get(`${faulty.base}/Users/no-such-id`).set(faulty.auth);
  const faultyList = await faulty.agent.get(`${faulty.base}/Users`).set(faulty.auth);

  expect(cleanError.status, 'clean realm: HTTP status').toBe(404);
  expect(faultyError.status, 'faulty realm: HTTP status').toBe(404);
  expect(cleanError.body.status, 'clean realm: error status').toBe('404');
  expect(faultyError.body.status, 'faulty realm: error status').toBe(404);
  expect(faultyError.body.schemas, 'faulty realm: error schemas').toEqual([ERROR_URN]);
  expect(faultyList.status, 'faulty realm: list status').toBe(200);
});

test('create-status-200 returns 200', async () => {
  const { clean, faulty } = startRosters('create-status-200');
  const body = { schemas: [USER_URN], userName: 'ada@example.test' };

  const cleanCreate = await clean.agent.post(`${clean.base}/Users`).set(clean.auth).send(body);
  const faultyCreate = await faulty.agent.post(`${faulty.base}/Users`).set(faulty.auth).send(body);
  const faultyRead = await faulty.agent.get(`${faulty.base}/Users/${faultyCreate.body.id}`).set(faulty.auth);

  expect(cleanCreate.status, 'clean realm: create status').toBe(201);
  expect(faultyCreate.status, 'faulty realm: create status').toBe(200);
  expect(faultyCreate.headers.location, 'faulty realm: Location header').toBe(faultyCreate.body.meta.location);
  expect(faultyCreate.body.userName, 'faulty realm: userName in the create response').toBe('ada@example.test');
  expect(faultyRead.status, 'faulty realm: GET status of the created user').toBe(200);
});
