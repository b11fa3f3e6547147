import {
  type AttributeChange,
  type HttpResponse,
  type Resource,
  arrangeUser,
  blockOn,
  bodyOf,
  expect,
  requireFeature,
  requireSuccess,
  test,
  updateBody,
  verifies,
} from '../../fixtures/index.js';

function metaVersion(response: HttpResponse): string | undefined {
  const version = (bodyOf(response).meta as Resource | undefined)?.version;
  return typeof version === 'string' ? version : undefined;
}

/** Reads a user and returns its version: the ETag header, or meta.version when there is no ETag. */
async function currentVersion(scim: Parameters<typeof arrangeUser>[0], id: string, purpose: string): Promise<string> {
  const read = await scim.getUser(id, undefined, purpose);
  requireSuccess(read, purpose);
  const version = read.headers.etag ?? metaVersion(read);
  if (!version) blockOn(purpose, 'the user has neither an ETag header nor meta.version');
  return version;
}

const rename = (displayName: string): AttributeChange[] => [{ op: 'replace', path: 'displayName', value: displayName }];

test.describe('ETags', () => {
  test.beforeEach(({ capabilities }) => {
    requireFeature(capabilities, 'etag');
  });

  test('ETag header equals meta.version', verifies('RFC7644-3.14'), async ({ scim, entra }) => {
    const { id, response: created } = await arrangeUser(scim, entra);

    const read = await scim.getUser(id, undefined, 'read the user with its version');

    expect(read).toHaveStatus(200, 'GET /Users/{id}');
    for (const [what, response] of [['create', created], ['read', read]] as const) {
      expect(response.headers.etag, `ETag header of the ${what} response`).toBeTruthy();
      const version = metaVersion(response);
      if (version !== undefined) expect(response.headers.etag, `ETag header of the ${what} response, against meta.version`).toBe(version);
    }
  });

  test('PATCH gives the user a new version', verifies('RFC7644-3.14-version'), async ({ scim, entra, capabilities }) => {
    requireFeature(capabilities, 'patch');
    const { id, user } = await arrangeUser(scim, entra);
    const before = await currentVersion(scim, id, 'read the version before the PATCH');

    requireSuccess(await scim.updateAs('Users', id, rename(`${user.source.displayName} Jr`), 'rename the user'), 'rename the user');
    const after = await currentVersion(scim, id, 'read the version after the PATCH');

    expect(after, `version after the PATCH, which was ${before} before`).not.toBe(before);
  });

  test('PUT gives the user a new version', verifies('RFC7644-3.14-version'), async ({ scim, entra }) => {
    const { id, user } = await arrangeUser(scim, entra);
    const before = await currentVersion(scim, id, 'read the version before the PUT');
    const body = { ...user.body, displayName: `${user.source.displayName} Jr` };

    requireSuccess(await scim.request({ method: 'PUT', path: `Users/${encodeURIComponent(id)}`, body, purpose: 'rename the user' }), 'rename the user');
    const after = await currentVersion(scim, id, 'read the version after the PUT');

    expect(after, `version after the PUT, which was ${before} before`).not.toBe(before);
  });

  test('If-Match guards PUT', verifies('RFC7644-3.14-if-match'), async ({ scim, entra }) => {
    const { id, user } = await arrangeUser(scim, entra);
    const path = `Users/${encodeURIComponent(id)}`;
    const named = (suffix: string) => ({ ...user.body, displayName: `${user.source.displayName} ${suffix}` });
    const stale = await currentVersion(scim, id, 'read the first version');
    requireSuccess(await scim.request({ method: 'PUT', path, body: named('II'), purpose: 'rename the user' }), 'rename the user');
    const current = await currentVersion(scim, id, 'read the second version');
    if (current === stale) blockOn('give the user a new version', `the version stayed ${stale} after a PUT`);

    const rejected = await scim.request({ method: 'PUT', path, body: named('III'), headers: { 'If-Match': stale }, purpose: 'PUT with a stale If-Match' });
    const afterStale = await scim.getUser(id, undefined, 'confirm the stale PUT changed nothing');
    const accepted = await scim.request({ method: 'PUT', path, body: named('IV'), headers: { 'If-Match': current }, purpose: 'PUT with the current If-Match' });
    const afterCurrent = await scim.getUser(id, undefined, 'confirm the current PUT applied');

    expect(rejected).toHaveStatus(412, `PUT with If-Match ${stale}, a stale version`);
    expect(bodyOf(afterStale).displayName, 'displayName after the stale PUT').toBe(named('II').displayName);
    expect(accepted).toHaveStatus(200, `PUT with If-Match ${current}, the current version`);
    expect(bodyOf(afterCurrent).displayName, 'displayName after the current PUT').toBe(named('IV').displayName);
  });

  test('If-Match guards PATCH', verifies('RFC7644-3.14-if-match'), async ({ scim, entra, capabilities, dialect }) => {
    requireFeature(capabilities, 'patch');
    const { id, user } = await arrangeUser(scim, entra);
    const named = (suffix: string) => `${user.source.displayName} ${suffix}`;
    const patch = (suffix: string, version: string, purpose: string) =>
      scim.request({
        method: 'PATCH',
        path: `Users/${encodeURIComponent(id)}`,
        body: updateBody(dialect, rename(named(suffix))),
        dialectHeaders: dialect.headers,
        headers: { 'If-Match': version },
        purpose,
      });
    const stale = await currentVersion(scim, id, 'read the first version');
    requireSuccess(await scim.updateAs('Users', id, rename(named('II')), 'rename the user'), 'rename the user');
    const current = await currentVersion(scim, id, 'read the second version');
    if (current === stale) blockOn('give the user a new version', `the version stayed ${stale} after a PATCH`);

    const rejected = await patch('III', stale, 'PATCH with a stale If-Match');
    const afterStale = await scim.getUser(id, undefined, 'confirm the stale PATCH changed nothing');
    const accepted = await patch('IV', current, 'PATCH with the current If-Match');
    const afterCurrent = await scim.getUser(id, undefined, 'confirm the current PATCH applied');

    expect(rejected).toHaveStatus(412, `PATCH with If-Match ${stale}, a stale version`);
    expect(bodyOf(afterStale).displayName, 'displayName after the stale PATCH').toBe(named('II'));
    expect(accepted).toHaveStatus([200, 204], `PATCH with If-Match ${current}, the current version`);
    expect(bodyOf(afterCurrent).displayName, 'displayName after the current PATCH').toBe(named('IV'));
  });

  test('If-None-Match with current version returns 304', verifies('RFC7644-3.14-if-none-match'), async ({ scim, entra }) => {
    const { id } = await arrangeUser(scim, entra);
    const version = await currentVersion(scim, id, 'read the current version');

    const response = await scim.request({
      method: 'GET',
      path: `Users/${encodeURIComponent(id)}`,
      headers: { 'If-None-Match': version },
      purpose: 'read the user only if it changed',
    });

    expect(response).toHaveStatus(304, `GET with If-None-Match ${version}, the current version`);
    expect(response.text, 'body of the 304 response').toBe('');
  });
});
