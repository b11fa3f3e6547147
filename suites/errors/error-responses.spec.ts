import { randomBytes, randomUUID } from 'node:crypto';
import { arrangeUser, blockOn, bodyOf, expect, listedResources, swapCase, test, verifies } from '../../fixtures/index.js';

const probe = () => ({ filter: `userName eq "${randomUUID()}"` });

/** Returns the first half of the body's JSON text, which is not valid JSON. */
function truncatedJson(body: unknown): string {
  const text = JSON.stringify(body);
  return text.slice(0, Math.floor(text.length / 2));
}

test.describe('Error responses', () => {
  test('request without a token returns 401', verifies('RFC7644-3.12-401'), async ({ scim }) => {
    const response = await scim.request({ method: 'GET', path: 'Users', query: probe(), auth: 'none', purpose: 'no Authorization header' });

    expect(response).toHaveStatus(401, 'request without a token');
    expect(bodyOf(response).Resources, 'resources returned without a token').toBeUndefined();
  });

  test('request with a wrong token returns 401', verifies('RFC7644-3.12-401'), async ({ scim }) => {
    const wrongToken = randomBytes(24).toString('base64url');

    const response = await scim.request({ method: 'GET', path: 'Users', query: probe(), auth: { token: wrongToken }, purpose: 'wrong token' });

    expect(response).toHaveStatus(401, 'request with a wrong token');
    expect(bodyOf(response).Resources, 'resources returned with a wrong token').toBeUndefined();
  });

  test('GET of an unknown id returns 404', verifies('RFC7644-3.12-404'), async ({ scim }) => {
    const response = await scim.getUser(randomUUID(), undefined, 'read a user that does not exist');

    expect(response).toHaveStatus(404, 'GET of an unknown id');
  });

  test('duplicate userName returns 409 uniqueness', verifies('RFC7644-3.3-uniqueness'), async ({ scim, entra }) => {
    const { user, id } = await arrangeUser(scim, entra);

    const response = await scim.createUser(user.body, 'create the same user again');

    expect(response).toHaveStatus(409, 'duplicate create');
    expect(bodyOf(response).scimType, 'scimType of the conflict').toBe('uniqueness');
    const query = await scim.filterUsers(`userName eq ${JSON.stringify(user.source.userPrincipalName)}`, 'find the one user with that userName');
    expect(listedResources(query).map((found) => found.id), 'users with that userName').toEqual([id]);
  });

  test('userName differing only in case returns 409 uniqueness', verifies('RFC7644-3.3-uniqueness'), async ({ scim, entra }) => {
    const { user, id } = await arrangeUser(scim, entra);
    const variant = { ...user.body, userName: swapCase(user.source.userPrincipalName) };

    const response = await scim.createUser(variant, 'create the user again with the case flipped');

    expect(response).toHaveStatus(409, 'case-variant create');
    expect(bodyOf(response).scimType, 'scimType of the conflict').toBe('uniqueness');
    const query = await scim.filterUsers(`userName eq ${JSON.stringify(user.source.userPrincipalName)}`, 'find the one user with that userName');
    expect(listedResources(query).map((found) => found.id), 'users with that userName').toEqual([id]);
  });

  test('malformed JSON body returns 400', verifies('RFC7644-3.12-invalidSyntax'), async ({ scim, entra }) => {
    const response = await scim.request({ method: 'POST', path: 'Users', rawBody: truncatedJson(entra.user().body), purpose: 'truncated JSON body' });

    expect(response).toHaveStatus(400, 'POST with a body that is not JSON');
  });

  // scimType is OPTIONAL in an error (RFC 7644 §3.12), so it has a SHOULD check of its own.
  test('malformed JSON 400 names invalidSyntax', verifies('RFC7644-3.12-scimType'), async ({ scim, entra }) => {
    const response = await scim.request({ method: 'POST', path: 'Users', rawBody: truncatedJson(entra.user().body), purpose: 'truncated JSON body' });
    if (response.status !== 400) blockOn('POST with a body that is not JSON', `expected status 400, got ${response.status}`);

    expect(bodyOf(response).scimType, 'scimType of the 400 for a body that is not JSON').toBe('invalidSyntax');
  });

  test('error bodies are SCIM Error messages with status as a string', verifies('RFC7644-3.12'), async ({ scim }) => {
    const provoked = [
      await scim.getUser(randomUUID(), undefined, 'provoke a 404'),
      await scim.request({ method: 'GET', path: 'Users', query: probe(), auth: 'none', purpose: 'provoke a 401' }),
      await scim.filterUsers('userName eq', 'provoke a 400'),
    ];

    // Only actual errors are judged here; a missing error status is the fault of another check.
    const errors = provoked.filter((response) => response.status >= 400);
    if (errors.length === 0) blockOn('provoke an error', 'none of the three requests got an error status');

    for (const response of errors) {
      const body = bodyOf(response);
      expect(body.schemas, `schemas of the ${response.status} error body`).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
      expect(body.status, `status of the ${response.status} error body`).toBe(String(response.status));
    }
  });

  const unparsable = ['userName eq', 'userName eq "unterminated', '(userName eq "x"', 'userName equals "x"', 'userName eq "x" and'];
  for (const filter of unparsable) {
    test(`unparsable filter ${JSON.stringify(filter)} returns 400 invalidFilter`, verifies('RFC7644-3.4.2.2-invalidFilter'), async ({ scim }) => {
      const response = await scim.filterUsers(filter, 'unparsable filter');

      expect(response).toHaveStatus(400, 'query with an unparsable filter');
      expect(bodyOf(response).scimType, 'scimType').toBe('invalidFilter');
    });
  }
});
