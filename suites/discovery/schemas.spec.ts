import { randomUUID } from 'node:crypto';
import {
  bodyOf,
  characteristic,
  checkDiscoveryList,
  checkSchemaResource,
  expect,
  listedResources,
  nullPaths,
  type Resource,
  test,
  unstatedCharacteristics,
  USER_SCHEMA_URN,
  verifies,
} from '../../fixtures/index.js';

/** Finds an attribute definition by name, without regard to case, as SCIM compares names. */
function attributeNamed(schema: Resource, name: string): Resource | undefined {
  const attributes = Array.isArray(schema.attributes) ? (schema.attributes as Resource[]) : [];
  return attributes.find((attribute) => String(attribute?.name).toLowerCase() === name.toLowerCase());
}

test.describe('Schemas', () => {
  test('GET /Schemas returns a ListResponse', verifies('RFC7644-4', 'ENTRA-DISCOVERY'), async ({ scim }) => {
    const response = await scim.request({ method: 'GET', path: 'Schemas', purpose: 'list the schemas' });

    expect(response).toHaveStatus(200, 'GET /Schemas');
    const findings = checkDiscoveryList(bodyOf(response), 'GET /Schemas response');
    expect(findings.flatMap((finding) => finding.problems), 'problems in the ListResponse envelope').toEqual([]);
  });

  test('every listed schema is valid', verifies('RFC7643-7'), async ({ scim }) => {
    const response = await scim.request({ method: 'GET', path: 'Schemas', purpose: 'list the schemas' });

    expect(response).toHaveStatus(200, 'GET /Schemas');
    const schemas = listedResources(response);
    expect(schemas.length, 'number of schemas listed').toBeGreaterThan(0);
    const findings = schemas.flatMap((schema, index) => checkSchemaResource(schema, `GET /Schemas, Resources[${index}]`));
    expect(findings.flatMap((finding) => finding.problems.map((problem) => `${finding.subject}: ${problem}`)), 'problems in the schemas').toEqual([]);
  });

  test('core User schema defines userName', verifies('RFC7643-7-userName'), async ({ scim }) => {
    const response = await scim.request({ method: 'GET', path: `Schemas/${USER_SCHEMA_URN}`, purpose: 'read the core User schema' });

    expect(response).toHaveStatus(200, `GET /Schemas/${USER_SCHEMA_URN}`);
    const userName = attributeNamed(bodyOf(response), 'userName');
    expect(userName, 'definition of userName').toBeTruthy();
    expect(characteristic(userName!, 'required'), 'userName "required" (default false)').toBe(true);
    expect(characteristic(userName!, 'caseExact'), 'userName "caseExact" (default false)').toBe(false);
    expect(characteristic(userName!, 'uniqueness'), 'userName "uniqueness" (default "none")').toBe('server');
  });

  test('attributes state every characteristic', verifies('ENTRA-SCHEMA-CHARACTERISTICS'), async ({ scim }) => {
    const response = await scim.request({ method: 'GET', path: 'Schemas', purpose: 'list the schemas' });

    expect(response).toHaveStatus(200, 'GET /Schemas');
    const schemas = listedResources(response);
    expect(schemas.length, 'number of schemas listed').toBeGreaterThan(0);
    expect(schemas.flatMap(unstatedCharacteristics), 'attribute definitions with a characteristic missing or null').toEqual([]);
    expect(nullPaths(bodyOf(response)), 'null values in the /Schemas response').toEqual([]);
  });

  test('GET /Schemas/{id} returns one schema or 404', verifies('RFC7644-4-id'), async ({ scim }) => {
    const known = await scim.request({ method: 'GET', path: `Schemas/${USER_SCHEMA_URN}`, purpose: 'read the core User schema' });
    const unknown = await scim.request({
      method: 'GET',
      path: `Schemas/urn:example:params:scim:schemas:${randomUUID()}`,
      purpose: 'read a schema that does not exist',
    });

    expect(known).toHaveStatus(200, `GET /Schemas/${USER_SCHEMA_URN}`);
    expect(bodyOf(known).id, 'id of the schema read by id').toBe(USER_SCHEMA_URN);
    expect(bodyOf(known).Resources, 'a single resource, not a ListResponse').toBeUndefined();
    expect(unknown).toHaveStatus(404, 'GET /Schemas/{unknown id}');
  });

  test('filter on /Schemas returns 403', verifies('RFC7644-4-filter'), async ({ scim }) => {
    const response = await scim.request({
      method: 'GET',
      path: 'Schemas',
      query: { filter: `id eq "${USER_SCHEMA_URN}"` },
      purpose: 'filter the schemas',
    });

    expect(response).toHaveStatus(403, 'GET /Schemas?filter=...');
  });
});
