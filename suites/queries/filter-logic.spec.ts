import {
  ENTERPRISE_USER_URN,
  type EntraUser,
  type Resource,
  arrangeUser,
  bodyOf,
  expect,
  listedResources,
  requireFeature,
  requireId,
  requireMapped,
  test,
  verifies,
} from '../../fixtures/index.js';

type Client = Parameters<typeof arrangeUser>[0];

const WORK_EMAIL = 'emails[type eq "work"].value';
const DEPARTMENT = `${ENTERPRISE_USER_URN}:department`;

/** Returns the longest start that every text shares. */
function sharedStart(texts: string[]): string {
  let start = texts[0] ?? '';
  for (const text of texts) {
    while (!text.startsWith(start)) start = start.slice(0, -1);
  }
  return start;
}

/**
 * Creates the users and returns their ids in the same order, with a clause that matches only
 * them, because their userNames share a start that contains the run prefix and this test's key.
 */
async function arrangeAll(scim: Client, users: EntraUser[]): Promise<{ ids: string[]; marker: string }> {
  const ids: string[] = [];
  for (const user of users) {
    const response = await scim.createUser(user.body);
    const id = requireId(response, 'create user');
    ids.push(id);
  }
  const start = sharedStart(users.map((user) => user.source.userPrincipalName));
  return { ids, marker: `userName sw ${JSON.stringify(start)}` };
}

const sortedIds = (resources: Resource[]) => resources.map((resource) => String(resource.id)).sort();
const quoted = (user: EntraUser) => JSON.stringify(user.source.userPrincipalName);

test.describe('Filter logic', () => {
  test.beforeEach(({ capabilities }) => {
    requireFeature(capabilities, 'filter');
  });

  test('and requires every clause', verifies('RFC7644-3.4.2.2-logic'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', 'title');
    const users = ['Analyst', 'Senior Analyst', 'Engineer'].map((jobTitle) => entra.user({ jobTitle }));
    const { ids, marker } = await arrangeAll(scim, users);

    const response = await scim.filterUsers(`${marker} and title co "Analyst" and title sw "Senior"`, 'query with two and clauses');

    expect(response).toHaveStatus(200, 'query with and');
    expect(sortedIds(listedResources(response)), 'ids selected').toEqual([ids[1]]);
  });

  test('or accepts either clause', verifies('RFC7644-3.4.2.2-logic'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', 'title');
    const users = ['Analyst', 'Senior Analyst', 'Engineer'].map((jobTitle) => entra.user({ jobTitle }));
    const { ids, marker } = await arrangeAll(scim, users);

    const response = await scim.filterUsers(`${marker} and (title eq "Analyst" or title eq "Engineer")`, 'query with or');

    expect(response).toHaveStatus(200, 'query with or');
    expect(sortedIds(listedResources(response)), 'ids selected').toEqual([ids[0], ids[2]].sort());
  });

  test('not negates its group', verifies('RFC7644-3.4.2.2-logic'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', 'title');
    const users = ['Analyst', 'Senior Analyst', 'Engineer'].map((jobTitle) => entra.user({ jobTitle }));
    const { ids, marker } = await arrangeAll(scim, users);

    const response = await scim.filterUsers(`${marker} and not (title co "Analyst")`, 'query with not');

    expect(response).toHaveStatus(200, 'query with not');
    expect(sortedIds(listedResources(response)), 'ids selected').toEqual([ids[2]]);
  });

  test('and binds tighter than or', verifies('RFC7644-3.4.2.2-logic'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', 'title');
    const users = ['Analyst', 'Senior Analyst', 'Engineer'].map((jobTitle) => entra.user({ jobTitle }));
    const { ids } = await arrangeAll(scim, users);
    // Read as a or (b and c), the filter selects the first user. Read left to right, it selects no user.
    const filter = `userName eq ${quoted(users[0])} or userName eq ${quoted(users[1])} and title eq "Engineer"`;

    const response = await scim.filterUsers(filter, 'query mixing or and and');

    expect(response).toHaveStatus(200, 'query mixing or and and');
    expect(sortedIds(listedResources(response)), 'ids selected').toEqual([ids[0]]);
  });

  test('parentheses group before and', verifies('RFC7644-3.4.2.2-logic'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', 'title');
    const users = ['Analyst', 'Senior Analyst', 'Engineer'].map((jobTitle) => entra.user({ jobTitle }));
    const { ids } = await arrangeAll(scim, users);
    const filter = `(userName eq ${quoted(users[0])} or userName eq ${quoted(users[1])}) and title eq "Senior Analyst"`;

    const response = await scim.filterUsers(filter, 'query with a group');

    expect(response).toHaveStatus(200, 'query with parentheses');
    expect(sortedIds(listedResources(response)), 'ids selected').toEqual([ids[1]]);
  });

  test('complex value filter matches one element', verifies('RFC7644-3.4.2.2-valuePath'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', WORK_EMAIL);
    const worker = entra.user();
    const other = entra.user();
    // The second user's only email is a home address, so only the first has a work email.
    const emails = (other.body.emails as Resource[]).map((email) => ({ ...email, type: 'home' }));
    const homeOnly = { ...other, body: { ...other.body, emails } };
    const { ids, marker } = await arrangeAll(scim, [worker, homeOnly]);

    const response = await scim.filterUsers(`${marker} and emails[type eq "work" and value co "@"]`, 'query by work email');

    expect(response).toHaveStatus(200, 'query with a complex value filter');
    expect(sortedIds(listedResources(response)), 'ids selected').toEqual([ids[0]]);
  });

  test('enterprise attribute filters by its URN', verifies('RFC7644-3.4.2.2-urn'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', DEPARTMENT);
    // The second department contains the first, so a substring match shows.
    const users = ['Clinical Research', 'Clinical Research Billing'].map((department) => entra.user({ department }));
    const { ids, marker } = await arrangeAll(scim, users);

    const response = await scim.filterUsers(`${marker} and ${DEPARTMENT} eq "Clinical Research"`, 'query by department');

    expect(response).toHaveStatus(200, 'query with a URN-qualified attribute');
    expect(sortedIds(listedResources(response)), 'ids selected').toEqual([ids[0]]);
  });

  test("Entra's work-email query never fails with 5xx", verifies('ENTRA-FILTER-WORK-EMAIL'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', WORK_EMAIL);
    const { id, user } = await arrangeUser(scim, entra);
    await arrangeUser(scim, entra);

    const response = await scim.filterUsers(`emails[type eq "work"].value eq ${JSON.stringify(user.values[WORK_EMAIL])}`, "Entra's work-email query");

    expect(response).toHaveStatus([200, 400], 'work-email query');
    if (response.status === 400) {
      expect(bodyOf(response).scimType, 'scimType of the rejection').toBe('invalidFilter');
    } else {
      expect(sortedIds(listedResources(response)), 'ids selected').toEqual([id]);
    }
  });

  test('gt on a boolean returns 400 invalidFilter', verifies('RFC7644-3.4.2.2-invalidFilter'), async ({ scim }) => {
    const response = await scim.filterUsers('active gt true', 'order comparison on a boolean');

    expect(response).toHaveStatus(400, 'query with gt on a boolean');
    expect(bodyOf(response).scimType, 'scimType').toBe('invalidFilter');
  });
});
