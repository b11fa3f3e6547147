// PATCH of users on the mock roster (RFC 7644 §3.5.2) with the request shapes Entra sends:
// capitalised op names, string booleans, filtered email paths, path-less values whose keys are
// paths, and the manager as a bare id. A user PATCH returns 200 with the updated user.

import { expect, test } from '@playwright/test';
import request from 'supertest';
import { createRosterApp } from '../../mocks/roster/app.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
const WORK_EMAIL_PATH = 'emails[type eq "work"].value';

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

/** Creates a user with `userName` plus `attributes` and returns the 201 response body. */
async function createUser(roster: Roster, userName: string, attributes: Record<string, unknown> = {}) {
  const response = await roster.agent
    .post(`${roster.base}/Users`)
    .set(roster.auth)
    .send({ schemas: [USER_URN, ENTERPRISE_URN], userName, ...attributes });
  expect(response.status, `create status of ${userName}`).toBe(201);
  return response.body;
}

async function patchUser(roster: Roster, id: string, operations: Operation[]) {
  return roster.agent
    .patch(`${roster.base}/Users/${id}`)
    .set(roster.auth)
    .send({ schemas: [PATCH_URN], Operations: operations });
}

async function readUser(roster: Roster, id: string) {
  const response = await roster.agent.get(`${roster.base}/Users/${id}`).set(roster.auth);
  expect(response.status, `GET status of user ${id}`).toBe(200);
  return response.body;
}

function workEmails(user: { emails?: { type?: string; value?: string }[] }) {
  return (user.emails ?? []).filter((email) => email.type === 'work');
}

for (const op of ['replace', 'Replace', 'REPLACE']) {
  test(`op name "${op}" accepted`, async () => {
    const roster = startRoster();
    const user = await createUser(roster, 'ada@example.test', { title: 'Nurse' });

    const response = await patchUser(roster, user.id, [{ op, path: 'title', value: 'Physician' }]);

    expect(response.status, 'HTTP status').toBe(200);
    expect(response.body.id, 'id in the response').toBe(user.id);
    expect(response.body.title, 'title in the response').toBe('Physician');
    expect((await readUser(roster, user.id)).title, 'title read back').toBe('Physician');
  });
}

for (const value of ['False', 'false', false]) {
  test(`active ${JSON.stringify(value)} disables user`, async () => {
    const roster = startRoster();
    const user = await createUser(roster, 'ada@example.test', { active: true });

    const response = await patchUser(roster, user.id, [{ op: 'Replace', path: 'active', value }]);

    expect(response.status, 'HTTP status').toBe(200);
    expect(response.body.active, 'active in the response').toBe(false);
    expect((await readUser(roster, user.id)).active, 'active read back').toBe(false);
  });
}

for (const op of ['Add', 'Replace']) {
  test(`${op} creates missing work email`, async () => {
    const roster = startRoster();
    const user = await createUser(roster, 'ada@example.test', { emails: [{ type: 'home', value: 'ada@home.test' }] });

    const response = await patchUser(roster, user.id, [{ op, path: WORK_EMAIL_PATH, value: 'ada@example.test' }]);
    const stored = await readUser(roster, user.id);

    expect(response.status, 'HTTP status').toBe(200);
    expect(workEmails(stored), 'work emails').toEqual([{ type: 'work', value: 'ada@example.test' }]);
    expect(stored.emails, 'emails').toContainEqual({ type: 'home', value: 'ada@home.test' });
    expect(stored.emails.length, 'number of emails').toBe(2);
  });

  test(`${op} updates existing work email`, async () => {
    const roster = startRoster();
    const user = await createUser(roster, 'ada@example.test', {
      emails: [
        { type: 'work', value: 'old@example.test', primary: true },
        { type: 'home', value: 'ada@home.test' },
      ],
    });

    const response = await patchUser(roster, user.id, [{ op, path: WORK_EMAIL_PATH, value: 'new@example.test' }]);
    const stored = await readUser(roster, user.id);

    expect(response.status, 'HTTP status').toBe(200);
    expect(workEmails(stored), 'work emails').toEqual([{ type: 'work', value: 'new@example.test', primary: true }]);
    expect(stored.emails.length, 'number of emails').toBe(2);
  });
}

test('dotted key in path-less replace', async () => {
  const roster = startRoster();
  const user = await createUser(roster, 'ada@example.test', { name: { givenName: 'Ada', familyName: 'Young' } });

  const response = await patchUser(roster, user.id, [{ op: 'Replace', value: { 'name.givenName': 'Grace' } }]);
  const stored = await readUser(roster, user.id);

  expect(response.status, 'HTTP status').toBe(200);
  expect(stored.name, 'name').toEqual({ givenName: 'Grace', familyName: 'Young' });
  expect(Object.keys(stored), 'top-level keys').not.toContain('name.givenName');
});

test('URN key in path-less replace', async () => {
  const roster = startRoster();
  const user = await createUser(roster, 'ada@example.test', { [ENTERPRISE_URN]: { employeeNumber: '1001' } });
  const departmentKey = `${ENTERPRISE_URN}:department`;

  const response = await patchUser(roster, user.id, [{ op: 'Replace', value: { [departmentKey]: 'Cardiology' } }]);
  const stored = await readUser(roster, user.id);

  expect(response.status, 'HTTP status').toBe(200);
  expect(stored[ENTERPRISE_URN], 'enterprise extension').toEqual({ employeeNumber: '1001', department: 'Cardiology' });
  expect(Object.keys(stored), 'top-level keys').not.toContain(departmentKey);
});

const MANAGER_VALUES: { name: string; value: (id: string) => unknown }[] = [
  { name: 'bare id', value: (id) => id },
  { name: 'value object', value: (id) => ({ value: id }) },
];

for (const { name, value } of MANAGER_VALUES) {
  test(`manager set as ${name}`, async () => {
    const roster = startRoster();
    const manager = await createUser(roster, 'boss@example.test');
    const user = await createUser(roster, 'ada@example.test');

    const response = await patchUser(roster, user.id, [
      { op: 'Add', path: `${ENTERPRISE_URN}:manager`, value: value(manager.id) },
    ]);
    const stored = await readUser(roster, user.id);

    expect(response.status, 'HTTP status').toBe(200);
    expect(typeof stored[ENTERPRISE_URN]?.manager, 'type of the manager read back').toBe('object');
    expect(stored[ENTERPRISE_URN].manager, 'manager read back').toMatchObject({ value: manager.id });
    expect(stored.schemas, 'schemas').toContain(ENTERPRISE_URN);
  });
}

test('remove manager', async () => {
  const roster = startRoster();
  const manager = await createUser(roster, 'boss@example.test');
  const user = await createUser(roster, 'ada@example.test', {
    [ENTERPRISE_URN]: { department: 'Radiology', manager: { value: manager.id } },
  });

  const response = await patchUser(roster, user.id, [{ op: 'Remove', path: `${ENTERPRISE_URN}:manager` }]);
  const stored = await readUser(roster, user.id);

  expect(response.status, 'HTTP status').toBe(200);
  expect(stored[ENTERPRISE_URN], 'enterprise extension').toEqual({ department: 'Radiology' });
});

const READ_ONLY_OPERATIONS: { name: string; operation: Operation }[] = [
  { name: 'replace id', operation: { op: 'replace', path: 'id', value: 'new-id' } },
  { name: 'path-less replace of id', operation: { op: 'replace', value: { id: 'new-id' } } },
  { name: 'replace meta', operation: { op: 'replace', path: 'meta', value: { resourceType: 'Group' } } },
  {
    name: 'replace meta.lastModified',
    operation: { op: 'replace', path: 'meta.lastModified', value: '2020-01-01T00:00:00Z' },
  },
  { name: 'remove meta', operation: { op: 'remove', path: 'meta' } },
];

for (const { name, operation } of READ_ONLY_OPERATIONS) {
  test(`${name} returns mutability`, async () => {
    const roster = startRoster();
    const user = await createUser(roster, 'ada@example.test');

    const response = await patchUser(roster, user.id, [operation]);
    const stored = await readUser(roster, user.id);

    expect(response.status, 'HTTP status').toBe(400);
    expect(response.body.schemas, 'error schemas').toEqual([ERROR_URN]);
    expect(response.body.scimType, 'scimType').toBe('mutability');
    expect(stored.id, 'id read back').toBe(user.id);
    expect(stored.meta, 'meta read back').toEqual(user.meta);
  });
}

test('failed operation changes nothing', async () => {
  const roster = startRoster();
  const user = await createUser(roster, 'ada@example.test', { title: 'Nurse', active: true });

  const response = await patchUser(roster, user.id, [
    { op: 'replace', path: 'title', value: 'Physician' },
    { op: 'replace', path: 'active', value: 'sometimes' },
  ]);
  const stored = await readUser(roster, user.id);

  expect(response.status, 'HTTP status').toBe(400);
  expect(response.body.scimType, 'scimType').toBe('invalidValue');
  expect(stored.title, 'title read back').toBe('Nurse');
  expect(stored.active, 'active read back').toBe(true);
  expect(stored.meta.version, 'meta.version read back').toBe(user.meta.version);
});

test('missing PatchOp schema returns 400', async () => {
  const roster = startRoster();
  const user = await createUser(roster, 'ada@example.test', { title: 'Nurse' });

  const response = await roster.agent
    .patch(`${roster.base}/Users/${user.id}`)
    .set(roster.auth)
    .send({ Operations: [{ op: 'replace', path: 'title', value: 'Physician' }] });

  expect(response.status, 'HTTP status').toBe(400);
  expect(response.body.schemas, 'error schemas').toEqual([ERROR_URN]);
  expect(response.body.scimType, 'scimType').toBe('invalidSyntax');
  expect((await readUser(roster, user.id)).title, 'title read back').toBe('Nurse');
});

test('remove without path returns noTarget', async () => {
  const roster = startRoster();
  const user = await createUser(roster, 'ada@example.test', { title: 'Nurse' });

  const response = await patchUser(roster, user.id, [{ op: 'remove' }]);

  expect(response.status, 'HTTP status').toBe(400);
  expect(response.body.schemas, 'error schemas').toEqual([ERROR_URN]);
  expect(response.body.scimType, 'scimType').toBe('noTarget');
  expect((await readUser(roster, user.id)).title, 'title read back').toBe('Nurse');
});

test('remove userName returns mutability', async () => {
  const roster = startRoster();
  const user = await createUser(roster, 'ada@example.test');

  // RFC 7644 §3.5.2.2: removing a required attribute fails with scimType "mutability".
  const response = await patchUser(roster, user.id, [{ op: 'remove', path: 'userName' }]);
  const stored = await readUser(roster, user.id);

  expect(response.status, 'HTTP status').toBe(400);
  expect(response.body.scimType, 'scimType').toBe('mutability');
  expect(stored.userName, 'userName read back').toBe('ada@example.test');
});

test('new manager drops old $ref', async () => {
  const roster = startRoster();
  const first = await createUser(roster, 'first.manager@example.test');
  const second = await createUser(roster, 'second.manager@example.test');
  const user = await createUser(roster, 'ada@example.test');
  const managerPath = `${ENTERPRISE_URN}:manager`;

  await patchUser(roster, user.id, [{ op: 'Add', path: managerPath, value: { value: first.id, $ref: `../Users/${first.id}` } }]);
  await patchUser(roster, user.id, [{ op: 'Replace', path: managerPath, value: second.id }]);
  const manager = (await readUser(roster, user.id))[ENTERPRISE_URN]?.manager;

  expect(manager?.value, 'manager value read back').toBe(second.id);
  expect(manager?.$ref, 'manager $ref of the previous manager').toBeUndefined();
});
