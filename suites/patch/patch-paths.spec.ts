// PATCH operations addressed by paths in the shapes Entra sends: operations without a path whose
// value keys are paths, and filtered paths such as emails[type eq "work"].value.

import {
  ENTERPRISE_USER_URN,
  type Resource,
  arrangeUser,
  blockOn,
  bodyOf,
  expect,
  readPath,
  requireId,
  requireMapped,
  test,
  verifies,
} from '../../fixtures/index.js';

const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const WORK_EMAIL = 'emails[type eq "work"].value';

function patchOp(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_OP_URN], Operations: operations };
}

/** Returns the values of the work emails of a user body. */
function workEmailValues(user: Resource): unknown[] {
  const emails = Array.isArray(user.emails) ? (user.emails as unknown[]) : [];
  return emails
    .filter((email): email is Resource => !!email && typeof email === 'object')
    .filter((email) => String(email.type).toLowerCase() === 'work')
    .map((email) => email.value);
}

test.describe('PATCH paths', () => {
  test('path-less dotted keys update name', verifies('ENTRA-PATCH-PATHLESS-KEYS'), async ({ scim, entra }) => {
    const { id } = await arrangeUser(scim, entra);
    const renamed = entra.user().source;
    const value = { 'name.givenName': renamed.givenName, 'name.familyName': renamed.surname };

    const response = await scim.patch('Users', id, patchOp({ op: 'replace', value }), 'replace name parts without a path');

    expect(response).toHaveStatus([200, 204], 'PATCH without a path, keyed by name.givenName and name.familyName');
    const read = await scim.getUser(id, undefined, 'read back the name');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the PATCH');
    const user = bodyOf(read);
    expect(readPath(user, 'name.givenName'), 'name.givenName read back').toBe(renamed.givenName);
    expect(readPath(user, 'name.familyName'), 'name.familyName read back').toBe(renamed.surname);
    const dotted = Object.keys(user).filter((key) => key.includes('.') && !key.startsWith('urn:'));
    expect(dotted, 'top-level attributes whose name contains a dot').toEqual([]);
  });

  test('path-less URN keys update the extension', verifies('ENTRA-PATCH-PATHLESS-KEYS'), async ({ scim, entra }) => {
    const { id } = await arrangeUser(scim, entra);
    const other = entra.user().source;
    const department = `${other.department} ${other.physicalDeliveryOfficeName}`;
    const value = { [`${ENTERPRISE_USER_URN}:department`]: department };

    const response = await scim.patch('Users', id, patchOp({ op: 'replace', value }), 'replace the department without a path');

    expect(response).toHaveStatus([200, 204], 'PATCH without a path, keyed by the URN-qualified department');
    const read = await scim.getUser(id, undefined, 'read back the department');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the PATCH');
    expect(readPath(bodyOf(read), `${ENTERPRISE_USER_URN}:department`), 'enterprise department read back').toBe(department);
  });

  for (const op of ['replace', 'add']) {
    test(`${op} on work email path updates it`, verifies('RFC7644-3.5.2-value-path'), async ({ scim, entra, settings }) => {
      requireMapped(settings.mappings, 'users', WORK_EMAIL);
      const { id, created } = await arrangeUser(scim, entra);
      if (workEmailValues(created).length !== 1) blockOn('create a user with a work email', 'the create response lists no single work email');
      const email = entra.user().source.mail;

      const response = await scim.patch('Users', id, patchOp({ op, path: WORK_EMAIL, value: email }), `${op} the work email`);

      expect(response).toHaveStatus([200, 204], `PATCH ${op} on ${WORK_EMAIL}`);
      const read = await scim.getUser(id, undefined, 'read back the emails');
      expect(read).toHaveStatus(200, 'GET /Users/{id} after the PATCH');
      expect(workEmailValues(bodyOf(read)), 'work email values read back').toEqual([email]);
    });

    // Entra sends Add for a value the user lacks, and expects the element to be created. A replace
    // that matches nothing may instead answer 400 noTarget (RFC 7644 §3.5.2.3), but never a bare success.
    const requirement = op === 'add' ? 'ENTRA-UPDATE-ADD-ABSENT' : 'RFC7644-3.5.2.3-noTarget';
    test(`${op} on missing work email`, verifies(requirement), async ({ scim, entra }) => {
      const user = entra.user();
      const { emails: _emails, ...withoutEmails } = user.body;
      const created = await scim.createUser(withoutEmails, 'create a user without emails');
      const id = requireId(created, 'create a user without emails');
      if (workEmailValues(bodyOf(created)).length > 0) blockOn('create a user without emails', 'the user was created with a work email');

      const response = await scim.patch('Users', id, patchOp({ op, path: WORK_EMAIL, value: user.source.mail }), `${op} a work email the user lacks`);

      if (op === 'replace' && response.status === 400) {
        expect(bodyOf(response).scimType, 'scimType of a replace that matches nothing').toBe('noTarget');
        return;
      }
      expect(response).toHaveStatus([200, 204], `PATCH ${op} on ${WORK_EMAIL} for a user without emails`);
      const read = await scim.getUser(id, undefined, 'read back the emails');
      expect(read).toHaveStatus(200, 'GET /Users/{id} after the PATCH');
      expect(workEmailValues(bodyOf(read)), 'work email values read back').toEqual([user.source.mail]);
    });
  }
});
