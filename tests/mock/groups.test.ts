// Groups and membership on the mock roster, with the member PATCH shapes Entra sends. A group
// PATCH returns 204 without a body, so every check reads the group back.

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
type Operation = { op: string; path?: string; value?: unknown };

/** Creates `count` users and returns their ids in order. */
async function createUsers(roster: Roster, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    const response = await roster.agent
      .post(`${roster.base}/Users`)
      .set(roster.auth)
      .send({ schemas: [USER_URN], userName: `member${index}@example.test` });
    expect(response.status, `create status of member ${index}`).toBe(201);
    ids.push(response.body.id);
  }
  return ids;
}

async function createGroup(roster: Roster, displayName: string): Promise<string> {
  const response = await roster.agent
    .post(`${roster.base}/Groups`)
    .set(roster.auth)
    .send({ schemas: [GROUP_URN], displayName });
  expect(response.status, `create status of group ${displayName}`).toBe(201);
  return response.body.id;
}

async function patchGroup(roster: Roster, id: string, operations: Operation[]) {
  return roster.agent
    .patch(`${roster.base}/Groups/${id}`)
    .set(roster.auth)
    .send({ schemas: [PATCH_URN], Operations: operations });
}

/** Reads a group back and returns the sorted ids of its members. */
async function memberIds(roster: Roster, groupId: string): Promise<string[]> {
  const response = await roster.agent.get(`${roster.base}/Groups/${groupId}`).set(roster.auth);
  expect(response.status, `GET status of group ${groupId}`).toBe(200);
  return ((response.body.members ?? []) as { value: string }[]).map((member) => member.value).sort();
}

/** Creates a group that already contains `ids`, added with Entra's member PATCH. */
async function createGroupWithMembers(roster: Roster, displayName: string, ids: string[]): Promise<string> {
  const groupId = await createGroup(roster, displayName);
  const response = await patchGroup(roster, groupId, [
    { op: 'Add', path: 'members', value: ids.map((value) => ({ value })) },
  ]);
  expect(response.status, `member PATCH status of group ${displayName}`).toBe(204);
  return groupId;
}

test('create empty group returns 201', async () => {
  const { agent, base, auth } = startRoster();

  const response = await agent
    .post(`${base}/Groups`)
    .set(auth)
    .send({ schemas: [GROUP_URN], displayName: 'Radiology' });

  expect(response.status, 'HTTP status').toBe(201);
  expect(typeof response.body.id, 'type of id').toBe('string');
  expect(response.body.displayName, 'displayName').toBe('Radiology');
  expect(response.body.schemas, 'schemas').toEqual([GROUP_URN]);
  expect(response.body.members ?? [], 'members').toEqual([]);
  expect(response.headers.location, 'Location header').toBe(response.body.meta.location);
});

test('add several members at once', async () => {
  const roster = startRoster();
  const [first, second] = await createUsers(roster, 2);
  const groupId = await createGroup(roster, 'Radiology');

  const response = await patchGroup(roster, groupId, [
    { op: 'Add', path: 'members', value: [{ $ref: null, value: first }, { value: second }] },
  ]);
  const group = await roster.agent.get(`${roster.base}/Groups/${groupId}`).set(roster.auth);

  expect(response.status, 'PATCH status').toBe(204);
  expect(response.text, 'PATCH response body').toBe('');
  const ids = group.body.members.map((member: { value: string }) => member.value).sort();
  expect(ids, 'member ids').toEqual([first, second].sort());
  for (const member of group.body.members) {
    expect(member.type, `type of member ${member.value}`).toBe('User');
  }
});

test('remove member by value array', async () => {
  const roster = startRoster();
  const [first, second] = await createUsers(roster, 2);
  const groupId = await createGroupWithMembers(roster, 'Radiology', [first, second]);

  const response = await patchGroup(roster, groupId, [{ op: 'Remove', path: 'members', value: [{ value: first }] }]);

  expect(response.status, 'PATCH status').toBe(204);
  expect(await memberIds(roster, groupId), 'member ids after removing the first').toEqual([second]);
});

test('remove member by filter path', async () => {
  const roster = startRoster();
  const [first, second] = await createUsers(roster, 2);
  const groupId = await createGroupWithMembers(roster, 'Radiology', [first, second]);

  const response = await patchGroup(roster, groupId, [{ op: 'remove', path: `members[value eq "${second}"]` }]);

  expect(response.status, 'PATCH status').toBe(204);
  expect(await memberIds(roster, groupId), 'member ids after removing the second').toEqual([first]);
});

test('replace members with empty list', async () => {
  const roster = startRoster();
  const ids = await createUsers(roster, 2);
  const groupId = await createGroupWithMembers(roster, 'Radiology', ids);

  const response = await patchGroup(roster, groupId, [{ op: 'replace', path: 'members', value: [] }]);

  expect(response.status, 'PATCH status').toBe(204);
  expect(await memberIds(roster, groupId), 'member ids after replace with []').toEqual([]);
});

test('unknown member id rejected', async () => {
  const roster = startRoster();
  const [known] = await createUsers(roster, 1);
  const groupId = await createGroup(roster, 'Radiology');
  const unknown = '00000000-0000-4000-8000-000000000000';

  const response = await patchGroup(roster, groupId, [
    { op: 'Add', path: 'members', value: [{ value: known }, { value: unknown }] },
  ]);

  expect(response.status, 'PATCH status').toBe(400);
  expect(response.body.schemas, 'error schemas').toEqual([ERROR_URN]);
  expect(response.body.scimType, 'scimType').toBe('invalidValue');
  expect(response.body.detail, 'error detail').toContain(unknown);
  expect(response.body.detail, 'error detail').not.toContain(known);
  expect(await memberIds(roster, groupId), 'member ids after the rejected PATCH').toEqual([]);
});

test('deleted user leaves its groups', async () => {
  const roster = startRoster();
  const [leaving, staying] = await createUsers(roster, 2);
  const radiology = await createGroupWithMembers(roster, 'Radiology', [leaving, staying]);
  const nursing = await createGroupWithMembers(roster, 'Nursing', [leaving]);

  const deleted = await roster.agent.delete(`${roster.base}/Users/${leaving}`).set(roster.auth);

  expect(deleted.status, 'DELETE status').toBe(204);
  expect(await memberIds(roster, radiology), 'members of Radiology').toEqual([staying]);
  expect(await memberIds(roster, nursing), 'members of Nursing').toEqual([]);
});

test('user groups lists memberships', async () => {
  const roster = startRoster();
  const [member, outsider] = await createUsers(roster, 2);
  const radiology = await createGroupWithMembers(roster, 'Radiology', [member]);
  const nursing = await createGroupWithMembers(roster, 'Nursing', [member]);
  await createGroupWithMembers(roster, 'Pharmacy', [outsider]);

  const response = await roster.agent.get(`${roster.base}/Users/${member}`).set(roster.auth);

  expect(response.status, 'GET status').toBe(200);
  const groups = response.body.groups as { value: string; display: string }[];
  expect(groups.map((group) => group.value).sort(), 'group ids').toEqual([radiology, nursing].sort());
  expect(groups.map((group) => group.display).sort(), 'group display names').toEqual(['Nursing', 'Radiology']);
});

test('concurrent member adds lose none', async () => {
  const roster = startRoster();
  const ids = await createUsers(roster, 20);
  const groupId = await createGroup(roster, 'Radiology');

  const responses = await Promise.all(
    ids.map((id) => patchGroup(roster, groupId, [{ op: 'Add', path: 'members', value: [{ value: id }] }])),
  );

  expect(responses.map((response) => response.status), 'PATCH statuses').toEqual(ids.map(() => 204));
  expect(await memberIds(roster, groupId), 'member ids').toEqual([...ids].sort());
});

test('deleted group leaves parent groups', async () => {
  const roster = startRoster();
  const [member, later] = await createUsers(roster, 2);
  const child = await createGroupWithMembers(roster, 'Radiology Nurses', [member]);
  const parent = await createGroupWithMembers(roster, 'Radiology', [child, member]);

  const deleted = await roster.agent.delete(`${roster.base}/Groups/${child}`).set(roster.auth);
  const added = await patchGroup(roster, parent, [{ op: 'Add', path: 'members', value: [{ value: later }] }]);

  expect(deleted.status, 'DELETE status').toBe(204);
  expect(added.status, 'PATCH status of the parent after the DELETE').toBe(204);
  expect(await memberIds(roster, parent), 'members of the parent').toEqual([member, later].sort());
});

test('replace of unmatched member returns noTarget', async () => {
  const roster = startRoster();
  const [member, outsider] = await createUsers(roster, 2);
  const groupId = await createGroupWithMembers(roster, 'Radiology', [member]);

  const response = await patchGroup(roster, groupId, [
    { op: 'replace', path: `members[value eq "${outsider}"]`, value: { value: outsider } },
  ]);

  expect(response.status, 'PATCH status').toBe(400);
  expect(response.body.scimType, 'scimType').toBe('noTarget');
  expect(await memberIds(roster, groupId), 'member ids').toEqual([member]);
});

test('member delete changes group version', async () => {
  const roster = startRoster();
  const [member, other] = await createUsers(roster, 2);
  const groupId = await createGroupWithMembers(roster, 'Radiology', [member, other]);
  const before = await roster.agent.get(`${roster.base}/Groups/${groupId}`).set(roster.auth);

  await roster.agent.delete(`${roster.base}/Users/${member}`).set(roster.auth);
  const after = await roster.agent.get(`${roster.base}/Groups/${groupId}`).set(roster.auth);

  expect(after.body.meta.version, 'meta.version after a member was deleted').not.toBe(before.body.meta.version);
  expect(after.headers.etag, 'ETag after a member was deleted').toBe(after.body.meta.version);
});
