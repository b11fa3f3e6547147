import {
  ENTERPRISE_USER_URN,
  type Resource,
  arrangeGroup,
  arrangeUser,
  arrangeUsers,
  bodyOf,
  expect,
  listedResources,
  requireMapped,
  test,
  verifies,
} from '../../fixtures/index.js';

const DEPARTMENT = `${ENTERPRISE_USER_URN}:department`;

/** Returns the attribute names of a resource other than "schemas" and the allowed ones. */
function extraAttributes(resource: Resource, allowed: string[]): string[] {
  return Object.keys(resource).filter((name) => name !== 'schemas' && !allowed.includes(name));
}

test.describe('Attribute projection', () => {
  test('attributes=userName returns only userName and id', verifies('RFC7644-3.4.2.5-attributes'), async ({ scim, entra }) => {
    const { id, user } = await arrangeUser(scim, entra);
    const userName = user.source.userPrincipalName;
    const selection = { attributes: 'userName' };

    const read = await scim.getUser(id, selection, 'read only userName');
    const query = await scim.filterUsers(`userName eq ${JSON.stringify(userName)}`, 'query only userName', selection);

    expect(read).toHaveStatus(200, 'GET /Users/{id}?attributes=userName');
    expect(query).toHaveStatus(200, 'userName query with attributes=userName');
    const listed = listedResources(query);
    expect(listed.map((resource) => resource.id), 'ids the query lists').toEqual([id]);
    for (const [where, resource] of [['read by id', bodyOf(read)], ['in the query result', listed[0] ?? {}]] as const) {
      expect(resource.id, `id of the user ${where}`).toBe(id);
      expect(String(resource.userName).toLowerCase(), `userName of the user ${where}`).toBe(userName.toLowerCase());
      expect(extraAttributes(resource, ['id', 'userName']), `attributes of the user ${where} beyond id and userName`).toEqual([]);
    }
  });

  test('sub-attribute selection returns only that sub-attribute', verifies('RFC7644-3.4.2.5-attributes'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', 'name.givenName');
    const { id, user } = await arrangeUser(scim, entra);
    const userName = user.source.userPrincipalName;
    const selection = { attributes: 'name.givenName' };

    const read = await scim.getUser(id, selection, 'read name.givenName');
    const query = await scim.filterUsers(`userName eq ${JSON.stringify(userName)}`, 'query name.givenName', selection);

    expect(read).toHaveStatus(200, 'GET /Users/{id}?attributes=name.givenName');
    expect(query).toHaveStatus(200, 'userName query with attributes=name.givenName');
    const listed = listedResources(query);
    expect(listed.map((resource) => resource.id), 'ids the query lists').toEqual([id]);
    for (const [where, resource] of [['read by id', bodyOf(read)], ['in the query result', listed[0] ?? {}]] as const) {
      expect(resource.name, `name of the user ${where}`).toEqual({ givenName: user.values['name.givenName'] });
      expect(extraAttributes(resource, ['id', 'name']), `attributes of the user ${where} beyond those requested`).toEqual([]);
    }
  });

  test('excludedAttributes=title leaves only title out', verifies('RFC7644-3.4.2.5'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', 'title');
    requireMapped(settings.mappings, 'users', 'displayName');
    const { id, user } = await arrangeUser(scim, entra);
    const userName = user.source.userPrincipalName;
    const excluded = { excludedAttributes: 'title' };

    const read = await scim.getUser(id, excluded, 'read without title');
    const query = await scim.filterUsers(`userName eq ${JSON.stringify(userName)}`, 'query without title', excluded);

    expect(read).toHaveStatus(200, 'GET /Users/{id}?excludedAttributes=title');
    expect(query).toHaveStatus(200, 'userName query with excludedAttributes=title');
    const listed = listedResources(query);
    expect(listed.map((resource) => resource.id), 'ids the query lists').toEqual([id]);
    for (const [where, resource] of [['read by id', bodyOf(read)], ['in the query result', listed[0] ?? {}]] as const) {
      expect(Object.keys(resource), `attributes of the user ${where}`).not.toContain('title');
      expect(String(resource.userName).toLowerCase(), `userName of the user ${where}`).toBe(userName.toLowerCase());
      expect(resource.displayName, `displayName of the user ${where}`).toBe(user.values.displayName);
    }
  });

  test('attributes selects one enterprise attribute by URN', verifies('RFC7644-3.4.2.5-attributes'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', DEPARTMENT);
    const { id, user } = await arrangeUser(scim, entra);
    const userName = user.source.userPrincipalName;

    const query = await scim.filterUsers(`userName eq ${JSON.stringify(userName)}`, 'query userName and department', {
      attributes: `userName,${DEPARTMENT}`,
    });

    expect(query).toHaveStatus(200, 'userName query with attributes naming the department');
    const listed = listedResources(query);
    expect(listed.map((resource) => resource.id), 'ids the query lists').toEqual([id]);
    const resource = listed[0] ?? {};
    expect(resource[ENTERPRISE_USER_URN], 'enterprise extension of the listed user').toEqual({ department: user.values[DEPARTMENT] });
    expect(extraAttributes(resource, ['id', 'userName', ENTERPRISE_USER_URN]), 'attributes beyond those requested').toEqual([]);
  });

  test('attributes=displayName leaves group members out', verifies('RFC7644-3.4.2.5-attributes'), async ({ scim, entra }) => {
    const users = await arrangeUsers(scim, entra, 1);
    const { id, group } = await arrangeGroup(scim, entra, users.map((user) => user.id));

    const query = await scim.filterGroups(`displayName eq ${JSON.stringify(group.displayName)}`, 'query only displayName', {
      attributes: 'displayName',
    });

    expect(query).toHaveStatus(200, 'displayName query with attributes=displayName');
    const listed = listedResources(query);
    expect(listed.map((resource) => resource.id), 'ids the query lists').toEqual([id]);
    expect(listed[0]?.displayName, 'displayName of the listed group').toBe(group.displayName);
    expect(extraAttributes(listed[0] ?? {}, ['id', 'displayName']), 'attributes of the listed group beyond id and displayName').toEqual([]);
  });

  test('POST with attributes=userName returns only userName and id', verifies('RFC7644-3.9-create'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', 'title');
    const user = entra.user();

    const response = await scim.request({
      method: 'POST',
      path: 'Users',
      query: { attributes: 'userName' },
      body: user.body,
      purpose: 'create user, returning only userName',
    });

    expect(response).toHaveStatus(201, 'POST /Users?attributes=userName');
    const created = bodyOf(response);
    expect(String(created.userName).toLowerCase(), 'userName in the create response').toBe(user.source.userPrincipalName.toLowerCase());
    expect(extraAttributes(created, ['id', 'userName']), 'attributes of the create response beyond id and userName').toEqual([]);
    const read = await scim.getUser(String(created.id), undefined, 'confirm the full user was stored');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the create');
    expect(bodyOf(read).title, 'title stored by the create').toBe(user.values.title);
  });

  test('POST with excludedAttributes=title leaves title out', verifies('RFC7644-3.9-create'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', 'title');
    const user = entra.user();

    const response = await scim.request({
      method: 'POST',
      path: 'Users',
      query: { excludedAttributes: 'title' },
      body: user.body,
      purpose: 'create user, returning everything but title',
    });

    expect(response).toHaveStatus(201, 'POST /Users?excludedAttributes=title');
    const created = bodyOf(response);
    expect(Object.keys(created), 'attributes of the create response').not.toContain('title');
    expect(String(created.userName).toLowerCase(), 'userName in the create response').toBe(user.source.userPrincipalName.toLowerCase());
    const read = await scim.getUser(String(created.id), undefined, 'confirm the title was stored');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the create');
    expect(bodyOf(read).title, 'title stored by the create').toBe(user.values.title);
  });
});
