// PATCH request shapes that Entra and other clients send, whatever the run's dialect: op names in
// any letter case, add on an attribute that has a value, and booleans as strings. Each check sends
// its shape as an explicit body.

import {
  arrangeActiveUser,
  arrangeUser,
  blockOn,
  bodyOf,
  expect,
  requireMapped,
  requireSuccess,
  test,
  verifies,
} from '../../fixtures/index.js';

const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function patchOp(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_OP_URN], Operations: operations };
}

test.describe('PATCH op names and values', () => {
  for (const op of ['Replace', 'replace', 'REPLACE']) {
    test(`op "${op}" replaces title`, verifies('ENTRA-PATCH-OP-CASE'), async ({ scim, entra }) => {
      const { id } = await arrangeUser(scim, entra);
      const title = entra.user().source.jobTitle;

      const response = await scim.patch('Users', id, patchOp({ op, path: 'title', value: title }), `replace title with op "${op}"`);

      expect(response).toHaveStatus([200, 204], `PATCH with op "${op}"`);
      const read = await scim.getUser(id, undefined, 'read back the title');
      expect(read).toHaveStatus(200, 'GET /Users/{id} after the PATCH');
      expect(bodyOf(read).title, 'title read back').toBe(title);
    });
  }

  for (const op of ['Add', 'ADD']) {
    test(`op "${op}" adds nickName`, verifies('ENTRA-PATCH-OP-CASE'), async ({ scim, entra }) => {
      const { id } = await arrangeUser(scim, entra);
      const nickName = entra.user().source.givenName;

      const response = await scim.patch('Users', id, patchOp({ op, path: 'nickName', value: nickName }), `add nickName with op "${op}"`);

      expect(response).toHaveStatus([200, 204], `PATCH with op "${op}"`);
      const read = await scim.getUser(id, undefined, 'read back the nickName');
      expect(read).toHaveStatus(200, 'GET /Users/{id} after the PATCH');
      expect(bodyOf(read).nickName, 'nickName read back').toBe(nickName);
    });
  }

  test('add replaces an existing title', verifies('RFC7644-3.5.2.1-single'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', 'title');
    const { id, created } = await arrangeUser(scim, entra);
    if (typeof created.title !== 'string') blockOn('create a user with a title', `the user was created with title ${JSON.stringify(created.title)}`);
    const title = entra.user().source.jobTitle;

    const response = await scim.patch('Users', id, patchOp({ op: 'add', path: 'title', value: title }), 'add a title to a user that has one');

    expect(response).toHaveStatus([200, 204], 'PATCH add on title');
    const read = await scim.getUser(id, undefined, 'read back the title');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the PATCH');
    expect(bodyOf(read).title, 'title read back').toBe(title);
  });

  const deactivations = [
    { value: 'False', requirement: 'ENTRA-PATCH-BOOLEAN-STRINGS' },
    { value: 'false', requirement: 'ENTRA-PATCH-BOOLEAN-STRINGS' },
    { value: false, requirement: 'RFC7644-3.5.2.3' },
  ];
  for (const { value, requirement } of deactivations) {
    test(`active ${JSON.stringify(value)} deactivates user`, verifies(requirement), async ({ scim, entra }) => {
      const { id } = await arrangeActiveUser(scim, entra);

      const response = await scim.patch('Users', id, patchOp({ op: 'replace', path: 'active', value }), `set active to ${JSON.stringify(value)}`);

      expect(response).toHaveStatus([200, 204], `PATCH active ${JSON.stringify(value)}`);
      const read = await scim.getUser(id, undefined, 'confirm the user is disabled');
      expect(read).toHaveStatus(200, 'GET /Users/{id} after the disable');
      expect(bodyOf(read).active, '"active" read back, as a JSON boolean').toBe(false);
    });
  }

  test('active "True" re-enables user', verifies('ENTRA-PATCH-BOOLEAN-STRINGS'), async ({ scim, entra }) => {
    const { id } = await arrangeActiveUser(scim, entra);
    const disabled = await scim.patch('Users', id, patchOp({ op: 'replace', path: 'active', value: false }), 'disable with a JSON boolean');
    requireSuccess(disabled, 'disable user');
    const disabledRead = await scim.getUser(id, undefined, 'confirm the user is disabled');
    requireSuccess(disabledRead, 'read the disabled user');
    const activeAfterDisable = bodyOf(disabledRead).active;
    if (activeAfterDisable !== false) blockOn('disable user', `the user reads back with active ${JSON.stringify(activeAfterDisable)}`);

    const response = await scim.patch('Users', id, patchOp({ op: 'replace', path: 'active', value: 'True' }), 'set active to "True"');

    expect(response).toHaveStatus([200, 204], 'PATCH active "True"');
    const read = await scim.getUser(id, undefined, 'confirm the user is enabled');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the re-enable');
    expect(bodyOf(read).active, '"active" read back, as a JSON boolean').toBe(true);
  });
});
