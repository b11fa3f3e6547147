import { arrangeGroup, arrangeUser, bodyOf, expect, listedResources, requireSuccess, test, verifies } from '../../fixtures/index.js';

test.describe('Delete', () => {
  test('DELETE removes the user', verifies('RFC7644-3.6'), async ({ scim, entra }) => {
    const { id, user } = await arrangeUser(scim, entra);

    const response = await scim.delete('Users', id, 'delete the user');

    expect(response).toHaveStatus(204, 'DELETE /Users/{id}');
    const read = await scim.getUser(id, undefined, 'read the deleted user');
    expect(read).toHaveStatus(404, 'GET /Users/{id} after the DELETE');
    const query = await scim.filterUsers(`userName eq ${JSON.stringify(user.source.userPrincipalName)}`, 'query the deleted user');
    expect(query).toHaveStatus(200, 'userName query after the DELETE');
    expect(bodyOf(query).totalResults, 'totalResults of the query').toBe(0);
    expect(listedResources(query).map((resource) => resource.id), 'ids the query lists').toEqual([]);
  });

  test('second DELETE returns 404', verifies('RFC7644-3.6'), async ({ scim, entra }) => {
    const { id } = await arrangeUser(scim, entra);
    requireSuccess(await scim.delete('Users', id, 'delete the user'), 'delete the user');

    const response = await scim.delete('Users', id, 'delete the user again');

    expect(response).toHaveStatus(404, 'second DELETE /Users/{id}');
  });

  test('DELETE removes the group', verifies('RFC7644-3.6'), async ({ scim, entra }) => {
    const { id } = await arrangeGroup(scim, entra);

    const response = await scim.delete('Groups', id, 'delete the group');

    expect(response).toHaveStatus(204, 'DELETE /Groups/{id}');
    const read = await scim.getGroup(id, undefined, 'read the deleted group');
    expect(read).toHaveStatus(404, 'GET /Groups/{id} after the DELETE');
  });
});
