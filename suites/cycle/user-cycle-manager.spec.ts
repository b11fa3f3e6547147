import {
  ENTERPRISE_USER_URN,
  type Resource,
  type Session,
  arrangeUser,
  blockOn,
  bodyOf,
  expect,
  loadDialect,
  readBackDifferences,
  readPath,
  requireMapped,
  requireSuccess,
  test,
  verifies,
} from '../../fixtures/index.js';

const MANAGER = `${ENTERPRISE_USER_URN}:manager`;

/** Returns the manager id a user carries, whether as {"value": id} or as a bare id. */
function managerIdOf(user: Resource): unknown {
  const manager = readPath(user, MANAGER);
  return manager && typeof manager === 'object' ? (manager as Resource).value : manager;
}

test.describe('Manager updates in the provisioning cycle', () => {
  // In order, in one worker; unlike serial mode, a failed step does not stop the steps after it,
  // which each create what an earlier step would have left.
  test.describe.configure({ mode: 'default' });

  let session: Session;
  let userId: string | undefined;
  // The first manager, then the one it is replaced with.
  let firstManagerId: string | undefined;
  let secondManagerId: string | undefined;
  // The manager the user was last seen to have.
  let currentManagerId: string | undefined;

  test.beforeAll(async ({ openSession }) => {
    session = await openSession('manager updates');
  });

  test.afterAll(async () => {
    await session.close();
  });

  test.beforeEach(async () => {
    requireMapped(session.entra.mappings, 'users', MANAGER);
  });

  async function cycleUserId(): Promise<string> {
    userId ??= (await arrangeUser(session.scim, session.entra)).id;
    return userId;
  }

  async function firstManager(): Promise<string> {
    firstManagerId ??= (await arrangeUser(session.scim, session.entra)).id;
    return firstManagerId;
  }

  async function readBack(id: string, purpose: string): Promise<Resource> {
    const read = await session.scim.getUser(id, undefined, purpose);
    requireSuccess(read, 'read the user back');
    return bodyOf(read);
  }

  /** Sets the first manager with a plain RFC request when no earlier step set a manager. */
  async function requireManager(id: string): Promise<string> {
    if (currentManagerId) return currentManagerId;
    const managerId = await firstManager();
    const change = { op: 'add' as const, path: MANAGER, value: managerId };
    requireSuccess(await session.scim.updateAs('Users', id, [change], 'set the manager', loadDialect('rfc')), 'set the manager');
    const stored = await readBack(id, 'confirm the manager');
    if (managerIdOf(stored) !== managerId) blockOn('set the manager', `the user reads back with manager ${JSON.stringify(readPath(stored, MANAGER))}`);
    currentManagerId = managerId;
    return managerId;
  }

  test('Add sets the manager', verifies('ENTRA-MANAGER-SET'), async () => {
    const id = await cycleUserId();
    const managerId = await firstManager();

    const response = await session.scim.updateAs('Users', id, [{ op: 'add', path: MANAGER, value: managerId }], 'set the manager');

    expect(response).toHaveStatus([200, 204], 'manager PATCH');
    const stored = await readBack(id, 'confirm the manager');
    expect(managerIdOf(stored), 'manager id read back').toBe(managerId);
    currentManagerId = managerId;
  });

  test('manager reads back as {value}', verifies('ENTRA-MANAGER-READBACK'), async () => {
    const id = await cycleUserId();
    const managerId = await requireManager(id);

    const stored = await readBack(id, 'read the manager');

    expect(typeof readPath(stored, MANAGER), 'type of the manager read back').toBe('object');
    expect(readBackDifferences({ [`${MANAGER}.value`]: managerId }, stored), 'manager value read back').toEqual([]);
  });

  test('Replace changes the manager', verifies('ENTRA-MANAGER-CHANGE'), async () => {
    const id = await cycleUserId();
    const previous = await requireManager(id);
    secondManagerId ??= (await arrangeUser(session.scim, session.entra)).id;

    const response = await session.scim.updateAs('Users', id, [{ op: 'replace', path: MANAGER, value: secondManagerId }], 'change the manager');

    expect(response).toHaveStatus([200, 204], 'manager PATCH');
    const stored = await readBack(id, 'confirm the new manager');
    expect(managerIdOf(stored), `manager id read back (previously ${previous})`).toBe(secondManagerId);
    currentManagerId = secondManagerId;
  });

  test('Remove clears the manager', verifies('ENTRA-MANAGER-REMOVE'), async () => {
    const id = await cycleUserId();
    await requireManager(id);

    const response = await session.scim.updateAs('Users', id, [{ op: 'remove', path: MANAGER }], 'remove the manager');

    expect(response).toHaveStatus([200, 204], 'manager PATCH');
    const stored = await readBack(id, 'confirm the manager is gone');
    expect(readPath(stored, MANAGER), 'manager read back').toBeUndefined();
    currentManagerId = undefined;
  });
});
