// PATCH requests the target must reject (RFC 7644 §3.5.2 and §3.12): a body that is not a PatchOp
// message, an unknown op, a remove without a path, an undefined attribute and a read-only one.
// Each rejected request must also leave the user as it was.

import { randomUUID } from 'node:crypto';
import { arrangeUser, bodyOf, expect, requireSuccess, test, verifies } from '../../fixtures/index.js';

const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function patchOp(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_OP_URN], Operations: operations };
}

test.describe('PATCH input errors', () => {
  test('PATCH without PatchOp schema returns 400 invalidSyntax', verifies('RFC7644-3.5.2-invalidSyntax'), async ({ scim, entra }) => {
    const { id, created } = await arrangeUser(scim, entra);
    const body = { Operations: [{ op: 'replace', path: 'title', value: entra.user().source.jobTitle }] };

    const response = await scim.patch('Users', id, body, 'PATCH body without "schemas"');

    expect(response).toHaveStatus(400, 'PATCH without the PatchOp schema');
    expect(bodyOf(response).scimType, 'scimType').toBe('invalidSyntax');
    const read = await scim.getUser(id, undefined, 'confirm nothing changed');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the rejected PATCH');
    expect(bodyOf(read).title, 'title after the rejected PATCH').toBe(created.title);
  });

  test('unknown op returns 400', verifies('RFC7644-3.5.2-invalidSyntax'), async ({ scim, entra }) => {
    const { id, created } = await arrangeUser(scim, entra);
    const body = patchOp({ op: 'merge', path: 'title', value: entra.user().source.jobTitle });

    const response = await scim.patch('Users', id, body, 'PATCH with op "merge"');

    expect(response).toHaveStatus(400, 'PATCH with an unknown op');
    const read = await scim.getUser(id, undefined, 'confirm nothing changed');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the rejected PATCH');
    expect(bodyOf(read).title, 'title after the rejected PATCH').toBe(created.title);
  });

  test('remove without path returns 400 noTarget', verifies('RFC7644-3.5.2.2-noTarget'), async ({ scim, entra }) => {
    const { id } = await arrangeUser(scim, entra);
    const before = await scim.getUser(id, undefined, 'read the user before the PATCH');
    requireSuccess(before, 'read the new user');

    const response = await scim.patch('Users', id, patchOp({ op: 'remove' }), 'remove without a path');

    expect(response).toHaveStatus(400, 'PATCH remove without a path');
    expect(bodyOf(response).scimType, 'scimType').toBe('noTarget');
    const read = await scim.getUser(id, undefined, 'confirm nothing was removed');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the rejected PATCH');
    const { meta: _metaAfter, ...after } = bodyOf(read);
    const { meta: _metaBefore, ...unchanged } = bodyOf(before);
    expect(after, 'user after the rejected PATCH, meta aside').toEqual(unchanged);
  });

  test('undefined attribute path returns 400 invalidPath', verifies('RFC7644-3.5.2-invalidPath'), async ({ scim, entra }) => {
    const { id } = await arrangeUser(scim, entra);
    const body = patchOp({ op: 'replace', path: 'shoeSize', value: entra.user().source.postalCode });

    const response = await scim.patch('Users', id, body, 'replace an attribute no schema defines');

    expect(response).toHaveStatus(400, 'PATCH of the undefined attribute "shoeSize"');
    expect(bodyOf(response).scimType, 'scimType').toBe('invalidPath');
    const read = await scim.getUser(id, undefined, 'confirm nothing was stored');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the rejected PATCH');
    expect(Object.keys(bodyOf(read)), 'attributes of the user').not.toContain('shoeSize');
  });

  test('replacing id returns 400 mutability', verifies('RFC7644-3.5.2-mutability'), async ({ scim, entra }) => {
    const { id } = await arrangeUser(scim, entra);

    const response = await scim.patch('Users', id, patchOp({ op: 'replace', path: 'id', value: randomUUID() }), 'replace the read-only id');

    expect(response).toHaveStatus(400, 'PATCH replace of "id"');
    expect(bodyOf(response).scimType, 'scimType').toBe('mutability');
    const read = await scim.getUser(id, undefined, 'read the user by its original id');
    expect(read).toHaveStatus(200, 'GET /Users/{id} with the original id');
    expect(bodyOf(read).id, 'id read back').toBe(id);
  });
});
