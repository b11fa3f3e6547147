import {
  DIALECT_IDS,
  arrangeUser,
  bodyOf,
  expect,
  listedResources,
  loadDialect,
  test,
  verifies,
} from '../../fixtures/index.js';

const updated = (status: number) => status === 200 || status === 204;

test.describe('Disable user', () => {
  for (const dialect of DIALECT_IDS.map(loadDialect)) {
    test(`PATCH active=false in the ${dialect.id} shape deactivates the user`, verifies(dialect.requests.setActive.requirement), async ({ scim, entra }) => {
      const { id } = await arrangeUser(scim, entra);

      const response = await scim.patchAs('Users', id, 'setActive', { active: false }, 'disable user', dialect);
      expect(updated(response.status), `status of the disable PATCH is 200 or 204 (found ${response.status})`).toBe(true);

      const read = await scim.getUser(id, undefined, 'confirm the user is disabled');
      expect(read.status, 'status of GET /Users/{id}').toBe(200);
      expect(bodyOf(read).active, '"active" read back, as a JSON boolean').toBe(false);
    });
  }

  test('disabled user is still found by id and by userName filter', verifies('ENTRA-SOFT-DELETE'), async ({ scim, entra }) => {
    const { id, user } = await arrangeUser(scim, entra);
    const disabled = await scim.patchAs('Users', id, 'setActive', { active: false }, 'disable user');
    expect(updated(disabled.status), `status of the disable PATCH is 200 or 204 (found ${disabled.status})`).toBe(true);

    const read = await scim.getUser(id, undefined, 'read the disabled user');
    expect(read.status, 'status of GET /Users/{id} for a disabled user').toBe(200);
    expect(bodyOf(read).active, '"active" read by id').toBe(false);

    const query = await scim.filterUsers(`userName eq ${JSON.stringify(user.source.userPrincipalName)}`, 'find the disabled user');
    expect(query.status, 'status of the userName query').toBe(200);
    const found = listedResources(query);
    expect(found.map((resource) => resource.id), 'ids the query lists').toEqual([id]);
    expect(found[0]?.active, '"active" in the query result').toBe(false);
  });
});
