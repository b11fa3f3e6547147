import { randomUUID } from 'node:crypto';
import { arrangeUser, bodyOf, expect, listedResources, requireSuccess, swapCase, test, verifies } from '../../fixtures/index.js';

test.describe('Filter users', () => {
  test('userName eq returns exactly the matching user', verifies('RFC7644-3.4.2.2'), async ({ scim, entra }) => {
    const target = await arrangeUser(scim, entra);
    // A second user whose userName contains the first one's, so substring or prefix matching shows.
    const decoy = entra.user({ userPrincipalName: `${target.user.source.userPrincipalName}.invalid` });
    requireSuccess(await scim.createUser(decoy.body, 'create a user with a longer userName'), 'create a decoy user');

    const response = await scim.filterUsers(`userName eq ${JSON.stringify(target.user.source.userPrincipalName)}`);

    expect(response).toHaveStatus(200, 'userName query');
    expect(bodyOf(response).totalResults, 'totalResults').toBe(1);
    expect(listedResources(response).map((user) => user.id), 'ids listed').toEqual([target.id]);
  });

  test('externalId eq returns exactly the matching user', verifies('RFC7644-3.4.2.2'), async ({ scim, entra }) => {
    const target = await arrangeUser(scim, entra);
    await arrangeUser(scim, entra);

    const response = await scim.filterUsers(`externalId eq ${JSON.stringify(target.user.source.mailNickname)}`);

    expect(response).toHaveStatus(200, 'externalId query');
    expect(bodyOf(response).totalResults, 'totalResults').toBe(1);
    expect(listedResources(response).map((user) => user.id), 'ids listed').toEqual([target.id]);
  });

  test('userName eq ignores the case of the value', verifies('RFC7644-3.4.2.2-case'), async ({ scim, entra }) => {
    const target = await arrangeUser(scim, entra);
    const flipped = swapCase(target.user.source.userPrincipalName);

    const response = await scim.filterUsers(`userName eq ${JSON.stringify(flipped)}`, 'query with the case flipped');

    expect(response).toHaveStatus(200, 'userName query');
    expect(listedResources(response).map((user) => user.id), 'ids listed').toEqual([target.id]);
  });

  test('query results are a well-formed ListResponse', verifies('RFC7644-3.4.2'), async ({ scim, entra }) => {
    const target = await arrangeUser(scim, entra);

    const response = await scim.filterUsers(`userName eq ${JSON.stringify(target.user.source.userPrincipalName)}`);

    expect(response).toHaveStatus(200, 'userName query');
    const body = bodyOf(response);
    expect(body.schemas, 'schemas').toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    expect(body.totalResults, 'totalResults').toBe(1);
    expect(Array.isArray(body.Resources), '"Resources" is an array').toBe(true);
    expect(body.startIndex ?? 1, 'startIndex, when present').toBe(1);
    expect(body.itemsPerPage ?? 1, 'itemsPerPage, when present').toBe(1);
  });

  test('responses spell attribute names as the schemas do', verifies('RFC7643-2.1-case'), async ({ scim, entra }) => {
    const target = await arrangeUser(scim, entra);

    const query = await scim.filterUsers(`userName eq ${JSON.stringify(target.user.source.userPrincipalName)}`);
    const read = await scim.getUser(target.id);

    expect(query).toHaveStatus(200, 'userName query');
    expect(Object.keys(query.json as object), 'keys of the ListResponse').toEqual(
      expect.arrayContaining(['schemas', 'totalResults', 'Resources']),
    );
    expect(read).toHaveStatus(200, 'GET /Users/{id}');
    expect(Object.keys(read.json as object), 'keys of the user').toEqual(expect.arrayContaining(['schemas', 'id', 'userName']));
  });

  test('query with no match returns 200 and an empty ListResponse', verifies('RFC7644-3.4.2-empty'), async ({ scim, run }) => {
    const response = await scim.filterUsers(`userName eq "${run.prefix}-nobody@example.test"`, 'query for a user that does not exist');

    expect(response).toHaveStatus(200, 'a query that matches nothing');
    expect(bodyOf(response).totalResults, 'totalResults').toBe(0);
    expect(listedResources(response), 'Resources').toEqual([]);
  });

  test("Entra's Test Connection query on a random GUID succeeds", verifies('ENTRA-TEST-CONNECTION'), async ({ scim }) => {
    const response = await scim.filterUsers(`userName eq "${randomUUID()}"`, 'Test Connection');

    expect(response).toHaveStatus(200, 'Test Connection query');
    expect(bodyOf(response).totalResults, 'totalResults').toBe(0);
    expect(listedResources(response), 'Resources').toEqual([]);
  });
});
