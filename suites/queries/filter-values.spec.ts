import {
  type EntraUser,
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

interface ValueCase {
  name: string;
  // The SCIM attribute compared, and the Entra source attribute that fills it.
  attribute: 'title' | 'displayName';
  source: 'jobTitle' | 'displayName';
  stored: string;
  // The comparison value as it appears in the filter text: a JSON string literal.
  literal: string;
}

const CASES: ValueCase[] = [
  { name: 'spaces', attribute: 'title', source: 'jobTitle', stored: 'Head of Patient Access', literal: '"Head of Patient Access"' },
  { name: 'escaped quotes', attribute: 'title', source: 'jobTitle', stored: 'Lead "Night Shift" Nurse', literal: '"Lead \\"Night Shift\\" Nurse"' },
  { name: 'backslashes', attribute: 'title', source: 'jobTitle', stored: 'Ops\\Shared\\Nursing', literal: '"Ops\\\\Shared\\\\Nursing"' },
  { name: 'non-ASCII letters', attribute: 'title', source: 'jobTitle', stored: 'Médecin-chef', literal: '"Médecin-chef"' },
  { name: 'a \\u escape', attribute: 'title', source: 'jobTitle', stored: 'Médecin-chef', literal: '"M\\u00e9decin-chef"' },
  { name: 'non-ASCII names', attribute: 'displayName', source: 'displayName', stored: 'Zoë Ångström-Østergård', literal: '"Zoë Ångström-Østergård"' },
];

/** Returns the longest start that every text shares. */
function sharedStart(texts: string[]): string {
  let start = texts[0] ?? '';
  for (const text of texts) {
    while (!text.startsWith(start)) start = start.slice(0, -1);
  }
  return start;
}

async function createAll(scim: Client, users: EntraUser[]): Promise<string[]> {
  const ids: string[] = [];
  for (const user of users) {
    const response = await scim.createUser(user.body);
    requireSuccess(response, 'create user');
    const id = bodyOf(response).id;
    if (typeof id !== 'string' || id === '') blockOn('create user', 'the response carried no "id"');
    ids.push(id);
  }
  return ids;
}

const sortedIds = (resources: Resource[]) => resources.map((resource) => String(resource.id)).sort();

test.describe('Filter values and names', () => {
  test.beforeEach(({ capabilities }) => {
    requireFeature(capabilities, 'filter');
  });

  for (const { name, attribute, source, stored, literal } of CASES) {
    test(`${attribute} value with ${name} matches exactly`, verifies('RFC7644-3.4.2.2-values'), async ({ scim, entra, settings }) => {
      requireMapped(settings.mappings, 'users', attribute);
      // The second user's value extends the first one's, so a substring match shows.
      const users = [entra.user({ [source]: stored }), entra.user({ [source]: `${stored} Assistant` })];
      const ids = await createAll(scim, users);
      const marker = `userName sw ${JSON.stringify(sharedStart(users.map((user) => user.source.userPrincipalName)))}`;

      const response = await scim.filterUsers(`${marker} and ${attribute} eq ${literal}`, `query a value with ${name}`);

      expect(response).toHaveStatus(200, `query for ${attribute} eq ${literal}`);
      expect(sortedIds(listedResources(response)), 'ids selected').toEqual([ids[0]]);
    });
  }

  for (const spelling of ['USERNAME EQ', 'UserName Eq']) {
    test(`filter spelled "${spelling}" still matches`, verifies('RFC7644-3.4.2.2-names'), async ({ scim, entra }) => {
      const target = await arrangeUser(scim, entra);
      await arrangeUser(scim, entra);

      const response = await scim.filterUsers(`${spelling} ${JSON.stringify(target.user.source.userPrincipalName)}`, `query spelled ${spelling}`);

      expect(response).toHaveStatus(200, `query spelled "${spelling}"`);
      expect(sortedIds(listedResources(response)), 'ids selected').toEqual([target.id]);
    });
  }

  test('externalId eq compares with exact case', verifies('RFC7644-3.4.2.2-caseExact'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', 'externalId');
    const { id, user } = await arrangeUser(scim, entra);
    const externalId = String(user.values.externalId);
    if (swapCase(externalId) === externalId) blockOn('generate an externalId with letters', `${JSON.stringify(externalId)} has no letters`);

    const exact = await scim.filterUsers(`externalId eq ${JSON.stringify(externalId)}`, 'query the externalId as sent');
    const flipped = await scim.filterUsers(`externalId eq ${JSON.stringify(swapCase(externalId))}`, 'query the externalId in another case');

    expect(exact).toHaveStatus(200, 'externalId query with the case as sent');
    expect(flipped).toHaveStatus(200, 'externalId query with the case flipped');
    expect(sortedIds(listedResources(exact)), 'ids selected by the externalId as sent').toEqual([id]);
    expect(sortedIds(listedResources(flipped)), 'ids selected by the externalId in another case').toEqual([]);
  });
});
