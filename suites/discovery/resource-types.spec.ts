import { randomUUID } from 'node:crypto';
import {
  blockOn,
  bodyOf,
  checkDiscoveryList,
  checkResourceType,
  expect,
  GROUP_SCHEMA_URN,
  listedResources,
  requireSuccess,
  type Resource,
  test,
  USER_SCHEMA_URN,
  verifies,
} from '../../fixtures/index.js';

/** Finds a listed resource type by name, without regard to case, as SCIM compares names. */
function typeNamed(types: Resource[], name: string): Resource | undefined {
  return types.find((type) => String(type.name).toLowerCase() === name.toLowerCase());
}

/** Returns the endpoint of a resource type without its leading slash, for comparison. */
function endpointOf(type: Resource | undefined): string {
  return String(type?.endpoint ?? '').replace(/^\//, '');
}

test.describe('ResourceTypes', () => {
  test('GET /ResourceTypes returns a ListResponse', verifies('RFC7644-4', 'ENTRA-DISCOVERY'), async ({ scim }) => {
    const response = await scim.request({ method: 'GET', path: 'ResourceTypes', purpose: 'list the resource types' });

    expect(response).toHaveStatus(200, 'GET /ResourceTypes');
    const findings = checkDiscoveryList(bodyOf(response), 'GET /ResourceTypes response');
    expect(findings.flatMap((finding) => finding.problems), 'problems in the ListResponse envelope').toEqual([]);
  });

  test('every listed resource type is valid', verifies('RFC7643-6'), async ({ scim }) => {
    const response = await scim.request({ method: 'GET', path: 'ResourceTypes', purpose: 'list the resource types' });

    expect(response).toHaveStatus(200, 'GET /ResourceTypes');
    const types = listedResources(response);
    expect(types.length, 'number of resource types listed').toBeGreaterThan(0);
    const findings = types.flatMap((type, index) => checkResourceType(type, `GET /ResourceTypes, Resources[${index}]`));
    expect(findings.flatMap((finding) => finding.problems.map((problem) => `${finding.subject}: ${problem}`)), 'problems in the resource types').toEqual([]);
  });

  test('User and Group types are listed', verifies('RFC7644-4-types'), async ({ scim }) => {
    const response = await scim.request({ method: 'GET', path: 'ResourceTypes', purpose: 'list the resource types' });

    expect(response).toHaveStatus(200, 'GET /ResourceTypes');
    const types = listedResources(response);
    const user = typeNamed(types, 'User');
    const group = typeNamed(types, 'Group');
    expect(endpointOf(user), 'endpoint of the User type').toBe('Users');
    expect(user?.schema, 'schema of the User type').toBe(USER_SCHEMA_URN);
    expect(endpointOf(group), 'endpoint of the Group type').toBe('Groups');
    expect(group?.schema, 'schema of the Group type').toBe(GROUP_SCHEMA_URN);
  });

  test('GET /ResourceTypes/{id} returns one type or 404', verifies('RFC7644-4-id'), async ({ scim }) => {
    // The id is optional and often equals the name, so "User" is used when the list gives none.
    const list = await scim.request({ method: 'GET', path: 'ResourceTypes', purpose: 'find the id of the User type' });
    const id = String(typeNamed(listedResources(list), 'User')?.id ?? 'User');

    const known = await scim.request({ method: 'GET', path: `ResourceTypes/${encodeURIComponent(id)}`, purpose: 'read the User type' });
    const unknown = await scim.request({ method: 'GET', path: `ResourceTypes/${randomUUID()}`, purpose: 'read a type that does not exist' });

    expect(known).toHaveStatus(200, `GET /ResourceTypes/${id}`);
    expect(String(bodyOf(known).name).toLowerCase(), 'name of the type read by id').toBe('user');
    expect(bodyOf(known).Resources, 'a single resource, not a ListResponse').toBeUndefined();
    expect(unknown).toHaveStatus(404, 'GET /ResourceTypes/{unknown id}');
  });

  test('schemas the types name are served', verifies('RFC7643-6-references'), async ({ scim }) => {
    const list = await scim.request({ method: 'GET', path: 'ResourceTypes', purpose: 'list the resource types' });
    requireSuccess(list, 'list the resource types');
    const named = listedResources(list).flatMap((type) => [
      type.schema,
      ...(Array.isArray(type.schemaExtensions) ? (type.schemaExtensions as Resource[]).map((extension) => extension.schema) : []),
    ]);
    const urns = [...new Set(named.filter((urn): urn is string => typeof urn === 'string'))];
    if (urns.length === 0) blockOn('list the resource types', 'no listed type names a schema');

    const schemas = await scim.request({ method: 'GET', path: 'Schemas', purpose: 'list the schemas' });
    expect(schemas).toHaveStatus(200, 'GET /Schemas');
    const served = listedResources(schemas).map((schema) => String(schema.id).toLowerCase());
    for (const urn of urns) {
      expect(served, `ids /Schemas lists, which should include ${urn}`).toContain(urn.toLowerCase());
      const read = await scim.request({ method: 'GET', path: `Schemas/${urn}`, purpose: 'read a schema a resource type names' });
      expect(read).toHaveStatus(200, `GET /Schemas/${urn}`);
      expect(bodyOf(read).id, `id of the schema read at /Schemas/${urn}`).toBe(urn);
    }
  });

  test('filter on /ResourceTypes returns 403', verifies('RFC7644-4-filter'), async ({ scim }) => {
    const response = await scim.request({
      method: 'GET',
      path: 'ResourceTypes',
      query: { filter: 'name eq "User"' },
      purpose: 'filter the resource types',
    });

    expect(response).toHaveStatus(403, 'GET /ResourceTypes?filter=...');
  });
});
