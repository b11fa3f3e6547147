import {
  DIALECT_IDS,
  arrangeGroup,
  arrangeUsers,
  bodyOf,
  expect,
  listedResources,
  loadDialect,
  memberValues,
  test,
  verifies,
} from '../../fixtures/index.js';

const updated = (status: number) => status === 200 || status === 204;

test.describe('Group membership', () => {
  test('POST /Groups returns 201 with an id', verifies('RFC7644-3.3'), async ({ scim, entra }) => {
    const group = entra.group();

    const response = await scim.createGroup(group.body);

    expect(response.status, 'status of POST /Groups').toBe(201);
    const id = bodyOf(response).id;
    expect(typeof id, `type of "id" in the create response (found ${JSON.stringify(id)})`).toBe('string');
    const read = await scim.getGroup(String(id), undefined, 'read back the group');
    expect(read.status, 'status of GET /Groups/{id}').toBe(200);
    expect(bodyOf(read).displayName, 'displayName read back').toBe(group.displayName);
  });

  for (const dialect of DIALECT_IDS.map(loadDialect)) {
    test(`adding two members in the ${dialect.id} shape adds both`, verifies(dialect.requests.addMembers.requirement), async ({ scim, entra }) => {
      const users = await arrangeUsers(scim, entra, 2);
      const { id } = await arrangeGroup(scim, entra);
      const memberIds = users.map((user) => user.id);

      const response = await scim.patchAs('Groups', id, 'addMembers', { memberIds }, 'add two members', dialect);
      expect(updated(response.status), `status of the add PATCH is 200 or 204 (found ${response.status})`).toBe(true);

      const read = await scim.getGroup(id, undefined, 'confirm the members');
      expect(read.status, 'status of GET /Groups/{id}').toBe(200);
      expect(memberValues(bodyOf(read)).sort(), 'member ids read back').toEqual([...memberIds].sort());
    });

    test(`removing a member in the ${dialect.id} shape removes only that member`, verifies(dialect.requests.removeMembers.requirement), async ({ scim, entra }) => {
      const [leaving, staying] = await arrangeUsers(scim, entra, 2);
      const { id } = await arrangeGroup(scim, entra, [leaving.id, staying.id]);

      const response = await scim.patchAs('Groups', id, 'removeMembers', { memberIds: [leaving.id] }, 'remove one member', dialect);
      expect(updated(response.status), `status of the remove PATCH is 200 or 204 (found ${response.status})`).toBe(true);

      const read = await scim.getGroup(id, undefined, 'confirm the remaining members');
      expect(read.status, 'status of GET /Groups/{id}').toBe(200);
      expect(memberValues(bodyOf(read)), 'member ids read back').toEqual([staying.id]);
    });
  }

  test('group with members is a valid Group', verifies('RFC7643-4.2'), async ({ scim, entra }) => {
    const users = await arrangeUsers(scim, entra, 2);
    const { id } = await arrangeGroup(scim, entra, users.map((user) => user.id));

    const read = await scim.getGroup(id, undefined, 'read the group with its members');

    expect(read.status, 'status of GET /Groups/{id}').toBe(200);
    const members = bodyOf(read).members;
    expect(Array.isArray(members), '"members" is an array').toBe(true);
    for (const member of members as unknown[]) {
      expect(typeof member, 'each member is an object').toBe('object');
    }
  });

  test('excludedAttributes=members leaves members out of group reads', verifies('RFC7644-3.4.2.5'), async ({ scim, entra }) => {
    const users = await arrangeUsers(scim, entra, 2);
    const { id, group } = await arrangeGroup(scim, entra, users.map((user) => user.id));
    const excluded = { excludedAttributes: 'members' };

    const read = await scim.getGroup(id, excluded, 'read the group without members');
    expect(read.status, 'status of GET /Groups/{id}?excludedAttributes=members').toBe(200);
    expect(Object.keys(bodyOf(read)), 'attributes of the group read by id').not.toContain('members');
    expect(bodyOf(read).displayName, 'displayName is still returned').toBe(group.displayName);

    const query = await scim.filterGroups(`displayName eq ${JSON.stringify(group.displayName)}`, "Entra's group query", excluded);
    expect(query.status, 'status of the displayName query').toBe(200);
    const found = listedResources(query);
    expect(found.map((resource) => resource.id), 'ids the query lists').toEqual([id]);
    expect(Object.keys(found[0] ?? {}), 'attributes of the group in the query result').not.toContain('members');
  });
});
