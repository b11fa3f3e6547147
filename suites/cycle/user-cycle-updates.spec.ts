import {
  type AttributeChange,
  ENTERPRISE_USER_URN,
  type EntraUser,
  type Resource,
  type Session,
  blockOn,
  bodyOf,
  expect,
  loadDialect,
  readBackDifferences,
  requireId,
  requireMapped,
  requireSuccess,
  test,
  valueDifferences,
  verifies,
} from '../../fixtures/index.js';

const WORK_EMAIL = 'emails[type eq "work"].value';
const WORK_PHONE = 'phoneNumbers[type eq "work"].value';
const MOBILE_PHONE = 'phoneNumbers[type eq "mobile"].value';
const WORK_STREET = 'addresses[type eq "work"].streetAddress';
const WORK_ADDRESS = 'addresses[type eq "work"].';
const DEPARTMENT = `${ENTERPRISE_USER_URN}:department`;
const EMPLOYEE_NUMBER = `${ENTERPRISE_USER_URN}:employeeNumber`;

test.describe('User attribute updates in the provisioning cycle', () => {
  // In order, in one worker; unlike serial mode, a failed step does not stop the steps after it,
  // which each create what an earlier step would have left.
  test.describe.configure({ mode: 'default' });

  let session: Session;
  // Created without phones, work address and employee number, so that later steps add them as Entra does.
  let user: EntraUser;
  let userId: string | undefined;
  // Paths whose values an earlier step set, with those values.
  const present: Record<string, unknown> = {};

  test.beforeAll(async ({ openSession }) => {
    session = await openSession('user attribute updates');
    user = session.entra.user({
      telephoneNumber: '',
      mobile: '',
      physicalDeliveryOfficeName: '',
      streetAddress: '',
      city: '',
      state: '',
      postalCode: '',
      country: '',
      employeeId: '',
    });
  });

  test.afterAll(async () => {
    await session.close();
  });

  async function cycleUserId(): Promise<string> {
    if (userId) return userId;
    const response = await session.scim.createUser(user.body, 'create the cycle user');
    const id = requireId(response, 'create the cycle user');
    userId = id;
    return id;
  }

  async function readBack(id: string, purpose: string): Promise<Resource> {
    const read = await session.scim.getUser(id, undefined, purpose);
    requireSuccess(read, 'read the user back');
    return bodyOf(read);
  }

  /** Returns the mapped paths among the given ones, after checking that the first is mapped. */
  function mappedPaths(...paths: string[]): string[] {
    requireMapped(session.entra.mappings, 'users', paths[0]);
    return paths.filter((path) => path in session.entra.mappings.users.attributes);
  }

  /** Builds changes that give each path the value a newly generated user has there. */
  function changesFor(op: AttributeChange['op'], paths: string[]): { changes: AttributeChange[]; expected: Record<string, unknown> } {
    const next = session.entra.user();
    const unsupported = paths.filter((path) => next.values[path] === undefined);
    if (unsupported.length > 0) blockOn('generate new values', `the mappings give no value for ${unsupported.join(', ')}`);
    const expected = Object.fromEntries(paths.map((path) => [path, next.values[path]]));
    return { changes: paths.map((path) => ({ op, path, value: expected[path] })), expected };
  }

  /** Returns the phone numbers the user was created with, such as the fax, outside the given paths. */
  function otherPhones(paths: string[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(user.values).filter(([path]) => path.startsWith('phoneNumbers[') && !paths.includes(path)));
  }

  /** Blocks the step unless the user was created without a value at each path. */
  function requireAbsent(paths: string[]): void {
    const found = paths.filter((path) => path in user.values);
    if (found.length > 0) blockOn('create the user without these values', `the mappings still send ${found.join(', ')}`);
  }

  /** Sets the paths with a plain RFC request when no earlier step did, so the step can replace them. */
  async function requirePresent(id: string, paths: string[]): Promise<void> {
    const missing = paths.filter((path) => !(path in present) && !(path in user.values));
    if (missing.length === 0) return;
    const { changes, expected } = changesFor('add', missing);
    requireSuccess(await session.scim.updateAs('Users', id, changes, 'add the values to replace', loadDialect('rfc')), 'add values');
    const differences = valueDifferences(expected, await readBack(id, 'confirm the added values'));
    if (differences.length > 0) blockOn('add values', `the user reads back with ${JSON.stringify(differences)}`);
    Object.assign(present, expected);
  }

  test('Replace updates the work email', verifies('ENTRA-UPDATE-FILTERED'), async () => {
    const paths = mappedPaths(WORK_EMAIL);
    const id = await cycleUserId();
    await requirePresent(id, paths);
    const { changes, expected } = changesFor('replace', paths);

    const response = await session.scim.updateAs('Users', id, changes, 'replace the work email');

    expect(response).toHaveStatus([200, 204], 'update PATCH');
    const stored = await readBack(id, 'confirm the new work email');
    expect(readBackDifferences(expected, stored), 'work email after the update').toEqual([]);
    Object.assign(present, expected);
  });

  test('Add creates absent work and mobile phones', verifies('ENTRA-UPDATE-ADD-ABSENT'), async () => {
    const paths = mappedPaths(WORK_PHONE, MOBILE_PHONE);
    requireAbsent(paths);
    const id = await cycleUserId();
    const { changes, expected } = changesFor('add', paths);
    const others = otherPhones(paths);

    const response = await session.scim.updateAs('Users', id, changes, 'add work and mobile phones');

    expect(response).toHaveStatus([200, 204], 'update PATCH');
    const stored = await readBack(id, 'confirm the new phone numbers');
    expect(readBackDifferences({ ...others, ...expected }, stored), 'phone numbers after the add, one of each type').toEqual([]);
    Object.assign(present, expected);
  });

  test('Replace updates present phones', verifies('ENTRA-UPDATE-FILTERED'), async () => {
    const paths = mappedPaths(WORK_PHONE, MOBILE_PHONE);
    const id = await cycleUserId();
    await requirePresent(id, paths);
    const { changes, expected } = changesFor('replace', paths);
    const others = otherPhones(paths);

    const response = await session.scim.updateAs('Users', id, changes, 'replace work and mobile phones');

    expect(response).toHaveStatus([200, 204], 'update PATCH');
    const stored = await readBack(id, 'confirm the new phone numbers');
    expect(readBackDifferences({ ...others, ...expected }, stored), 'phone numbers after the update').toEqual([]);
    Object.assign(present, expected);
  });

  test('Add creates the work address once', verifies('ENTRA-UPDATE-ADD-ABSENT'), async () => {
    requireMapped(session.entra.mappings, 'users', WORK_STREET);
    const paths = Object.keys(session.entra.mappings.users.attributes).filter((path) => path.startsWith(WORK_ADDRESS));
    requireAbsent(paths);
    const id = await cycleUserId();
    const { changes, expected } = changesFor('add', paths);

    const response = await session.scim.updateAs('Users', id, changes, 'add the work address');

    expect(response).toHaveStatus([200, 204], 'update PATCH');
    const stored = await readBack(id, 'confirm the new work address');
    const addresses = Array.isArray(stored.addresses) ? (stored.addresses as Resource[]) : [];
    expect(addresses.filter((address) => address.type === 'work').length, 'number of work addresses').toBe(1);
    expect(readBackDifferences(expected, stored), 'work address after the add').toEqual([]);
    Object.assign(present, expected);
  });

  test('Replace updates the work address', verifies('ENTRA-UPDATE-FILTERED'), async () => {
    const paths = mappedPaths(WORK_STREET, `${WORK_ADDRESS}locality`, `${WORK_ADDRESS}postalCode`);
    const id = await cycleUserId();
    await requirePresent(id, paths);
    const { changes, expected } = changesFor('replace', paths);

    const response = await session.scim.updateAs('Users', id, changes, 'replace the work address');

    expect(response).toHaveStatus([200, 204], 'update PATCH');
    const stored = await readBack(id, 'confirm the new work address');
    expect(readBackDifferences(expected, stored), 'work address after the update').toEqual([]);
    Object.assign(present, expected);
  });

  test('Replace updates the department', verifies('ENTRA-UPDATE-REPLACE'), async () => {
    const paths = mappedPaths(DEPARTMENT);
    const id = await cycleUserId();
    await requirePresent(id, paths);
    // Faker draws departments from a short list, so the old name is appended to make the value new.
    const department = `${session.entra.user().source.department} ${String(user.values[DEPARTMENT] ?? '')}`.trim();
    const expected = { [DEPARTMENT]: department };

    const response = await session.scim.updateAs('Users', id, [{ op: 'replace', path: DEPARTMENT, value: department }], 'replace the department');

    expect(response).toHaveStatus([200, 204], 'update PATCH');
    const stored = await readBack(id, 'confirm the new department');
    expect(readBackDifferences(expected, stored), 'department after the update').toEqual([]);
    Object.assign(present, expected);
  });

  test('Add sets an absent employeeNumber', verifies('ENTRA-UPDATE-ADD'), async () => {
    const paths = mappedPaths(EMPLOYEE_NUMBER);
    requireAbsent(paths);
    const id = await cycleUserId();
    const { changes, expected } = changesFor('add', paths);

    const response = await session.scim.updateAs('Users', id, changes, 'add the employee number');

    expect(response).toHaveStatus([200, 204], 'update PATCH');
    const stored = await readBack(id, 'confirm the new employee number');
    expect(readBackDifferences(expected, stored), 'employeeNumber after the add').toEqual([]);
    Object.assign(present, expected);
  });

  test('Replace updates the employeeNumber', verifies('ENTRA-UPDATE-REPLACE'), async () => {
    const paths = mappedPaths(EMPLOYEE_NUMBER);
    const id = await cycleUserId();
    await requirePresent(id, paths);
    const { changes, expected } = changesFor('replace', paths);

    const response = await session.scim.updateAs('Users', id, changes, 'replace the employee number');

    expect(response).toHaveStatus([200, 204], 'update PATCH');
    const stored = await readBack(id, 'confirm the new employee number');
    expect(readBackDifferences(expected, stored), 'employeeNumber after the update').toEqual([]);
  });
});
