// PATCH requests as a whole: the manager reference in both shapes clients send, several
// operations in one request, atomicity, and removal of one element by a value filter.

import {
  ENTERPRISE_USER_URN,
  type Resource,
  arrangeUser,
  arrangeUsers,
  blockOn,
  bodyOf,
  expect,
  readPath,
  requireMapped,
  requireSuccess,
  test,
  verifies,
} from '../../fixtures/index.js';

const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const MANAGER = `${ENTERPRISE_USER_URN}:manager`;
const DEPARTMENT = `${ENTERPRISE_USER_URN}:department`;
const MOBILE_PHONE = 'phoneNumbers[type eq "mobile"]';

function patchOp(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_OP_URN], Operations: operations };
}

/** Returns the phone numbers of a user body as "type value" lines, in their order. */
function phoneLines(user: Resource): string[] {
  const phones = Array.isArray(user.phoneNumbers) ? (user.phoneNumbers as unknown[]) : [];
  return phones
    .filter((phone): phone is Resource => !!phone && typeof phone === 'object')
    .map((phone) => `${String(phone.type).toLowerCase()} ${String(phone.value)}`);
}

test.describe('PATCH requests', () => {
  const managerShapes = [
    { shape: 'bare id', valueOf: (id: string): unknown => id },
    { shape: '{"value": id}', valueOf: (id: string): unknown => ({ value: id }) },
  ];
  for (const { shape, valueOf } of managerShapes) {
    test(`manager as ${shape} reads back as object`, verifies('ENTRA-PATCH-MANAGER'), async ({ scim, entra }) => {
      const [employee, manager] = await arrangeUsers(scim, entra, 2);

      const body = patchOp({ op: 'replace', path: MANAGER, value: valueOf(manager.id) });
      const response = await scim.patch('Users', employee.id, body, `set the manager as ${shape}`);

      expect(response).toHaveStatus([200, 204], `PATCH of the manager as ${shape}`);
      const read = await scim.getUser(employee.id, undefined, 'read back the manager');
      expect(read).toHaveStatus(200, 'GET /Users/{id} after the PATCH');
      const stored = readPath(bodyOf(read), MANAGER);
      const isObject = !!stored && typeof stored === 'object' && !Array.isArray(stored);
      expect(isObject, `manager read back is an object (found ${JSON.stringify(stored)})`).toBe(true);
      expect((stored as Resource).value, 'manager.value read back').toBe(manager.id);
    });
  }

  test('every operation of one request applies', verifies('RFC7644-3.5.2-operations'), async ({ scim, entra }) => {
    const { id } = await arrangeUser(scim, entra);
    const other = entra.user().source;
    const department = `${other.department} ${other.physicalDeliveryOfficeName}`;
    const body = patchOp(
      { op: 'replace', path: 'title', value: other.jobTitle },
      { op: 'replace', path: 'displayName', value: other.displayName },
      { op: 'add', path: 'nickName', value: other.givenName },
      { op: 'replace', path: DEPARTMENT, value: department },
    );

    const response = await scim.patch('Users', id, body, 'change four attributes in one request');

    expect(response).toHaveStatus([200, 204], 'PATCH with four operations');
    const read = await scim.getUser(id, undefined, 'read back every change');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the PATCH');
    const user = bodyOf(read);
    expect(user.title, 'title, from the first operation').toBe(other.jobTitle);
    expect(user.displayName, 'displayName, from the second operation').toBe(other.displayName);
    expect(user.nickName, 'nickName, from the third operation').toBe(other.givenName);
    expect(readPath(user, DEPARTMENT), 'enterprise department, from the fourth operation').toBe(department);
  });

  test('invalid second operation changes nothing', verifies('RFC7644-3.5.2-atomic'), async ({ scim, entra }) => {
    const { id } = await arrangeUser(scim, entra);
    const before = await scim.getUser(id, undefined, 'read the user before the PATCH');
    requireSuccess(before, 'read the new user');
    const body = patchOp(
      { op: 'replace', path: 'title', value: entra.user().source.jobTitle },
      { op: 'replace', path: 'active', value: 'maybe' },
    );

    const response = await scim.patch('Users', id, body, 'valid title change, then an invalid active value');

    expect(response).toHaveStatus(400, 'PATCH whose second operation sets active to "maybe"');
    const read = await scim.getUser(id, undefined, 'confirm nothing changed');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the rejected PATCH');
    expect(bodyOf(read).title, 'title after the rejected PATCH').toBe(bodyOf(before).title);
    expect(bodyOf(read).active, '"active" after the rejected PATCH').toBe(bodyOf(before).active);
  });

  test('remove by filter removes only mobile', verifies('RFC7644-3.5.2.2'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', `${MOBILE_PHONE}.value`);
    const { id, created } = await arrangeUser(scim, entra);
    const phones = phoneLines(created);
    const others = phones.filter((line) => !line.startsWith('mobile '));
    if (phones.length === others.length || others.length === 0) {
      blockOn('create a user with a mobile and another phone number', `the user was created with phone numbers ${JSON.stringify(phones)}`);
    }

    const response = await scim.patch('Users', id, patchOp({ op: 'remove', path: MOBILE_PHONE }), 'remove the mobile phone number');

    expect(response).toHaveStatus([200, 204], `PATCH remove ${MOBILE_PHONE}`);
    const read = await scim.getUser(id, undefined, 'read back the phone numbers');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the PATCH');
    expect(phoneLines(bodyOf(read)), 'phone numbers read back, as "type value"').toEqual(others);
  });
});
