import {
  type Resource,
  arrangeUser,
  arrangeUsers,
  bodyOf,
  expect,
  readPath,
  requireMapped,
  requireSuccess,
  test,
  valueDifferences,
  verifies,
} from '../../fixtures/index.js';

function metaOf(resource: Resource): Resource {
  return (resource.meta as Resource | undefined) ?? {};
}

test.describe('Replace user', () => {
  test('PUT replaces the user and returns it', verifies('RFC7644-3.5.1'), async ({ scim, entra }) => {
    const { id, user, created } = await arrangeUser(scim, entra);
    // Another person's values under the same userName, so that every other value changes.
    const replacement = entra.user({ userPrincipalName: user.source.userPrincipalName });

    const response = await scim.request({ method: 'PUT', path: `Users/${encodeURIComponent(id)}`, body: replacement.body, purpose: 'replace the user' });
    expect(response).toHaveStatus(200, 'PUT /Users/{id}');
    const read = await scim.getUser(id, undefined, 'read back the replaced user');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the PUT');

    const returned = bodyOf(response);
    const stored = bodyOf(read);
    expect(returned.id, 'id in the PUT response').toBe(id);
    expect(stored.id, 'id read back').toBe(id);
    expect(metaOf(stored).created, 'meta.created read back, compared with the create response').toBe(metaOf(created).created);
    expect(valueDifferences(replacement.values, stored), 'values the stored user does not hold as sent').toEqual([]);
    expect(valueDifferences(replacement.values, returned), 'values the PUT response does not return as sent').toEqual([]);
  });

  test('PUT clears attributes left out', verifies('RFC7644-3.5.1-omitted'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', 'title');
    const { id, user } = await arrangeUser(scim, entra);
    const { title: _title, ...withoutTitle } = user.body;

    const response = await scim.request({ method: 'PUT', path: `Users/${encodeURIComponent(id)}`, body: withoutTitle, purpose: 'replace the user without title' });
    requireSuccess(response, 'replace the user');
    const read = await scim.getUser(id, undefined, 'read back the replaced user');

    expect(read).toHaveStatus(200, 'GET /Users/{id} after the PUT');
    expect(readPath(bodyOf(read), 'title'), `title read back; it was ${JSON.stringify(user.values.title)} before the PUT`).toBeUndefined();
    expect(String(bodyOf(read).userName).toLowerCase(), 'userName read back, which the PUT sent again').toBe(
      user.source.userPrincipalName.toLowerCase(),
    );
  });

  test('PUT to a taken userName returns 409', verifies('RFC7644-3.5.1-uniqueness'), async ({ scim, entra }) => {
    const [first, second] = await arrangeUsers(scim, entra, 2);
    const withTakenName = { ...first.user.body, userName: second.user.source.userPrincipalName };

    const response = await scim.request({
      method: 'PUT',
      path: `Users/${encodeURIComponent(first.id)}`,
      body: withTakenName,
      purpose: "give the user another user's userName",
    });

    expect(response).toHaveStatus(409, 'PUT with a userName another user has');
    expect(bodyOf(response).scimType, 'scimType of the conflict').toBe('uniqueness');
    const read = await scim.getUser(first.id, undefined, 'confirm the userName did not change');
    expect(read).toHaveStatus(200, 'GET /Users/{id} after the rejected PUT');
    expect(String(bodyOf(read).userName).toLowerCase(), 'userName read back').toBe(first.user.source.userPrincipalName.toLowerCase());
  });
});
