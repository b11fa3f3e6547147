// Discovery endpoints of the mock roster (RFC 7644 §4): /ServiceProviderConfig, /ResourceTypes
// and /Schemas, and the /Me and /Bulk endpoints that the roster does not implement.

import { expect, test } from '@playwright/test';
import request from 'supertest';
import { createRosterApp } from '../../mocks/roster/app.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const SPC_URN = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_URN = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const LIST_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';

// The characteristics RFC 7643 §7 defines for every attribute and sub-attribute.
const CHARACTERISTICS = [
  'name',
  'type',
  'multiValued',
  'description',
  'required',
  'caseExact',
  'mutability',
  'returned',
  'uniqueness',
];

type Attribute = Record<string, unknown> & { name: string; subAttributes?: Attribute[] };
type SchemaResource = { id: string; attributes: Attribute[]; meta: Record<string, unknown> };

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

async function getDiscovery(roster: Roster, path: string) {
  const response = await roster.agent.get(`${roster.base}${path}`).set(roster.auth);
  expect(response.status, `GET status of ${path}`).toBe(200);
  return response;
}

/** Reads the core User schema and returns its attribute definition called `name`. */
async function userAttribute(roster: Roster, name: string): Promise<Attribute> {
  const response = await getDiscovery(roster, `/Schemas/${USER_URN}`);
  const attribute = (response.body.attributes as Attribute[]).find((candidate) => candidate.name === name);
  expect(attribute, `definition of ${name} in the User schema`).toBeDefined();
  return attribute!;
}

/** Lists every attribute and sub-attribute of a schema with its dotted path. */
function flattenAttributes(attributes: Attribute[], prefix = ''): { path: string; attribute: Attribute }[] {
  return attributes.flatMap((attribute) => {
    const path = `${prefix}${attribute.name}`;
    const nested = attribute.subAttributes ? flattenAttributes(attribute.subAttributes, `${path}.`) : [];
    return [{ path, attribute }, ...nested];
  });
}

/** Asserts that a response is a SCIM error whose "status" repeats the HTTP status. */
function expectScimError(response: request.Response, requestName: string) {
  expect(response.headers['content-type'], `Content-Type of ${requestName}`).toBe(SCIM_MEDIA_TYPE);
  expect(response.body.schemas, `error schemas of ${requestName}`).toEqual([ERROR_URN]);
  expect(response.body.status, `error status of ${requestName}`).toBe(String(response.status));
}

test('ServiceProviderConfig has its schema URN', async () => {
  const roster = startRoster();

  const response = await getDiscovery(roster, '/ServiceProviderConfig');

  expect(response.headers['content-type'], 'Content-Type').toBe(SCIM_MEDIA_TYPE);
  expect(response.body.schemas, 'schemas').toEqual([SPC_URN]);
});

test('ServiceProviderConfig declares supported features', async () => {
  const roster = startRoster();

  const { body } = await getDiscovery(roster, '/ServiceProviderConfig');

  expect(body.patch?.supported, 'patch.supported').toBe(true);
  expect(body.filter?.supported, 'filter.supported').toBe(true);
  expect(body.sort?.supported, 'sort.supported').toBe(true);
  expect(body.etag?.supported, 'etag.supported').toBe(true);
});

test('ServiceProviderConfig declares unsupported features', async () => {
  const roster = startRoster();

  const { body } = await getDiscovery(roster, '/ServiceProviderConfig');

  expect(body.bulk?.supported, 'bulk.supported').toBe(false);
  expect(body.changePassword?.supported, 'changePassword.supported').toBe(false);
});

test('ServiceProviderConfig gives filter maxResults', async () => {
  const roster = startRoster();

  const { body } = await getDiscovery(roster, '/ServiceProviderConfig');

  const maxResults = body.filter?.maxResults;
  expect(Number.isInteger(maxResults), `filter.maxResults ${maxResults} is an integer`).toBe(true);
  expect(maxResults, 'filter.maxResults').toBeGreaterThan(0);
});

test('ServiceProviderConfig offers OAuth bearer tokens', async () => {
  const roster = startRoster();

  const { body } = await getDiscovery(roster, '/ServiceProviderConfig');
  const types = ((body.authenticationSchemes ?? []) as { type: string }[]).map((scheme) => scheme.type);

  expect(types, 'authenticationSchemes types').toContain('oauthbearertoken');
});

test('ServiceProviderConfig has meta.location', async () => {
  const roster = startRoster();

  const { body } = await getDiscovery(roster, '/ServiceProviderConfig');

  expect(body.meta?.resourceType, 'meta.resourceType').toBe('ServiceProviderConfig');
  const location = /^https?:\/\/[^/]+\/scim\/v1\/Realms\/realm-a\/ServiceProviderConfig$/;
  expect(body.meta?.location, 'meta.location').toMatch(location);
});

test('ResourceTypes is a ListResponse', async () => {
  const roster = startRoster();

  const { body } = await getDiscovery(roster, '/ResourceTypes');
  const ids = (body.Resources as { id: string }[]).map((resource) => resource.id).sort();

  expect(body.schemas, 'schemas').toEqual([LIST_RESPONSE_URN]);
  expect(body.totalResults, 'totalResults').toBe(2);
  expect(body.Resources.length, 'number of Resources').toBe(body.totalResults);
  expect(ids, 'resource type ids').toEqual(['Group', 'User']);
});

test('User resource type describes /Users', async () => {
  const roster = startRoster();

  const { body } = await getDiscovery(roster, '/ResourceTypes');
  const user = (body.Resources as Record<string, unknown>[]).find((resource) => resource.id === 'User');

  expect(user?.schemas, 'schemas of User').toEqual([RESOURCE_TYPE_URN]);
  expect(user?.name, 'name of User').toBe('User');
  expect(user?.endpoint, 'endpoint of User').toBe('/Users');
  expect(user?.schema, 'schema of User').toBe(USER_URN);
  expect(user?.schemaExtensions, 'schemaExtensions of User').toEqual([{ schema: ENTERPRISE_URN, required: false }]);
});

test('Group resource type describes /Groups', async () => {
  const roster = startRoster();

  const { body } = await getDiscovery(roster, '/ResourceTypes');
  const group = (body.Resources as Record<string, unknown>[]).find((resource) => resource.id === 'Group');

  expect(group?.schemas, 'schemas of Group').toEqual([RESOURCE_TYPE_URN]);
  expect(group?.name, 'name of Group').toBe('Group');
  expect(group?.endpoint, 'endpoint of Group').toBe('/Groups');
  expect(group?.schema, 'schema of Group').toBe(GROUP_URN);
});

test('ResourceTypes/User returns one type', async () => {
  const roster = startRoster();

  const { body } = await getDiscovery(roster, '/ResourceTypes/User');

  expect(body.schemas, 'schemas').toEqual([RESOURCE_TYPE_URN]);
  expect(body.id, 'id').toBe('User');
  expect(body.endpoint, 'endpoint').toBe('/Users');
  expect(body.meta?.resourceType, 'meta.resourceType').toBe('ResourceType');
  expect(body.meta?.location, 'meta.location').toMatch(/\/scim\/v1\/Realms\/realm-a\/ResourceTypes\/User$/);
});

test('unknown resource type returns 404', async () => {
  const { agent, base, auth } = startRoster();

  const response = await agent.get(`${base}/ResourceTypes/Device`).set(auth);

  expect(response.status, 'HTTP status').toBe(404);
  expectScimError(response, 'GET /ResourceTypes/Device');
});

test('Schemas lists User, enterprise and Group', async () => {
  const roster = startRoster();

  const { body } = await getDiscovery(roster, '/Schemas');
  const ids = (body.Resources as SchemaResource[]).map((schema) => schema.id).sort();

  expect(body.schemas, 'schemas').toEqual([LIST_RESPONSE_URN]);
  expect(body.totalResults, 'totalResults').toBe(3);
  expect(ids, 'schema ids').toEqual([GROUP_URN, USER_URN, ENTERPRISE_URN].sort());
});

test('each schema carries Schema meta', async () => {
  const roster = startRoster();

  const { body } = await getDiscovery(roster, '/Schemas');

  for (const schema of body.Resources as SchemaResource[]) {
    expect(schema.meta?.resourceType, `meta.resourceType of ${schema.id}`).toBe('Schema');
    expect(schema.meta?.location, `meta.location of ${schema.id}`).toMatch(/^https?:\/\//);
    expect(String(schema.meta?.location), `meta.location of ${schema.id}`).toContain(`/Schemas/${schema.id}`);
  }
});

test('attributes carry every characteristic', async () => {
  const roster = startRoster();

  const { body } = await getDiscovery(roster, '/Schemas');
  const gaps: string[] = [];
  for (const schema of body.Resources as SchemaResource[]) {
    for (const { path, attribute } of flattenAttributes(schema.attributes)) {
      const missing = CHARACTERISTICS.filter((name) => attribute[name] === undefined || attribute[name] === null);
      if (missing.length > 0) gaps.push(`${schema.id} ${path}: ${missing.join(', ')}`);
    }
  }

  expect(gaps, 'attributes with missing or null characteristics').toEqual([]);
});

test('userName is unique and case-insensitive', async () => {
  const roster = startRoster();

  const userName = await userAttribute(roster, 'userName');

  expect(userName.caseExact, 'userName caseExact').toBe(false);
  expect(userName.uniqueness, 'userName uniqueness').toBe('server');
  expect(userName.required, 'userName required').toBe(true);
});

test('password is write-only, never returned', async () => {
  const roster = startRoster();

  const password = await userAttribute(roster, 'password');

  expect(password.returned, 'password returned').toBe('never');
  expect(password.mutability, 'password mutability').toBe('writeOnly');
});

for (const urn of [USER_URN, ENTERPRISE_URN, GROUP_URN]) {
  test(`Schemas by id returns ${urn.split(':').slice(-3).join(':')}`, async () => {
    const roster = startRoster();

    const { body } = await getDiscovery(roster, `/Schemas/${urn}`);

    expect(body.schemas, 'schemas').toEqual([SCHEMA_URN]);
    expect(body.id, 'id').toBe(urn);
    expect(Array.isArray(body.attributes), 'attributes is an array').toBe(true);
    expect(body.meta?.resourceType, 'meta.resourceType').toBe('Schema');
  });
}

test('unknown schema returns 404', async () => {
  const { agent, base, auth } = startRoster();

  const response = await agent.get(`${base}/Schemas/urn:example:no-such-schema`).set(auth);

  expect(response.status, 'HTTP status').toBe(404);
  expectScimError(response, 'GET of an unknown schema');
});

for (const endpoint of ['Schemas', 'ResourceTypes']) {
  test(`filter on /${endpoint} returns 403`, async () => {
    const { agent, base, auth } = startRoster();

    const response = await agent.get(`${base}/${endpoint}`).query({ filter: 'id eq "User"' }).set(auth);

    expect(response.status, 'HTTP status').toBe(403);
    expectScimError(response, `filtered GET /${endpoint}`);
  });
}

const DISCOVERY_PATHS = [
  '/ServiceProviderConfig',
  '/ResourceTypes',
  '/ResourceTypes/User',
  '/Schemas',
  `/Schemas/${USER_URN}`,
];

for (const method of ['post', 'put', 'patch', 'delete'] as const) {
  for (const path of DISCOVERY_PATHS) {
    test(`${method.toUpperCase()} ${path.replace(USER_URN, '<urn>')} returns 405`, async () => {
      const { agent, base, auth } = startRoster();

      const response = await agent[method](`${base}${path}`).set(auth).send({ schemas: [USER_URN] });

      expect(response.status, 'HTTP status').toBe(405);
      expect(response.headers.allow, 'Allow header').toBe('GET');
      expectScimError(response, `${method.toUpperCase()} ${path}`);
    });
  }
}

for (const path of ['/ServiceProviderConfig', '/ResourceTypes', '/Schemas']) {
  test(`${path} requires the bearer token`, async () => {
    const { agent, base } = startRoster();

    const missing = await agent.get(`${base}${path}`);
    const wrong = await agent.get(`${base}${path}`).set({ Authorization: 'Bearer token-b' });

    expect(missing.status, 'HTTP status without Authorization').toBe(401);
    expectScimError(missing, `GET ${path} without Authorization`);
    expect(wrong.status, 'HTTP status with a wrong token').toBe(401);
  });
}

for (const endpoint of ['Me', 'Bulk']) {
  test(`/${endpoint} returns 501`, async () => {
    const { agent, base, auth } = startRoster();

    const read = await agent.get(`${base}/${endpoint}`).set(auth);
    const write = await agent.post(`${base}/${endpoint}`).set(auth).send({ schemas: [USER_URN] });

    expect(read.status, `GET /${endpoint} status`).toBe(501);
    expectScimError(read, `GET /${endpoint}`);
    expect(write.status, `POST /${endpoint} status`).toBe(501);
    expectScimError(write, `POST /${endpoint}`);
  });
}
