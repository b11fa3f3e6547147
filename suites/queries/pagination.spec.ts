import {
  type HttpResponse,
  arrangeUsers,
  bodyOf,
  expect,
  listedResources,
  requireFeature,
  test,
  verifies,
} from '../../fixtures/index.js';

type Arranged = Awaited<ReturnType<typeof arrangeUsers>>;

interface Page {
  startIndex: number;
  response: HttpResponse;
}

// Seven users in pages of three give two full pages and a last page of one.
const USER_COUNT = 7;
const PAGE_SIZE = 3;

/** Returns the longest start that every text shares. */
function sharedStart(texts: string[]): string {
  let start = texts[0] ?? '';
  for (const text of texts) {
    while (!text.startsWith(start)) start = start.slice(0, -1);
  }
  return start;
}

/**
 * Returns a filter that matches only the arranged users. Their userNames share a start that no
 * other test's users have, because it contains the run prefix and this test's key.
 */
function markerFilter(users: Arranged): string {
  return `userName sw ${JSON.stringify(sharedStart(users.map((user) => user.user.source.userPrincipalName)))}`;
}

function pageSizeFor(maxResults: number | undefined): number {
  return Math.min(PAGE_SIZE, maxResults ?? PAGE_SIZE);
}

/** Reads every page of the filter's results, advancing startIndex by the page size. */
async function readPages(scim: Parameters<typeof arrangeUsers>[0], filter: string, total: number, size: number): Promise<Page[]> {
  const pages: Page[] = [];
  for (let startIndex = 1; startIndex <= total; startIndex += size) {
    const query = { startIndex: String(startIndex), count: String(size) };
    const response = await scim.filterUsers(filter, `read the page at startIndex ${startIndex}`, query);
    expect(response).toHaveStatus(200, `page at startIndex ${startIndex}`);
    pages.push({ startIndex, response });
  }
  return pages;
}

const ids = (response: HttpResponse) => listedResources(response).map((resource) => String(resource.id));

test.describe('Pagination', () => {
  test.beforeEach(({ capabilities }) => {
    // The checks select their own users with "userName sw", so they need filter support.
    requireFeature(capabilities, 'filter');
  });

  test('pages list every match exactly once', verifies('RFC7644-3.4.2.4'), async ({ scim, entra, capabilities }) => {
    const users = await arrangeUsers(scim, entra, USER_COUNT);
    const size = pageSizeFor(capabilities.maxResults);

    const pages = await readPages(scim, markerFilter(users), USER_COUNT, size);

    const listed = pages.flatMap((page) => ids(page.response));
    const repeated = listed.filter((id, index) => listed.indexOf(id) !== index);
    expect(repeated, 'ids listed on more than one page').toEqual([]);
    expect([...listed].sort(), 'ids listed across all pages').toEqual(users.map((user) => user.id).sort());
  });

  test('page never exceeds the requested count', verifies('RFC7644-3.4.2.4-count'), async ({ scim, entra, capabilities }) => {
    const users = await arrangeUsers(scim, entra, USER_COUNT);
    const size = pageSizeFor(capabilities.maxResults);

    const pages = await readPages(scim, markerFilter(users), USER_COUNT, size);

    for (const page of pages) {
      expect(listedResources(page.response).length, `resources on the page at startIndex ${page.startIndex}`).toBeLessThanOrEqual(size);
    }
  });

  test('totalResults stays the full count on every page', verifies('RFC7644-3.4.2-totalResults'), async ({ scim, entra, capabilities }) => {
    const users = await arrangeUsers(scim, entra, USER_COUNT);
    const size = pageSizeFor(capabilities.maxResults);

    const pages = await readPages(scim, markerFilter(users), USER_COUNT, size);

    for (const page of pages) {
      expect(bodyOf(page.response).totalResults, `totalResults on the page at startIndex ${page.startIndex}`).toBe(USER_COUNT);
    }
  });

  test('itemsPerPage counts the resources on each page', verifies('RFC7644-3.4.2-itemsPerPage'), async ({ scim, entra, capabilities }) => {
    const users = await arrangeUsers(scim, entra, USER_COUNT);
    const size = pageSizeFor(capabilities.maxResults);

    const pages = await readPages(scim, markerFilter(users), USER_COUNT, size);

    for (const page of pages) {
      const expected = Math.min(size, USER_COUNT - page.startIndex + 1);
      expect(listedResources(page.response).length, `resources on the page at startIndex ${page.startIndex}`).toBe(expected);
      expect(bodyOf(page.response).itemsPerPage, `itemsPerPage on the page at startIndex ${page.startIndex}`).toBe(expected);
    }
  });

  test('startIndex echoes the requested index', verifies('RFC7644-3.4.2.4-startIndex'), async ({ scim, entra, capabilities }) => {
    const users = await arrangeUsers(scim, entra, USER_COUNT);
    const size = pageSizeFor(capabilities.maxResults);

    const pages = await readPages(scim, markerFilter(users), USER_COUNT, size);

    for (const page of pages) {
      expect(bodyOf(page.response).startIndex, `startIndex of the page requested at ${page.startIndex}`).toBe(page.startIndex);
    }
  });

  test('startIndex below 1 is read as 1', verifies('RFC7644-3.4.2.4-startIndex'), async ({ scim, entra, capabilities }) => {
    const users = await arrangeUsers(scim, entra, 3);
    const size = Math.min(2, pageSizeFor(capabilities.maxResults));
    const filter = markerFilter(users);

    const first = await scim.filterUsers(filter, 'read the page at startIndex 1', { startIndex: '1', count: String(size) });
    const zero = await scim.filterUsers(filter, 'read the page at startIndex 0', { startIndex: '0', count: String(size) });

    expect(first).toHaveStatus(200, 'page at startIndex 1');
    expect(zero).toHaveStatus(200, 'page at startIndex 0');
    expect(bodyOf(zero).startIndex, 'startIndex reported for a request with startIndex 0').toBe(1);
    expect(ids(zero), 'ids on the page requested at startIndex 0').toEqual(ids(first));
  });

  test('count=0 returns totalResults without resources', verifies('RFC7644-3.4.2.4-count'), async ({ scim, entra }) => {
    const users = await arrangeUsers(scim, entra, 3);

    const response = await scim.filterUsers(markerFilter(users), 'count the matches only', { count: '0' });

    expect(response).toHaveStatus(200, 'query with count=0');
    expect(listedResources(response), 'resources listed with count=0').toEqual([]);
    expect(bodyOf(response).totalResults, 'totalResults with count=0').toBe(users.length);
  });

  test('negative count is read as 0', verifies('RFC7644-3.4.2.4-count'), async ({ scim, entra }) => {
    const users = await arrangeUsers(scim, entra, 3);

    const response = await scim.filterUsers(markerFilter(users), 'query with a negative count', { count: '-1' });

    expect(response).toHaveStatus(200, 'query with count=-1');
    expect(listedResources(response), 'resources listed with count=-1').toEqual([]);
    expect(bodyOf(response).totalResults, 'totalResults with count=-1').toBe(users.length);
  });

  test('startIndex past the end returns an empty page', verifies('RFC7644-3.4.2.4'), async ({ scim, entra }) => {
    const users = await arrangeUsers(scim, entra, 3);
    const beyond = String(users.length + 1);

    const response = await scim.filterUsers(markerFilter(users), 'read past the last match', { startIndex: beyond, count: '2' });

    expect(response).toHaveStatus(200, `page at startIndex ${beyond}`);
    expect(listedResources(response), `resources on the page at startIndex ${beyond}`).toEqual([]);
    expect(bodyOf(response).totalResults, `totalResults on the page at startIndex ${beyond}`).toBe(users.length);
  });
});
