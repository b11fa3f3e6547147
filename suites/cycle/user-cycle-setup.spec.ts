import { randomUUID } from 'node:crypto';
import {
  ENTERPRISE_USER_URN,
  USER_SCHEMA_URN,
  type Resource,
  type Session,
  bodyOf,
  expect,
  listedResources,
  test,
  verifies,
} from '../../fixtures/index.js';

// Common attributes belong to every resource, and RFC 7643 §3.1 leaves them out of the schemas.
const COMMON_ATTRIBUTES = ['id', 'externalId', 'meta'];

function namedEntry(list: unknown, name: string): Resource | undefined {
  if (!Array.isArray(list)) return undefined;
  return (list as Resource[]).find((entry) => String(entry?.name).toLowerCase() === name.toLowerCase());
}

/**
 * Returns what the schemas lack to define one mapped target path, such as
 * emails[type eq "work"].value: the attribute, or a sub-attribute the filter or the path names.
 */
function missingDefinition(schemas: Resource[], path: string): string | undefined {
  const split = path.startsWith('urn:') ? path.lastIndexOf(':') : -1;
  const schemaId = split > 0 ? path.slice(0, split) : USER_SCHEMA_URN;
  const parts = /^(\w+)(?:\[(\w+)[^\]]*\])?(?:\.(\w+))?$/.exec(path.slice(split + 1));
  if (!parts) return 'the path has a form this check does not read';
  const [, name, ...subNames] = parts;
  const schema = schemas.find((entry) => String(entry.id).toLowerCase() === schemaId.toLowerCase());
  if (!schema) return `no schema ${schemaId}`;
  const attribute = namedEntry(schema.attributes, name);
  if (!attribute) return `${schemaId} defines no "${name}"`;
  const undefinedSub = subNames.find((sub) => sub !== undefined && !namedEntry(attribute.subAttributes, sub));
  return undefinedSub === undefined ? undefined : `"${name}" has no sub-attribute "${undefinedSub}"`;
}

test.describe('Provisioning setup', () => {
  // In order, in one worker; unlike serial mode, a failed step does not stop the steps after it,
  // which each create what an earlier step would have left.
  test.describe.configure({ mode: 'default' });

  let session: Session;

  test.beforeAll(async ({ openSession }) => {
    session = await openSession('provisioning setup');
  });

  test.afterAll(async () => {
    await session.close();
  });

  test('Test Connection finds no user', verifies('ENTRA-TEST-CONNECTION'), async () => {
    const response = await session.scim.filterUsers(`userName eq "${randomUUID()}"`, 'Test Connection');

    expect(response).toHaveStatus(200, 'Test Connection query');
    expect(bodyOf(response).totalResults, 'totalResults').toBe(0);
    expect(listedResources(response), 'Resources').toEqual([]);
  });

  test('/Schemas defines the mapped attributes', verifies('ENTRA-SCHEMA-DISCOVERY'), async () => {
    const paths = Object.keys(session.entra.mappings.users.attributes).filter((path) => !COMMON_ATTRIBUTES.includes(path));

    const response = await session.scim.request({ method: 'GET', path: 'Schemas', purpose: 'schema discovery' });

    expect(response).toHaveStatus(200, 'GET /Schemas');
    const schemas = listedResources(response);
    const ids = schemas.map((schema) => String(schema.id));
    expect(ids, 'schema ids /Schemas lists').toContain(USER_SCHEMA_URN);
    if (paths.some((path) => path.startsWith(ENTERPRISE_USER_URN))) {
      expect(ids, 'schema ids /Schemas lists, with enterprise attributes mapped').toContain(ENTERPRISE_USER_URN);
    }
    const missing = paths.map((path) => ({ path, missing: missingDefinition(schemas, path) })).filter((entry) => entry.missing);
    expect(missing, 'mapped paths /Schemas does not define').toEqual([]);
  });
});
