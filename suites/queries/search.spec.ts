import {
  type EntraUser,
  type HttpResponse,
  type Resource,
  arrangeGroup,
  arrangeUser,
  arrangeUsers,
  blockOn,
  bodyOf,
  expect,
  listedResources,
  requireFeature,
  requireMapped,
  requireSuccess,
  skipNotApplicable,
  test,
  verifies,
} from '../../fixtures/index.js';

type Client = Parameters<typeof arrangeUser>[0];

const SEARCH_REQUEST_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

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

/** Sends POST /<endpoint>/.search, skipping the test as not applicable when the target does not offer it. */
async function search(scim: Client, endpoint: 'Users' | 'Groups', request: Resource, purpose: string): Promise<HttpResponse> {
  const response = await scim.request({
    method: 'POST',
    path: `${endpoint}/.search`,
    body: { schemas: [SEARCH_REQUEST_URN], ...request },
    purpose,
  });
  if ([404, 405, 501].includes(response.status)) {
    skipNotApplicable(`POST /${endpoint}/.search answered ${response.status}, so the target does not offer /.search`);
  }
  return response;
}

const sortedIds = (resources: Resource[]) => resources.map((resource) => String(resource.id)).sort();

test.describe('Search with POST', () => {
  test.beforeEach(({ capabilities }) => {
    requireFeature(capabilities, 'filter');
  });

  test('POST /.search returns what GET returns', verifies('RFC7644-3.4.3'), async ({ scim, entra, settings }) => {
    requireMapped(settings.mappings, 'users', 'title');
    const users = ['Analyst', 'Engineer', 'Analyst'].map((jobTitle) => entra.user({ jobTitle }));
    const ids = await createAll(scim, users);
    const marker = `userName sw ${JSON.stringify(sharedStart(users.map((user) => user.source.userPrincipalName)))}`;
    const filter = `${marker} and title eq "Analyst"`;

    const viaGet = await scim.filterUsers(filter, 'query with GET');
    const viaPost = await search(scim, 'Users', { filter }, 'query with POST /.search');

    expect(viaGet).toHaveStatus(200, 'GET /Users?filter=...');
    expect(viaPost).toHaveStatus(200, 'POST /Users/.search');
    expect(sortedIds(listedResources(viaPost)), 'ids the search lists').toEqual([ids[0], ids[2]].sort());
    expect(sortedIds(listedResources(viaPost)), 'ids the search lists, compared with the GET query').toEqual(sortedIds(listedResources(viaGet)));
    expect(bodyOf(viaPost).totalResults, 'totalResults of the search').toBe(bodyOf(viaGet).totalResults);
  });

  test('SearchRequest applies attributes and count', verifies('RFC7644-3.4.3'), async ({ scim, entra }) => {
    const users = await arrangeUsers(scim, entra, 3);
    const marker = `userName sw ${JSON.stringify(sharedStart(users.map((user) => user.user.source.userPrincipalName)))}`;

    const response = await search(scim, 'Users', { filter: marker, attributes: ['userName'], startIndex: 1, count: 2 }, 'search one page of userNames');

    expect(response).toHaveStatus(200, 'POST /Users/.search');
    const listed = listedResources(response);
    expect(bodyOf(response).totalResults, 'totalResults of the search').toBe(users.length);
    expect(listed.length, 'resources on the page').toBe(2);
    for (const resource of listed) {
      const extra = Object.keys(resource).filter((name) => !['schemas', 'id', 'userName'].includes(name));
      expect(extra, `attributes of user ${String(resource.id)} beyond id and userName`).toEqual([]);
    }
  });

  test('group search honours excludedAttributes=members', verifies('RFC7644-3.4.2.5'), async ({ scim, entra }) => {
    const users = await arrangeUsers(scim, entra, 1);
    const { id, group } = await arrangeGroup(scim, entra, users.map((user) => user.id));

    const response = await search(
      scim,
      'Groups',
      { filter: `displayName eq ${JSON.stringify(group.displayName)}`, excludedAttributes: ['members'] },
      'search the group without members',
    );

    expect(response).toHaveStatus(200, 'POST /Groups/.search');
    const listed = listedResources(response);
    expect(listed.map((resource) => resource.id), 'ids the search lists').toEqual([id]);
    expect(Object.keys(listed[0] ?? {}), 'attributes of the group in the search result').not.toContain('members');
  });
});
