import {
  type EntraUser,
  type Resource,
  type Session,
  blockOn,
  bodyOf,
  expect,
  listedResources,
  loadDialect,
  matchingAttribute,
  readBackDifferences,
  requireId,
  requireMapped,
  requireSuccess,
  test,
  verifies,
} from '../../fixtures/index.js';

test.describe('User provisioning cycle', () => {
  // In order, in one worker; unlike serial mode, a failed step does not stop the steps after it,
  // which each create what an earlier step would have left.
  test.describe.configure({ mode: 'default' });

  let session: Session;
  let user: EntraUser;
  let userId: string | undefined;
  // A user whose userName extends the cycle user's, so a query that ignores its filter or
  // matches substrings lists it too.
  let decoyCreated = false;
  // Set once the disable step has read the user back inactive.
  let disabled = false;

  test.beforeAll(async ({ openSession }) => {
    session = await openSession('user cycle');
    user = session.entra.user();
  });

  test.afterAll(async () => {
    await session.close();
  });

  /** Returns the id of the cycle user, creating it when the create step did not run. */
  async function cycleUserId(): Promise<string> {
    if (userId) return userId;
    const response = await session.scim.createUser(user.body, 'create the cycle user');
    const id = requireId(response, 'create the cycle user');
    userId = id;
    return id;
  }

  async function createDecoy(): Promise<void> {
    if (decoyCreated) return;
    const decoy = session.entra.user({ userPrincipalName: `${user.source.userPrincipalName}.invalid` });
    requireSuccess(await session.scim.createUser(decoy.body, 'create a user with a longer userName'), 'create a decoy user');
    decoyCreated = true;
  }

  async function readBack(id: string, purpose: string): Promise<Resource> {
    const read = await session.scim.getUser(id, undefined, purpose);
    requireSuccess(read, 'read the user back');
    return bodyOf(read);
  }

  /** Builds Entra's lookup filter: the matching attribute equal to the cycle user's value. */
  function matchFilter(): string {
    const attribute = matchingAttribute(session.entra.mappings, 'users');
    const value = user.values[attribute];
    if (value === undefined) blockOn('build the matching value', `the mappings give no value for ${attribute}`);
    return `${attribute} eq ${JSON.stringify(value)}`;
  }

  test('match query before create is empty', verifies('ENTRA-CYCLE-MATCH-QUERY'), async () => {
    await createDecoy();

    const response = await session.scim.filterUsers(matchFilter(), 'look the user up before the create');

    expect(response).toHaveStatus(200, 'matching-attribute query');
    expect(bodyOf(response).totalResults, 'totalResults').toBe(0);
    expect(listedResources(response), 'Resources').toEqual([]);
  });

  test('POST /Users creates the user', verifies('RFC7644-3.3'), async () => {
    const response = await session.scim.createUser(user.body);
    const id = bodyOf(response).id;
    if (response.status >= 200 && response.status < 300 && typeof id === 'string' && id !== '') userId = id;

    expect(response).toHaveStatus(201, 'POST /Users');
    expect(response).toHaveId('create response');
    const created = await readBack(String(id), 'confirm the user exists');
    expect(created.id, 'id of the user read back').toBe(id);
  });

  test('GET by id returns the user', verifies('RFC7644-3.4.1'), async () => {
    const id = await cycleUserId();

    const response = await session.scim.getUser(id);

    expect(response).toHaveStatus(200, 'GET /Users/{id}');
    expect(bodyOf(response).id, 'id of the user read back').toBe(id);
    expect(String(bodyOf(response).userName).toLowerCase(), 'userName of the user read back').toBe(
      user.source.userPrincipalName.toLowerCase(),
    );
  });

  test('match query finds exactly the user', verifies('ENTRA-CYCLE-MATCH-QUERY'), async () => {
    const id = await cycleUserId();
    await createDecoy();

    const response = await session.scim.filterUsers(matchFilter(), 'look the user up after the create');

    expect(response).toHaveStatus(200, 'matching-attribute query');
    expect(listedResources(response).map((found) => found.id), 'ids the query lists').toEqual([id]);
    expect(bodyOf(response).totalResults, 'totalResults').toBe(1);
  });

  test('Replace updates title and displayName', verifies('ENTRA-UPDATE-REPLACE'), async () => {
    requireMapped(session.entra.mappings, 'users', 'title');
    requireMapped(session.entra.mappings, 'users', 'displayName');
    const id = await cycleUserId();
    const next = session.entra.user();
    const expected = { title: `${next.source.jobTitle} (new)`, displayName: next.source.displayName };

    const changes = Object.entries(expected).map(([path, value]) => ({ op: 'replace' as const, path, value }));
    const response = await session.scim.updateAs('Users', id, changes, 'update title and displayName');

    expect(response).toHaveStatus([200, 204], 'update PATCH');
    const stored = await readBack(id, 'confirm the new values');
    expect(readBackDifferences(expected, stored), 'values the update did not set').toEqual([]);
  });

  test('Replace updates name.familyName alone', verifies('ENTRA-UPDATE-SUBATTRIBUTE'), async () => {
    requireMapped(session.entra.mappings, 'users', 'name.familyName');
    const id = await cycleUserId();
    const familyName = `${session.entra.user().source.surname}-${user.source.surname}`;
    const givenName = Object.fromEntries(Object.entries(user.values).filter(([path]) => path === 'name.givenName'));

    const response = await session.scim.updateAs('Users', id, [{ op: 'replace', path: 'name.familyName', value: familyName }], 'update the family name');

    expect(response).toHaveStatus([200, 204], 'update PATCH');
    const stored = await readBack(id, 'confirm the new family name');
    expect(readBackDifferences({ 'name.familyName': familyName, ...givenName }, stored), 'name values after the update').toEqual([]);
  });

  test('disable request deactivates the user', verifies('ENTRA-CYCLE-DISABLE'), async () => {
    const id = await cycleUserId();

    const response = await session.scim.patchAs('Users', id, 'setActive', { active: false }, 'disable user');

    expect(response).toHaveStatus([200, 204], 'disable PATCH');
    const stored = await readBack(id, 'confirm the user is disabled');
    expect(stored.active, '"active" read back, as a JSON boolean').toBe(false);
    disabled = true;
  });

  test('enable request reactivates the user', verifies('ENTRA-REENABLE'), async () => {
    const id = await cycleUserId();
    if (!disabled) {
      // Disables with a plain RFC request, so that only the enable request uses the run's shape.
      const arranged = await session.scim.patchAs('Users', id, 'setActive', { active: false }, 'disable user', loadDialect('rfc'));
      requireSuccess(arranged, 'disable user');
      const before = await readBack(id, 'confirm the user is disabled');
      if (before.active !== false) blockOn('disable user', `the user reads back with active ${JSON.stringify(before.active)}`);
    }

    const response = await session.scim.patchAs('Users', id, 'setActive', { active: true }, 'enable user');

    expect(response).toHaveStatus([200, 204], 'enable PATCH');
    const stored = await readBack(id, 'confirm the user is active');
    expect(stored.active, '"active" read back, as a JSON boolean').toBe(true);
    expect(stored.id, 'id of the reactivated user').toBe(id);
  });

  test('DELETE removes the user for good', verifies('RFC7644-3.6'), async () => {
    const id = await cycleUserId();

    const response = await session.scim.delete('Users', id, 'delete user');

    expect(response).toHaveStatus(204, 'DELETE /Users/{id}');
    const read = await session.scim.getUser(id, undefined, 'confirm the user is gone');
    expect(read).toHaveStatus(404, 'GET /Users/{id} after the delete');
    const again = await session.scim.delete('Users', id, 'delete the user again');
    expect(again).toHaveStatus(404, 'second DELETE /Users/{id}');
  });
});
