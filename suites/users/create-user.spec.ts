import {
  ENTERPRISE_USER_URN,
  USER_SCHEMA_URN,
  type Resource,
  arrangeUser,
  bodyOf,
  expect,
  test,
  readBackDifferences,
  verifies,
} from '../../fixtures/index.js';

test.describe('Create user', () => {
  test('POST /Users returns 201 with an id', verifies('RFC7644-3.3'), async ({ scim, entra }) => {
    const response = await scim.createUser(entra.user().body);

    expect(response).toHaveStatus(201, 'POST /Users');
    const id = bodyOf(response).id;
    expect(response).toHaveId('create response');
    const read = await scim.getUser(String(id), undefined, 'confirm the user exists');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the create');
  });

  test('Location header equals meta.location', verifies('RFC7644-3.3-location'), async ({ scim, entra }) => {
    const { id, response, created } = await arrangeUser(scim, entra);

    const location = response.headers.location;
    expect(location, 'Location header of the create response').toBeTruthy();
    expect((created.meta as Resource | undefined)?.location, 'meta.location of the created user').toBe(location);
    expect(location, 'Location is an absolute http(s) URI').toMatch(/^https?:\/\//);
    expect(location?.endsWith(`/Users/${encodeURIComponent(id)}`), `Location ${location} ends with /Users/${id}`).toBe(true);
  });

  test('create response is a valid User with the enterprise extension', verifies('RFC7643-4.1', 'RFC7643-4.3'), async ({ scim, entra }) => {
    const { created } = await arrangeUser(scim, entra);

    expect(created.schemas, 'schemas of the created user').toContain(USER_SCHEMA_URN);
    expect(created[ENTERPRISE_USER_URN], 'enterprise extension of the created user').toBeTruthy();
  });

  test('create response echoes every value as sent', verifies('ENTRA-VALUE-FIDELITY'), async ({ scim, entra }) => {
    const { user, created } = await arrangeUser(scim, entra);

    expect(readBackDifferences(user.values, created), 'values the create response changed or dropped').toEqual([]);
  });

  test('GET /Users/{id} returns the created user', verifies('RFC7644-3.4.1'), async ({ scim, entra }) => {
    const { user, id } = await arrangeUser(scim, entra);

    const response = await scim.getUser(id);

    expect(response).toHaveStatus(200, 'GET /Users/{id}');
    expect(bodyOf(response).id, 'id of the user read back').toBe(id);
    expect(String(bodyOf(response).userName).toLowerCase(), 'userName of the user read back').toBe(
      user.source.userPrincipalName.toLowerCase(),
    );
  });

  test('stored user keeps every value as sent', verifies('ENTRA-VALUE-FIDELITY'), async ({ scim, entra }) => {
    const { user, id } = await arrangeUser(scim, entra);

    const response = await scim.getUser(id, undefined, 'read back the stored values');

    expect(response).toHaveStatus(200, 'GET /Users/{id}');
    expect(readBackDifferences(user.values, bodyOf(response)), 'values the stored user changed or dropped').toEqual([]);
  });
});
