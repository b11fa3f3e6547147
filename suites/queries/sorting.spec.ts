import {
  type EntraUser,
  type HttpResponse,
  arrangeUsers,
  expect,
  listedResources,
  requireFeature,
  requireId,
  test,
  verifies,
} from '../../fixtures/index.js';

type Client = Parameters<typeof arrangeUsers>[0];

// The users are created out of userName order, so a target that lists them in storage order fails.
const CREATE_ORDER = [2, 0, 3, 1];

/** Returns the longest start that every text shares. */
function sharedStart(texts: string[]): string {
  let start = texts[0] ?? '';
  for (const text of texts) {
    while (!text.startsWith(start)) start = start.slice(0, -1);
  }
  return start;
}

/**
 * Creates the users in the given order and returns their ids in the order of `users`, with a
 * filter that matches only them.
 */
async function arrangeInOrder(scim: Client, users: EntraUser[], order: number[]): Promise<{ ids: string[]; filter: string }> {
  const ids: string[] = [];
  for (const index of order) {
    const response = await scim.createUser(users[index].body);
    const id = requireId(response, 'create user');
    ids[index] = id;
  }
  const start = sharedStart(users.map((user) => user.source.userPrincipalName));
  return { ids, filter: `userName sw ${JSON.stringify(start)}` };
}

const listedIds = (response: HttpResponse) => listedResources(response).map((resource) => String(resource.id));

test.describe('Sorting', () => {
  test.beforeEach(({ capabilities }) => {
    requireFeature(capabilities, 'sort');
    // The checks select their own users with "userName sw", so they need filter support too.
    requireFeature(capabilities, 'filter');
  });

  test('sortBy=userName ascending orders by userName', verifies('RFC7644-3.4.2.3'), async ({ scim, entra }) => {
    // Generated userNames differ first in a counter, so `users` is already in ascending userName order.
    const users = CREATE_ORDER.map(() => entra.user());
    const { ids, filter } = await arrangeInOrder(scim, users, CREATE_ORDER);

    const response = await scim.filterUsers(filter, 'query sorted ascending', { sortBy: 'userName', sortOrder: 'ascending' });

    expect(response).toHaveStatus(200, 'query with sortBy=userName&sortOrder=ascending');
    expect(listedIds(response), 'ids in the order listed').toEqual(ids);
  });

  test('sortOrder=descending reverses the order', verifies('RFC7644-3.4.2.3'), async ({ scim, entra }) => {
    const users = CREATE_ORDER.map(() => entra.user());
    const { ids, filter } = await arrangeInOrder(scim, users, CREATE_ORDER);

    const response = await scim.filterUsers(filter, 'query sorted descending', { sortBy: 'userName', sortOrder: 'descending' });

    expect(response).toHaveStatus(200, 'query with sortBy=userName&sortOrder=descending');
    expect(listedIds(response), 'ids in the order listed').toEqual([...ids].reverse());
  });

  test('sortOrder defaults to ascending', verifies('RFC7644-3.4.2.3'), async ({ scim, entra }) => {
    const users = CREATE_ORDER.map(() => entra.user());
    const { ids, filter } = await arrangeInOrder(scim, users, CREATE_ORDER);

    const response = await scim.filterUsers(filter, 'query sorted without sortOrder', { sortBy: 'userName' });

    expect(response).toHaveStatus(200, 'query with sortBy=userName and no sortOrder');
    expect(listedIds(response), 'ids in the order listed').toEqual(ids);
  });

  test('userName sort ignores case', verifies('RFC7644-3.4.2.3-case'), async ({ scim, entra }) => {
    const [first, second, third] = [entra.user(), entra.user(), entra.user()];
    // In upper case the second userName sorts before the first one under a case-sensitive order.
    const shouted = { ...second, body: { ...second.body, userName: second.source.userPrincipalName.toUpperCase() } };
    const { ids } = await arrangeInOrder(scim, [first, shouted, third], [2, 0, 1]);
    // The filter names both spellings of the shared start, so a target whose "sw" compares with
    // exact case still lists all three users, and only the sort order is judged here.
    const start = sharedStart([first, second, third].map((user) => user.source.userPrincipalName));
    const filter = `userName sw ${JSON.stringify(start)} or userName sw ${JSON.stringify(start.toUpperCase())}`;

    const response = await scim.filterUsers(filter, 'query sorted ascending', { sortBy: 'userName', sortOrder: 'ascending' });

    expect(response).toHaveStatus(200, 'query with sortBy=userName&sortOrder=ascending');
    expect(listedIds(response), 'ids in the order listed').toEqual(ids);
  });
});
