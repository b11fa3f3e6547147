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
  verifiesShape,
} from '../../fixtures/index.js';

test.describe('Group membership', () => {
  test('POST /Groups returns 201 with an id', verifies('RFC7644-3.3'), async ({ scim, entra }) => {
    const group = entra.group();

    const response = await scim.createGroup(group.body);

    expect(response).toHaveStatus(201, 'POST /Groups');
    expect(response).toHaveId('create response');
    const id = String(bodyOf(response).id);
    const read = await scim.getGroup(String(id), undefined, 'read back the group');
    expect(read).toHaveStatus(200, 'GET /Groups/{id} after the create');
    expect(bodyOf(read).displayName, 'displayName read back').toBe(group.displayName);
  });

  for (const dialect of DIALECT_IDS.map(loadDialect)) {
    test(`adding members in the ${dialect.id} shape keeps existing ones`, verifiesShape(dialect.requests.addMembers.requirement), async ({ scim, entra }) => {
      const [first, ...others] = await arrangeUsers(scim, entra, 3);
      const { id } = await arrangeGroup(scim, entra);
      const otherIds = others.map((user) => user.id);

      const firstAdd = await scim.patchAs('Groups', id, 'addMembers', { memberIds: [first.id] }, 'add one member', dialect);
      expect(firstAdd).toHaveStatus([200, 204], 'first add PATCH');
      const secondAdd = await scim.patchAs('Groups', id, 'addMembers', { memberIds: otherIds }, 'add two more members', dialect);
      expect(secondAdd).toHaveStatus([200, 204], 'second add PATCH, with two members');

      const read = await scim.getGroup(id, undefined, 'confirm the members');
      expect(read).toHaveStatus(200, 'GET /Groups/{id} after the adds');
      expect(memberValues(bodyOf(read)).sort(), 'member ids read back').toEqual([first.id, ...otherIds].sort());
    });

    test(`removing a member in the ${dialect.id} shape removes only that member`, verifiesShape(dialect.requests.removeMembers.requirement), async ({ scim, entra }) => {
      const [leaving, staying] = await arrangeUsers(scim, entra, 2);
      const { id } = await arrangeGroup(scim, entra, [leaving.id, staying.id]);

      const response = await scim.patchAs('Groups', id, 'removeMembers', { memberIds: [leaving.id] }, 'remove one member', dialect);
      expect(response).toHaveStatus([200, 204], 'remove PATCH');

      const read = await scim.getGroup(id, undefined, 'confirm the remaining members');
      expect(read).toHaveStatus(200, 'GET /Groups/{id} after the removal');
      expect(memberValues(bodyOf(read)), 'member ids read back').toEqual([staying.id]);
    });
  }

  test('group with members is a valid Group', verifies('RFC7643-4.2'), async ({ scim, entra }) => {
    const users = await arrangeUsers(scim, entra, 2);
    const { id } = await arrangeGroup(scim, entra, users.map((user) => user.id));

    const read = await scim.getGroup(id, undefined, 'read the group with its members');

    expect(read).toHaveStatus(200, 'GET /Groups/{id}');
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
    expect(read).toHaveStatus(200, 'GET /Groups/{id}?excludedAttributes=members');
    expect(Object.keys(bodyOf(read)), 'attributes of the group read by id').not.toContain('members');
    expect(bodyOf(read).displayName, 'displayName is still returned').toBe(group.displayName);

    const query = await scim.filterGroups(`displayName eq ${JSON.stringify(group.displayName)}`, "Entra's group query", excluded);
    expect(query).toHaveStatus(200, 'displayName query with excludedAttributes=members');
    const found = listedResources(query);
    expect(found.map((resource) => resource.id), 'ids the query lists').toEqual([id]);
    expect(Object.keys(found[0] ?? {}), 'attributes of the group in the query result').not.toContain('members');
  });
});
