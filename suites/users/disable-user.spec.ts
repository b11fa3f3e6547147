import {
  DIALECT_IDS,
  arrangeActiveUser,
  arrangeDisabledUser,
  bodyOf,
  expect,
  listedResources,
  loadDialect,
  test,
  verifies,
  verifiesShape,
} from '../../fixtures/index.js';

test.describe('Disable user', () => {
  for (const dialect of DIALECT_IDS.map(loadDialect)) {
    test(`PATCH active=false in the ${dialect.id} shape deactivates the user`, verifiesShape(dialect.requests.setActive.requirement), async ({ scim, entra }) => {
      const { id } = await arrangeActiveUser(scim, entra);

      const response = await scim.patchAs('Users', id, 'setActive', { active: false }, 'disable user', dialect);
      expect(response).toHaveStatus([200, 204], 'disable PATCH');

      const read = await scim.getUser(id, undefined, 'confirm the user is disabled');
      expect(read).toHaveStatus(200, 'GET /Users/{id} after the disable');
      expect(bodyOf(read).active, '"active" read back, as a JSON boolean').toBe(false);
    });
  }

  test('disabled user is still found by id and by userName filter', verifies('ENTRA-SOFT-DELETE'), async ({ scim, entra }) => {
    const { id, user } = await arrangeDisabledUser(scim, entra);

    const read = await scim.getUser(id, undefined, 'read the disabled user');
    expect(read).toHaveStatus(200, 'GET /Users/{id} for a disabled user');
    expect(bodyOf(read).active, '"active" read by id').toBe(false);

    const query = await scim.filterUsers(`userName eq ${JSON.stringify(user.source.userPrincipalName)}`, 'find the disabled user');
    expect(query).toHaveStatus(200, 'userName query for a disabled user');
    const found = listedResources(query);
    expect(found.map((resource) => resource.id), 'ids the query lists').toEqual([id]);
    expect(found[0]?.active, '"active" in the query result').toBe(false);
  });
});
