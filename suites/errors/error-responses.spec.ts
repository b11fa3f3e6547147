import { randomBytes, randomUUID } from 'node:crypto';
import { arrangeUser, bodyOf, expect, listedResources, swapCase, test, verifies } from '../../fixtures/index.js';

const probe = () => ({ filter: `userName eq "${randomUUID()}"` });

test.describe('Error responses', () => {
  test('request without a token returns 401', verifies('RFC7644-3.12-401'), async ({ scim }) => {
    const response = await scim.request({ method: 'GET', path: 'Users', query: probe(), auth: 'none', purpose: 'no Authorization header' });

    expect(response.status, 'status without a token').toBe(401);
    expect(bodyOf(response).Resources, 'resources returned without a token').toBeUndefined();
  });

  test('request with a wrong token returns 401', verifies('RFC7644-3.12-401'), async ({ scim }) => {
    const wrongToken = randomBytes(24).toString('base64url');

    const response = await scim.request({ method: 'GET', path: 'Users', query: probe(), auth: { token: wrongToken }, purpose: 'wrong token' });

    expect(response.status, 'status with a wrong token').toBe(401);
    expect(bodyOf(response).Resources, 'resources returned with a wrong token').toBeUndefined();
  });

  test('GET of an unknown id returns 404', verifies('RFC7644-3.12-404'), async ({ scim }) => {
    const response = await scim.getUser(randomUUID(), undefined, 'read a user that does not exist');

    expect(response.status, 'status for an unknown id').toBe(404);
  });

  test('duplicate userName returns 409 uniqueness', verifies('RFC7644-3.3-uniqueness'), async ({ scim, entra }) => {
    const { user, id } = await arrangeUser(scim, entra);

    const response = await scim.createUser(user.body, 'create the same user again');

    expect(response.status, 'status of the duplicate create').toBe(409);
    expect(bodyOf(response).scimType, 'scimType of the conflict').toBe('uniqueness');
    const query = await scim.filterUsers(`userName eq ${JSON.stringify(user.source.userPrincipalName)}`, 'find the one user with that userName');
    expect(listedResources(query).map((found) => found.id), 'users with that userName').toEqual([id]);
  });

  test('userName differing only in case returns 409 uniqueness', verifies('RFC7644-3.3-uniqueness'), async ({ scim, entra }) => {
    const { user, id } = await arrangeUser(scim, entra);
    const variant = { ...user.body, userName: swapCase(user.source.userPrincipalName) };

    const response = await scim.createUser(variant, 'create the user again with the case flipped');

    expect(response.status, 'status of the case-variant create').toBe(409);
    expect(bodyOf(response).scimType, 'scimType of the conflict').toBe('uniqueness');
    const query = await scim.filterUsers(`userName eq ${JSON.stringify(user.source.userPrincipalName)}`, 'find the one user with that userName');
    expect(listedResources(query).map((found) => found.id), 'users with that userName').toEqual([id]);
  });

  test('malformed JSON body returns 400 invalidSyntax', verifies('RFC7644-3.12-invalidSyntax'), async ({ scim, entra }) => {
    const text = JSON.stringify(entra.user().body);
    const truncated = text.slice(0, Math.floor(text.length / 2));

    const response = await scim.request({ method: 'POST', path: 'Users', rawBody: truncated, purpose: 'truncated JSON body' });

    expect(response.status, 'status for a body that is not JSON').toBe(400);
    expect(bodyOf(response).scimType, 'scimType').toBe('invalidSyntax');
  });

  test('error bodies are SCIM Error messages with status as a string', verifies('RFC7644-3.12'), async ({ scim }) => {
    const provoked = [
      await scim.getUser(randomUUID(), undefined, 'provoke a 404'),
      await scim.request({ method: 'GET', path: 'Users', query: probe(), auth: 'none', purpose: 'provoke a 401' }),
      await scim.filterUsers('userName eq', 'provoke a 400'),
    ];

    for (const response of provoked) {
      const body = bodyOf(response);
      expect(response.status, 'an error status').toBeGreaterThanOrEqual(400);
      expect(body.schemas, `schemas of the ${response.status} error body`).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
      expect(body.status, `status of the ${response.status} error body`).toBe(String(response.status));
    }
  });

  const unparsable = ['userName eq', 'userName eq "unterminated', '(userName eq "x"', 'userName equals "x"', 'userName eq "x" and'];
  for (const filter of unparsable) {
    test(`unparsable filter ${JSON.stringify(filter)} returns 400 invalidFilter`, verifies('RFC7644-3.4.2.2-invalidFilter'), async ({ scim }) => {
      const response = await scim.filterUsers(filter, 'unparsable filter');

      expect(response.status, 'status for an unparsable filter').toBe(400);
      expect(bodyOf(response).scimType, 'scimType').toBe('invalidFilter');
    });
  }
});
