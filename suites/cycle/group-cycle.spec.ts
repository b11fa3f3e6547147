import {
  type EntraGroup,
  type Resource,
  type Session,
  arrangeUsers,
  blockOn,
  bodyOf,
  expect,
  listedResources,
  loadDialect,
  memberValues,
  readBackDifferences,
  requireId,
  requireMapped,
  requireSuccess,
  test,
  verifies,
} from '../../fixtures/index.js';

// Entra reads groups without their members, which may be many.
const WITHOUT_MEMBERS = { excludedAttributes: 'members' };

test.describe('Group provisioning cycle', () => {
  // In order, in one worker; unlike serial mode, a failed step does not stop the steps after it,
  // which each create what an earlier step would have left.
  test.describe.configure({ mode: 'default' });

  let session: Session;
  let group: EntraGroup;
  let groupId: string | undefined;
  // The displayName the group was last given.
  let displayName: string;
  // The member ids the group was last seen to have.
  let memberIds: string[] = [];

  test.beforeAll(async ({ openSession }) => {
    session = await openSession('group cycle');
    group = session.entra.group();
    displayName = group.displayName;
  });

  test.afterAll(async () => {
    await session.close();
  });

  async function cycleGroupId(): Promise<string> {
    if (groupId) return groupId;
    const response = await session.scim.createGroup(group.body, 'create the cycle group');
    const id = requireId(response, 'create the cycle group');
    groupId = id;
    return id;
  }

  async function readBack(id: string, purpose: string, query?: Record<string, string>): Promise<Resource> {
    const read = await session.scim.getGroup(id, query, purpose);
    requireSuccess(read, 'read the group back');
    return bodyOf(read);
  }

  /** Adds three members with a plain RFC request when no earlier step added any. */
  async function requireMembers(id: string): Promise<string[]> {
    if (memberIds.length > 0) return memberIds;
    const users = (await arrangeUsers(session.scim, session.entra, 3)).map((user) => user.id);
    requireSuccess(await session.scim.patchAs('Groups', id, 'addMembers', { memberIds: users }, 'add members', loadDialect('rfc')), 'add members');
    const present = memberValues(await readBack(id, 'confirm the members'));
    if (!users.every((user) => present.includes(user))) blockOn('add members', `the group reads back with members ${JSON.stringify(present)}`);
    memberIds = users;
    return users;
  }

  test('displayName query before create is empty', verifies('ENTRA-GROUP-MATCH-QUERY'), async () => {
    const response = await session.scim.filterGroups(`displayName eq ${JSON.stringify(group.displayName)}`, 'look the group up', WITHOUT_MEMBERS);

    expect(response).toHaveStatus(200, 'displayName query');
    expect(bodyOf(response).totalResults, 'totalResults').toBe(0);
    expect(listedResources(response), 'Resources').toEqual([]);
  });

  test('POST /Groups creates the empty group', verifies('RFC7644-3.3'), async () => {
    const response = await session.scim.createGroup(group.body);
    const id = bodyOf(response).id;
    if (response.status >= 200 && response.status < 300 && typeof id === 'string' && id !== '') groupId = id;

    expect(response).toHaveStatus(201, 'POST /Groups');
    expect(response).toHaveId('create response');
  });

  test('GET by id returns the group', verifies('RFC7644-3.4.1'), async () => {
    const id = await cycleGroupId();

    const response = await session.scim.getGroup(id, WITHOUT_MEMBERS);

    expect(response).toHaveStatus(200, 'GET /Groups/{id}?excludedAttributes=members');
    expect(bodyOf(response).id, 'id of the group read back').toBe(id);
    expect(bodyOf(response).displayName, 'displayName of the group read back').toBe(group.displayName);
    expect(Object.keys(bodyOf(response)), 'attributes of the group read back').not.toContain('members');
  });

  test('Replace renames the group', verifies('ENTRA-GROUP-RENAME'), async () => {
    const id = await cycleGroupId();
    const renamed = session.entra.group().displayName;

    const response = await session.scim.updateAs('Groups', id, [{ op: 'replace', path: 'displayName', value: renamed }], 'rename the group');

    expect(response).toHaveStatus([200, 204], 'rename PATCH');
    const stored = await readBack(id, 'confirm the new name', WITHOUT_MEMBERS);
    expect(readBackDifferences({ displayName: renamed }, stored), 'displayName after the rename').toEqual([]);
    expect(stored.id, 'id of the renamed group').toBe(id);
    displayName = renamed;
  });

  test('Replace changes the group externalId', verifies('ENTRA-UPDATE-REPLACE'), async () => {
    requireMapped(session.entra.mappings, 'groups', 'externalId');
    const id = await cycleGroupId();
    const externalId = session.entra.group().externalId;

    const response = await session.scim.updateAs('Groups', id, [{ op: 'replace', path: 'externalId', value: externalId }], 'change the externalId');

    expect(response).toHaveStatus([200, 204], 'externalId PATCH');
    const stored = await readBack(id, 'confirm the new externalId', WITHOUT_MEMBERS);
    expect(readBackDifferences({ externalId }, stored), 'externalId after the update').toEqual([]);
  });

  test('one PATCH adds three members', verifies('ENTRA-CYCLE-MEMBERS-ADD'), async () => {
    requireMapped(session.entra.mappings, 'groups', 'members');
    const id = await cycleGroupId();
    const users = (await arrangeUsers(session.scim, session.entra, 3)).map((user) => user.id);

    const response = await session.scim.patchAs('Groups', id, 'addMembers', { memberIds: users }, 'add three members');

    expect(response).toHaveStatus([200, 204], 'add PATCH');
    const stored = await readBack(id, 'confirm the members');
    expect(memberValues(stored).sort(), 'member ids read back').toEqual([...users].sort());
    memberIds = users;
  });

  test('removing two members keeps the third', verifies('ENTRA-CYCLE-MEMBERS-REMOVE'), async () => {
    requireMapped(session.entra.mappings, 'groups', 'members');
    const id = await cycleGroupId();
    const [first, second, staying] = await requireMembers(id);

    const response = await session.scim.patchAs('Groups', id, 'removeMembers', { memberIds: [first, second] }, 'remove two members');

    expect(response).toHaveStatus([200, 204], 'remove PATCH');
    const stored = await readBack(id, 'confirm the remaining member');
    expect(memberValues(stored), 'member ids read back').toEqual([staying]);
    memberIds = [staying];
  });

  test('displayName query finds the group without members', verifies('RFC7644-3.4.2.5'), async () => {
    requireMapped(session.entra.mappings, 'groups', 'members');
    const id = await cycleGroupId();
    await requireMembers(id);

    const response = await session.scim.filterGroups(`displayName eq ${JSON.stringify(displayName)}`, 'look the group up', WITHOUT_MEMBERS);

    expect(response).toHaveStatus(200, 'displayName query with excludedAttributes=members');
    const found = listedResources(response);
    expect(found.map((resource) => resource.id), 'ids the query lists').toEqual([id]);
    expect(Object.keys(found[0] ?? {}), 'attributes of the group in the query result').not.toContain('members');
  });

  test('DELETE removes the group for good', verifies('RFC7644-3.6'), async () => {
    const id = await cycleGroupId();

    const response = await session.scim.delete('Groups', id, 'delete group');

    expect(response).toHaveStatus(204, 'DELETE /Groups/{id}');
    const read = await session.scim.getGroup(id, undefined, 'confirm the group is gone');
    expect(read).toHaveStatus(404, 'GET /Groups/{id} after the delete');
    const again = await session.scim.delete('Groups', id, 'delete the group again');
    expect(again).toHaveStatus(404, 'second DELETE /Groups/{id}');
  });
});
