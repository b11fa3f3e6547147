import {
  type Resource,
  arrangeUser,
  blockOn,
  bodyOf,
  expect,
  listedResources,
  requireFeature,
  requireMapped,
  requireSuccess,
  swapCase,
  test,
  verifies,
} from '../../fixtures/index.js';

type Client = Parameters<typeof arrangeUser>[0];
type Factory = Parameters<typeof arrangeUser>[1];

// Titles chosen so that each operator selects a different subset. "Analyst" is a substring of
// two others, so an eq that matches substrings shows. In lexicographic order they run
// Analyst < Analyst Lead < Engineer < Senior Analyst.
const TITLES = ['Analyst', 'Senior Analyst', 'Analyst Lead', 'Engineer'];

interface OperatorCase {
  operator: string;
  clause: string;
  // Titles of the users the clause selects.
  expected: string[];
  // Adds a user without a title, for the presence test.
  withUntitled?: boolean;
}

const CASES: OperatorCase[] = [
  { operator: 'eq', clause: 'title eq "Analyst"', expected: ['Analyst'] },
  { operator: 'ne', clause: 'title ne "Analyst"', expected: ['Senior Analyst', 'Analyst Lead', 'Engineer'] },
  { operator: 'co', clause: 'title co "nalys"', expected: ['Analyst', 'Senior Analyst', 'Analyst Lead'] },
  { operator: 'sw', clause: 'title sw "Analyst"', expected: ['Analyst', 'Analyst Lead'] },
  { operator: 'ew', clause: 'title ew "Analyst"', expected: ['Analyst', 'Senior Analyst'] },
  { operator: 'pr', clause: 'title pr', expected: TITLES, withUntitled: true },
  { operator: 'gt', clause: 'title gt "Analyst Lead"', expected: ['Senior Analyst', 'Engineer'] },
  { operator: 'ge', clause: 'title ge "Analyst Lead"', expected: ['Senior Analyst', 'Analyst Lead', 'Engineer'] },
  { operator: 'lt', clause: 'title lt "Engineer"', expected: ['Analyst', 'Analyst Lead'] },
  { operator: 'le', clause: 'title le "Engineer"', expected: ['Analyst', 'Analyst Lead', 'Engineer'] },
];

/** Returns the longest start that every text shares. */
function sharedStart(texts: string[]): string {
  let start = texts[0] ?? '';
  for (const text of texts) {
    while (!text.startsWith(start)) start = start.slice(0, -1);
  }
  return start;
}

/**
 * Creates one user per title and returns their ids by title, with a clause that matches only
 * these users, because their userNames share a start that contains the run prefix and this test's key.
 */
async function arrangeTitled(scim: Client, entra: Factory, titles: string[]): Promise<{ idsByTitle: Map<string, string>; marker: string }> {
  const idsByTitle = new Map<string, string>();
  const userNames: string[] = [];
  for (const title of titles) {
    const user = entra.user({ jobTitle: title });
    const response = await scim.createUser(user.body);
    requireSuccess(response, `create a user titled ${JSON.stringify(title)}`);
    const id = bodyOf(response).id;
    if (typeof id !== 'string' || id === '') blockOn('create user', 'the response carried no "id"');
    idsByTitle.set(title, id);
    userNames.push(user.source.userPrincipalName);
  }
  return { idsByTitle, marker: `userName sw ${JSON.stringify(sharedStart(userNames))}` };
}

function sortedIds(resources: Resource[]): string[] {
  return resources.map((resource) => String(resource.id)).sort();
}

/** Returns meta.created and meta.lastModified of a create response, blocking the test when either is missing. */
function timestampsOf(created: Resource): { created: string; lastModified: string } {
  const meta = (created.meta ?? {}) as Resource;
  if (typeof meta.created !== 'string' || typeof meta.lastModified !== 'string') {
    blockOn('read meta.created and meta.lastModified', `the create response carried meta ${JSON.stringify(created.meta)}`);
  }
  return { created: meta.created, lastModified: meta.lastModified };
}

test.describe('Filter operators', () => {
  test.beforeEach(({ capabilities }) => {
    requireFeature(capabilities, 'filter');
  });

  for (const { operator, clause, expected, withUntitled } of CASES) {
    test(`${operator} on title selects exactly its matches`, verifies('RFC7644-3.4.2.2-operators'), async ({ scim, entra, settings }) => {
      requireMapped(settings.mappings, 'users', 'title');
      const { idsByTitle, marker } = await arrangeTitled(scim, entra, withUntitled ? [...TITLES, ''] : TITLES);

      const response = await scim.filterUsers(`${marker} and ${clause}`, `query with ${operator}`);

      expect(response).toHaveStatus(200, `query with ${JSON.stringify(clause)}`);
      const expectedIds = expected.map((title) => idsByTitle.get(title)!).sort();
      expect(sortedIds(listedResources(response)), `ids selected by ${JSON.stringify(clause)}`).toEqual(expectedIds);
    });
  }

  test('meta.created gt and lt compare instants', verifies('RFC7644-3.4.2.2-operators'), async ({ scim, entra }) => {
    const earlier = await arrangeUser(scim, entra);
    // More than a second apart, so that targets storing whole seconds still tell the two apart.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await arrangeUser(scim, entra);
    const marker = `userName sw ${JSON.stringify(sharedStart([earlier.user, later.user].map((user) => user.source.userPrincipalName)))}`;
    const first = timestampsOf(earlier.created);
    const second = timestampsOf(later.created);

    const after = await scim.filterUsers(`${marker} and meta.created gt ${JSON.stringify(first.created)}`, 'query users created later');
    const before = await scim.filterUsers(`${marker} and meta.created lt ${JSON.stringify(second.created)}`, 'query users created earlier');

    expect(after).toHaveStatus(200, 'query with meta.created gt');
    expect(before).toHaveStatus(200, 'query with meta.created lt');
    expect(sortedIds(listedResources(after)), 'ids created after the first user').toEqual([later.id]);
    expect(sortedIds(listedResources(before)), 'ids created before the second user').toEqual([earlier.id]);
  });

  test('meta.lastModified ge and le include the bound', verifies('RFC7644-3.4.2.2-operators'), async ({ scim, entra }) => {
    const earlier = await arrangeUser(scim, entra);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await arrangeUser(scim, entra);
    const marker = `userName sw ${JSON.stringify(sharedStart([earlier.user, later.user].map((user) => user.source.userPrincipalName)))}`;
    const first = timestampsOf(earlier.created);
    const second = timestampsOf(later.created);

    const from = await scim.filterUsers(`${marker} and meta.lastModified ge ${JSON.stringify(second.lastModified)}`, 'query users changed since');
    const until = await scim.filterUsers(`${marker} and meta.lastModified le ${JSON.stringify(first.lastModified)}`, 'query users changed until');

    expect(from).toHaveStatus(200, 'query with meta.lastModified ge');
    expect(until).toHaveStatus(200, 'query with meta.lastModified le');
    expect(sortedIds(listedResources(from)), 'ids last modified at or after the second user').toEqual([later.id]);
    expect(sortedIds(listedResources(until)), 'ids last modified at or before the first user').toEqual([earlier.id]);
  });

  test('title eq ignores the case of the value', verifies('RFC7644-3.4.2.2-case'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', 'title');
    const { idsByTitle, marker } = await arrangeTitled(scim, entra, TITLES);

    const response = await scim.filterUsers(`${marker} and title eq "${swapCase('Analyst')}"`, 'query with the title case flipped');

    expect(response).toHaveStatus(200, 'query with title eq in another case');
    expect(sortedIds(listedResources(response)), 'ids selected').toEqual([idsByTitle.get('Analyst')]);
  });

  test('userName sw ignores the case of the value', verifies('RFC7644-3.4.2.2-case'), async ({ scim, entra }) => {
    const users = [await arrangeUser(scim, entra), await arrangeUser(scim, entra)];
    const start = sharedStart(users.map((user) => user.user.source.userPrincipalName));

    const response = await scim.filterUsers(`userName sw ${JSON.stringify(swapCase(start))}`, 'query with the prefix case flipped');

    expect(response).toHaveStatus(200, 'query with userName sw in another case');
    expect(sortedIds(listedResources(response)), 'ids selected').toEqual(users.map((user) => user.id).sort());
  });
});
