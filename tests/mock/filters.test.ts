// The filter query parameter of the mock roster (RFC 7644 §3.4.2.2): operators, logical
// grouping, value paths, case rules per attribute, string escapes and invalid filters.

import { expect, test } from '@playwright/test';
import request from 'supertest';
import { createRosterApp } from '../../mocks/roster/app.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

// Three users that the filters below tell apart: Ada and Cara have work emails and titles,
// Ben is inactive and has only a home email, and Cara's home email must not match work filters.
const ADA = {
  schemas: [USER_URN, ENTERPRISE_URN],
  userName: 'ada.young@example.test',
  externalId: 'AYoung',
  displayName: 'Ada Young',
  title: 'Nurse',
  active: true,
  emails: [{ type: 'work', value: 'ada.young@example.test' }],
  [ENTERPRISE_URN]: { department: 'Radiology' },
};
const BEN = {
  schemas: [USER_URN, ENTERPRISE_URN],
  userName: 'ben.king@example.test',
  externalId: 'bking',
  displayName: 'Ben King',
  active: false,
  emails: [{ type: 'home', value: 'ben@home.test' }],
  [ENTERPRISE_URN]: { department: 'Cardiology' },
};
const CARA = {
  schemas: [USER_URN, ENTERPRISE_URN],
  userName: 'cara.diaz@example.test',
  externalId: 'cdiaz',
  displayName: 'Cara Diaz',
  title: 'Physician',
  active: true,
  emails: [
    { type: 'work', value: 'cara.diaz@example.test' },
    { type: 'home', value: 'cara@home.test' },
  ],
  [ENTERPRISE_URN]: { department: 'Radiology' },
};

/** Starts an app with one realm and returns a client for it. */
function startRoster() {
  const app = createRosterApp({ realms: [{ id: 'realm-a', token: 'token-a' }] });
  return {
    agent: request(app.handle),
    base: '/scim/v1/Realms/realm-a',
    auth: { Authorization: 'Bearer token-a' },
  };
}

type Roster = ReturnType<typeof startRoster>;

/** Creates each resource in turn, asserting 201, and returns the created bodies. */
async function createAll(roster: Roster, endpoint: 'Users' | 'Groups', bodies: Record<string, unknown>[]) {
  const created = [];
  for (const body of bodies) {
    const response = await roster.agent.post(`${roster.base}/${endpoint}`).set(roster.auth).send(body);
    expect(response.status, `create status of ${JSON.stringify(body.userName ?? body.displayName)}`).toBe(201);
    created.push(response.body);
  }
  return created;
}

/** Creates Ada, Ben and Cara and returns a client for their realm. */
async function startSeededRoster() {
  const roster = startRoster();
  await createAll(roster, 'Users', [ADA, BEN, CARA]);
  return roster;
}

async function search(roster: Roster, endpoint: 'Users' | 'Groups', filter: string) {
  return roster.agent.get(`${roster.base}/${endpoint}`).query({ filter }).set(roster.auth);
}

/** Sorted userNames of a list response, for order-independent comparison. */
function userNames(response: request.Response): string[] {
  return (response.body.Resources as { userName: string }[]).map((user) => user.userName).sort();
}

test('userName eq ignores value case', async () => {
  const roster = await startSeededRoster();

  const response = await search(roster, 'Users', 'userName eq "ADA.Young@EXAMPLE.test"');

  expect(response.status, 'HTTP status').toBe(200);
  expect(userNames(response), 'matched users').toEqual([ADA.userName]);
});

test('attribute and operator ignore case', async () => {
  const roster = await startSeededRoster();

  for (const filter of ['USERNAME EQ "ada.young@example.test"', 'username Eq "ada.young@example.test"']) {
    const response = await search(roster, 'Users', filter);

    expect(response.status, `HTTP status of ${filter}`).toBe(200);
    expect(userNames(response), `users matched by ${filter}`).toEqual([ADA.userName]);
  }
});

test('externalId eq is case exact', async () => {
  const roster = await startSeededRoster();

  const exact = await search(roster, 'Users', 'externalId eq "AYoung"');
  const flipped = await search(roster, 'Users', 'externalId eq "aYOUNG"');

  expect(userNames(exact), 'users matched by the stored case').toEqual([ADA.userName]);
  expect(flipped.status, 'HTTP status of the case-flipped value').toBe(200);
  expect(flipped.body.totalResults, 'users matched by the case-flipped value').toBe(0);
});

test('Groups displayName eq ignores case', async () => {
  const roster = startRoster();
  await createAll(roster, 'Groups', [
    { schemas: [GROUP_URN], displayName: 'Radiology' },
    { schemas: [GROUP_URN], displayName: 'Radiology Nurses' },
  ]);

  const response = await search(roster, 'Groups', 'displayName eq "radiology NURSES"');

  expect(response.status, 'HTTP status').toBe(200);
  expect(response.body.Resources.map((group: { displayName: string }) => group.displayName), 'matched groups').toEqual([
    'Radiology Nurses',
  ]);
});

test('no match returns empty list', async () => {
  const roster = await startSeededRoster();

  const response = await search(roster, 'Users', 'userName eq "nobody@example.test"');

  expect(response.status, 'HTTP status').toBe(200);
  expect(response.body.schemas, 'schemas').toEqual([LIST_URN]);
  expect(response.body.totalResults, 'totalResults').toBe(0);
  expect(response.body.Resources, 'Resources').toEqual([]);
  expect(response.body.startIndex, 'startIndex').toBe(1);
  expect(response.body.itemsPerPage, 'itemsPerPage').toBe(0);
});

// Each filter with the users it must select.
const MATCH_CASES: { name: string; filter: string; expected: string[] }[] = [
  { name: 'and requires both', filter: 'title eq "Nurse" and active eq true', expected: [ADA.userName] },
  {
    name: 'or accepts either',
    filter: 'userName eq "ada.young@example.test" or userName eq "ben.king@example.test"',
    expected: [ADA.userName, BEN.userName],
  },
  { name: 'not negates', filter: 'not (title pr)', expected: [BEN.userName] },
  {
    name: 'and binds tighter than or',
    filter: 'userName sw "ada" or userName sw "ben" and active eq true',
    expected: [ADA.userName],
  },
  {
    name: 'parentheses group terms',
    filter: '(userName sw "ada" or userName sw "ben") and active eq false',
    expected: [BEN.userName],
  },
  { name: 'co matches substring', filter: 'displayName co "YOUN"', expected: [ADA.userName] },
  { name: 'sw matches prefix', filter: 'userName sw "BEN"', expected: [BEN.userName] },
  { name: 'ew matches suffix', filter: 'displayName ew "diaz"', expected: [CARA.userName] },
  { name: 'pr matches present', filter: 'title pr', expected: [ADA.userName, CARA.userName] },
  { name: 'gt compares strings', filter: 'userName gt "b"', expected: [BEN.userName, CARA.userName] },
  {
    name: 'value filter with and',
    filter: 'emails[type eq "work" and value co "@"]',
    expected: [ADA.userName, CARA.userName],
  },
  {
    name: 'Entra work email filter',
    filter: 'emails[type eq "work"].value eq "cara.diaz@example.test"',
    expected: [CARA.userName],
  },
  { name: 'work filter skips home email', filter: 'emails[type eq "work"].value eq "cara@home.test"', expected: [] },
  {
    name: 'enterprise URN attribute',
    filter: `${ENTERPRISE_URN}:department eq "Radiology"`,
    expected: [ADA.userName, CARA.userName],
  },
];

for (const { name, filter, expected } of MATCH_CASES) {
  test(`filter ${name}`, async () => {
    const roster = await startSeededRoster();

    const response = await search(roster, 'Users', filter);

    expect(response.status, `HTTP status of ${filter}`).toBe(200);
    expect(userNames(response), `users matched by ${filter}`).toEqual(expected);
    expect(response.body.totalResults, `totalResults of ${filter}`).toBe(expected.length);
  });
}

// displayName values that need escaping in a filter. JSON.stringify writes the SCIM string literal.
const SPECIAL_VALUES: { name: string; value: string }[] = [
  { name: 'spaces', value: 'Anne  Marie Smith' },
  { name: 'escaped quotes', value: 'Bob "The Builder" Jones' },
  { name: 'backslashes', value: 'CORP\\dee\\ops' },
  { name: 'non-ASCII text', value: 'Zoë Ångström 田中' },
];

for (const { name, value } of SPECIAL_VALUES) {
  test(`eq value with ${name}`, async () => {
    const roster = startRoster();
    await createAll(roster, 'Users', [
      { schemas: [USER_URN], userName: 'special@example.test', displayName: value },
      { schemas: [USER_URN], userName: 'plain@example.test', displayName: 'Plain User' },
    ]);
    const filter = `displayName eq ${JSON.stringify(value)}`;

    const response = await search(roster, 'Users', filter);

    expect(response.status, `HTTP status of ${filter}`).toBe(200);
    expect(userNames(response), `users matched by ${filter}`).toEqual(['special@example.test']);
    expect(response.body.Resources[0].displayName, 'displayName read back').toBe(value);
  });
}

test('lastModified gt selects later users', async () => {
  const roster = startRoster();
  const [ada] = await createAll(roster, 'Users', [ADA]);
  await new Promise((resolve) => setTimeout(resolve, 20));
  await createAll(roster, 'Users', [BEN]);

  const response = await search(roster, 'Users', `meta.lastModified gt "${ada.meta.lastModified}"`);

  expect(response.status, 'HTTP status').toBe(200);
  expect(userNames(response), 'users modified after Ada').toEqual([BEN.userName]);
});

test('eq does not match prefix', async () => {
  const roster = startRoster();
  await createAll(roster, 'Users', [
    { schemas: [USER_URN], userName: 'jyoung' },
    { schemas: [USER_URN], userName: 'jyoungs' },
    { schemas: [USER_URN], userName: 'jyoung2@example.test' },
  ]);

  const response = await search(roster, 'Users', 'userName eq "jyoung"');

  expect(userNames(response), 'users matched by userName eq "jyoung"').toEqual(['jyoung']);
});

const INVALID_FILTERS: { name: string; filter: string }[] = [
  { name: 'missing value', filter: 'userName eq' },
  { name: 'unterminated string', filter: 'userName eq "jyoung' },
  { name: 'unknown attribute', filter: 'favouriteColour eq "blue"' },
  { name: 'unquoted value', filter: 'userName eq jyoung' },
];

for (const { name, filter } of INVALID_FILTERS) {
  test(`invalid filter: ${name}`, async () => {
    const roster = await startSeededRoster();

    const response = await search(roster, 'Users', filter);

    expect(response.status, `HTTP status of ${filter}`).toBe(400);
    expect(response.body.schemas, 'error schemas').toEqual([ERROR_URN]);
    expect(response.body.status, 'error status').toBe('400');
    expect(response.body.scimType, 'scimType').toBe('invalidFilter');
  });
}
