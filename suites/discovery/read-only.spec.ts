import { bodyOf, expect, test, verifies } from '../../fixtures/index.js';

const ENDPOINTS = ['ServiceProviderConfig', 'ResourceTypes', 'Schemas'];
const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Returns the body each write sends: the document the endpoint returned, or a PATCH without
 * operations, so that a target that wrongly accepts the write still has nothing to change.
 */
function bodyFor(method: WriteMethod, document: Record<string, unknown>): unknown {
  if (method === 'DELETE') return undefined;
  if (method === 'PATCH') return { schemas: [PATCH_OP_URN], Operations: [] };
  return document;
}

test.describe('Discovery endpoints are read-only', () => {
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    test(`${method} on discovery endpoints returns 405`, verifies('RFC7644-4-methods'), async ({ scim }) => {
      for (const endpoint of ENDPOINTS) {
        const before = await scim.request({ method: 'GET', path: endpoint, purpose: `read /${endpoint} before the ${method}` });

        const response = await scim.request({
          method,
          path: endpoint,
          body: bodyFor(method, bodyOf(before)),
          purpose: `${method} on a read-only endpoint`,
        });
        const after = await scim.request({ method: 'GET', path: endpoint, purpose: `read /${endpoint} after the ${method}` });

        expect.soft(response).toHaveStatus(405, `${method} /${endpoint}`);
        expect.soft(response.headers.allow ?? '', `Allow header of the ${method} /${endpoint} response`).toMatch(/\bGET\b/);
        expect.soft(after.status, `status of GET /${endpoint} after the ${method}`).toBe(before.status);
      }
    });
  }
});
