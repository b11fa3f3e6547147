// Every fault switch of the mock roster. Each scenario sends the same requests to a clean realm
// and to a realm with only that fault switched on, both on one app. It reduces the responses to
// a small observation. The clean realm must give the correct value, and the faulty realm the
// deviation that the fault describes.

import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from '@playwright/test';
import request from 'supertest';
import { type RosterApp, createRosterApp } from '../../mocks/roster/app.js';
import { FAULTS, type FaultName } from '../../mocks/roster/faults.js';
import type { RealmOptions } from '../../mocks/roster/realm.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SEARCH_REQUEST_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

type Body = Record<string, unknown>;
type Query = Record<string, string | number>;
type Operation = { op: string; path?: string; value?: unknown };

/** Builds a client for one realm of `app`, with paths relative to the realm's base URL. */
function realmClient(app: RosterApp, realmId: string, token: string) {
  const agent = request(app.handle);
  const base = `/scim/v1/Realms/${realmId}`;
  const auth = { Authorization: `Bearer ${token}` };
  return {
    app,
    agent,
    base,
    token,
    auth,
    get: (path: string, query: Query = {}) => agent.get(`${base}${path}`).query(query).set(auth),
    post: (path: string, body: unknown) => agent.post(`${base}${path}`).set(auth).send(body as object),
    put: (path: string, body: unknown) => agent.put(`${base}${path}`).set(auth).send(body as object),
    patch: (path: string, operations: Operation[]) =>
      agent.patch(`${base}${path}`).set(auth).send({ schemas: [PATCH_URN], Operations: operations }),
    delete: (path: string) => agent.delete(`${base}${path}`).set(auth),
  };
}

type RealmClient = ReturnType<typeof realmClient>;

/** Starts one app with a clean realm and a realm with only `fault`, and returns a client for each. */
function startRosters(fault: FaultName, options: Partial<RealmOptions> = {}) {
  const app = createRosterApp({
    realms: [
      { ...options, id: 'clean', token: 'token-clean' },
      { ...options, id: 'faulty', token: 'token-faulty', faults: [fault] },
    ],
  });
  return { clean: realmClient(app, 'clean', 'token-clean'), faulty: realmClient(app, 'faulty', 'token-faulty') };
}

/** Sends a user create with the core schema and returns the response, whatever its status. */
function postUser(client: RealmClient, attributes: Body) {
  return client.post('/Users', { schemas: [USER_URN], ...attributes });
}

/** Creates a user from core attributes, adding the core schema, and returns the 201 body. */
async function createUser(client: RealmClient, attributes: Body): Promise<Body & { id: string }> {
  const response = await postUser(client, attributes);
  expect(response.status, `create status of ${JSON.stringify(attributes.userName)} in ${client.base}`).toBe(201);
  return response.body;
}

async function createGroup(client: RealmClient, displayName: string, memberIds: string[] = []): Promise<string> {
  const body: Body = { schemas: [GROUP_URN], displayName };
  if (memberIds.length > 0) body.members = memberIds.map((value) => ({ value }));
  const response = await client.post('/Groups', body);
  expect(response.status, `create status of group ${displayName} in ${client.base}`).toBe(201);
  return response.body.id;
}

/** Sends a group PATCH with one member operation, as Entra writes it, and returns the response. */
function changeMembers(client: RealmClient, groupId: string, op: 'Add' | 'Remove', memberIds: string[]) {
  const value = memberIds.map((id) => ({ value: id }));
  return client.patch(`/Groups/${groupId}`, [{ op, path: 'members', value }]);
}

/** Creates users Ada and Bob with display names, and returns their ids. */
async function createAdaAndBob(client: RealmClient) {
  const ada = await createUser(client, { userName: 'ada@example.test', displayName: 'Ada' });
  const bob = await createUser(client, { userName: 'bob@example.test', displayName: 'Bob' });
  return { ada: ada.id, bob: bob.id };
}

/** Reads a group back and returns the sorted display names of its members. */
async function memberNames(client: RealmClient, groupId: string): Promise<string[]> {
  const response = await client.get(`/Groups/${groupId}`);
  expect(response.status, `GET status of group ${groupId} in ${client.base}`).toBe(200);
  return ((response.body.members ?? []) as { display: string }[]).map((member) => member.display).sort();
}

async function readUser(client: RealmClient, id: string): Promise<Body> {
  const response = await client.get(`/Users/${id}`);
  expect(response.status, `GET status of user ${id} in ${client.base}`).toBe(200);
  return response.body;
}

async function countUsers(client: RealmClient, filter: string): Promise<number> {
  const response = await client.get('/Users', { filter });
  expect(response.status, `list status of ${filter} in ${client.base}`).toBe(200);
  return response.body.totalResults;
}

function userNamesOf(response: request.Response): string[] {
  return ((response.body.Resources ?? []) as { userName: string }[]).map((user) => user.userName);
}

function isAbsoluteUri(value: unknown): boolean {
  return typeof value === 'string' && /^https?:\/\//.test(value);
}

/**
 * Sends two identical user creates pipelined on one connection and returns their statuses,
 * sorted. Supertest opens a connection per request, and in trials the second create reached the
 * app only after the first had finished, so Promise.all did not overlap them. Node parses two
 * small pipelined requests from one socket read, so both uniqueness checks run before either
 * user is stored.
 */
async function createTwiceConcurrently(client: RealmClient, userName: string): Promise<number[]> {
  const server = http.createServer(client.app.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const body = JSON.stringify({ schemas: [USER_URN], userName });
  const create =
    `POST ${client.base}/Users HTTP/1.1\r\n` +
    `Host: 127.0.0.1:${port}\r\n` +
    `Authorization: Bearer ${client.token}\r\n` +
    'Content-Type: application/scim+json\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  try {
    const text = await new Promise<string>((resolve, reject) => {
      let received = '';
      const socket = net.connect(port, '127.0.0.1', () => socket.write(create + create));
      socket.setTimeout(2_000, () => socket.destroy(new Error('timed out waiting for two pipelined responses')));
      socket.on('data', (chunk) => {
        received += chunk;
        if ((received.match(/HTTP\/1\.1 \d{3} /g) ?? []).length === 2) socket.end();
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(received));
    });
    return [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1])).sort((left, right) => left - right);
  } finally {
    server.close();
  }
}

interface FaultScenario {
  /** Sends the scenario's requests to one realm and reduces the responses to a comparable value. */
  observe: (client: RealmClient) => Promise<unknown>;
  /** The observation in the clean realm. */
  clean: unknown;
  /** The observation in the realm with the fault. */
  faulty: unknown;
  /** Options for both realms, such as a rate limit. */
  realm?: Partial<RealmOptions>;
}

const SCENARIOS: Record<FaultName, FaultScenario> = {
  // Create
  'create-status-200': {
    observe: async (client) => (await postUser(client, { userName: 'ada@example.test' })).status,
    clean: 201,
    faulty: 200,
  },
  'create-omits-id': {
    observe: async (client) => {
      const response = await postUser(client, { userName: 'ada@example.test' });
      return typeof response.body.id === 'string';
    },
    clean: true,
    faulty: false,
  },
  'create-no-location': {
    observe: async (client) => {
      const response = await postUser(client, { userName: 'ada@example.test' });
      return response.headers.location !== undefined;
    },
    clean: true,
    faulty: false,
  },
  'location-mismatch': {
    observe: async (client) => {
      const response = await postUser(client, { userName: 'ada@example.test' });
      return response.headers.location === response.body.meta.location;
    },
    clean: true,
    faulty: false,
  },
  'location-relative': {
    observe: async (client) => {
      const response = await postUser(client, { userName: 'ada@example.test' });
      return {
        locationHeader: isAbsoluteUri(response.headers.location),
        metaLocation: isAbsoluteUri(response.body.meta.location),
      };
    },
    clean: { locationHeader: true, metaLocation: true },
    faulty: { locationHeader: false, metaLocation: false },
  },
  'echo-not-stored': {
    observe: async (client) => {
      const created = await createUser(client, { userName: 'ada@example.test', title: 'Nurse' });
      const stored = await readUser(client, created.id);
      return { echoed: created.title ?? null, stored: stored.title ?? null };
    },
    clean: { echoed: 'Nurse', stored: 'Nurse' },
    faulty: { echoed: 'Nurse', stored: null },
  },
  'enterprise-ignored': {
    observe: async (client) => {
      const created = await createUser(client, {
        schemas: [USER_URN, ENTERPRISE_URN],
        userName: 'ada@example.test',
        [ENTERPRISE_URN]: { department: 'Radiology' },
      });
      const stored = await readUser(client, created.id);
      const departmentOf = (user: Body) => (user[ENTERPRISE_URN] as Body | undefined)?.department ?? null;
      return { echoed: departmentOf(created), stored: departmentOf(stored) };
    },
    clean: { echoed: 'Radiology', stored: 'Radiology' },
    faulty: { echoed: null, stored: null },
  },
  'enterprise-schema-rejected': {
    observe: async (client) => {
      const response = await client.post('/Users', {
        schemas: [USER_URN, ENTERPRISE_URN],
        userName: 'ada@example.test',
        [ENTERPRISE_URN]: { department: 'Radiology' },
      });
      return response.status;
    },
    clean: 201,
    faulty: 400,
  },
  'primary-subattribute-rejected': {
    observe: async (client) => {
      const created = await client.post('/Users', {
        schemas: [USER_URN],
        userName: 'ada@example.test',
        emails: [{ value: 'ada@example.test', type: 'work', primary: true }],
      });
      const plain = await createUser(client, { userName: 'bob@example.test' });
      const replaced = await client.put(`/Users/${plain.id}`, {
        schemas: [USER_URN],
        userName: 'bob@example.test',
        emails: [{ value: 'bob@example.test', type: 'work', primary: true }],
      });
      return { create: created.status, replace: replaced.status };
    },
    clean: { create: 201, replace: 200 },
    faulty: { create: 400, replace: 400 },
  },
  'create-ignores-active': {
    observe: async (client) => {
      const created = await createUser(client, { userName: 'ada@example.test', active: true });
      return (await readUser(client, created.id)).active;
    },
    clean: true,
    faulty: false,
  },

  // Representation
  'active-as-number': {
    observe: async (client) => {
      const created = await createUser(client, { userName: 'ada@example.test', active: true });
      return typeof (await readUser(client, created.id)).active;
    },
    clean: 'boolean',
    faulty: 'number',
  },
  'enterprise-number-type': {
    observe: async (client) => {
      const created = await createUser(client, {
        schemas: [USER_URN, ENTERPRISE_URN],
        userName: 'ada@example.test',
        [ENTERPRISE_URN]: { employeeNumber: '1001' },
      });
      const stored = await readUser(client, created.id);
      return typeof (stored[ENTERPRISE_URN] as Body).employeeNumber;
    },
    clean: 'string',
    faulty: 'number',
  },
  'group-members-as-strings': {
    observe: async (client) => {
      const { ada } = await createAdaAndBob(client);
      const groupId = await createGroup(client, 'Radiology', [ada]);
      const group = await client.get(`/Groups/${groupId}`);
      return typeof group.body.members[0];
    },
    clean: 'object',
    faulty: 'string',
  },
  'manager-returned-as-string': {
    observe: async (client) => {
      const manager = await createUser(client, { userName: 'boss@example.test' });
      const report = await createUser(client, {
        schemas: [USER_URN, ENTERPRISE_URN],
        userName: 'ada@example.test',
        [ENTERPRISE_URN]: { manager: { value: manager.id } },
      });
      const stored = await readUser(client, report.id);
      return typeof (stored[ENTERPRISE_URN] as Body).manager;
    },
    clean: 'object',
    faulty: 'string',
  },

  // Read
  'get-by-id-500': {
    observe: async (client) => {
      const created = await createUser(client, { userName: 'ada@example.test' });
      return (await client.get(`/Users/${created.id}`)).status;
    },
    clean: 200,
    faulty: 500,
  },
  'unknown-id-501': {
    observe: async (client) => (await client.get(`/Users/${UNKNOWN_ID}`)).status,
    clean: 404,
    faulty: 501,
  },
  'deleted-user-app-json': {
    observe: async (client) => {
      const created = await createUser(client, { userName: 'ada@example.test' });
      await client.delete(`/Users/${created.id}`);
      const response = await client.get(`/Users/${created.id}`);
      return { status: response.status, schemas: response.body.schemas ?? null };
    },
    clean: { status: 404, schemas: [ERROR_URN] },
    faulty: { status: 404, schemas: null },
  },
  'attributes-ignored': {
    observe: async (client) => {
      const created = await createUser(client, { userName: 'ada@example.test', title: 'Nurse' });
      const listed = await client.get('/Users', { attributes: 'userName' });
      const excluded = await client.get('/Users', { excludedAttributes: 'title' });
      const searched = await client.post('/Users/.search', { schemas: [SEARCH_REQUEST_URN], attributes: ['userName'] });
      const read = await client.get(`/Users/${created.id}`, { attributes: 'userName' });
      return {
        list: 'title' in listed.body.Resources[0],
        listExcluded: 'title' in excluded.body.Resources[0],
        search: 'title' in searched.body.Resources[0],
        read: 'title' in read.body,
      };
    },
    clean: { list: false, listExcluded: false, search: false, read: false },
    faulty: { list: true, listExcluded: true, search: true, read: false },
  },
  'exclude-members-ignored': {
    observe: async (client) => {
      const { ada } = await createAdaAndBob(client);
      const groupId = await createGroup(client, 'Radiology', [ada]);
      const read = await client.get(`/Groups/${groupId}`, { excludedAttributes: 'members' });
      const listed = await client.get('/Groups', { excludedAttributes: 'members' });
      return { read: 'members' in read.body, list: 'members' in listed.body.Resources[0] };
    },
    clean: { read: false, list: false },
    faulty: { read: true, list: true },
  },
  'exclude-members-ignored-on-list': {
    observe: async (client) => {
      const { ada } = await createAdaAndBob(client);
      const groupId = await createGroup(client, 'Radiology', [ada]);
      const read = await client.get(`/Groups/${groupId}`, { excludedAttributes: 'members' });
      const listed = await client.get('/Groups', { excludedAttributes: 'members' });
      return { read: 'members' in read.body, list: 'members' in listed.body.Resources[0] };
    },
    clean: { read: false, list: false },
    faulty: { read: false, list: true },
  },

  // Filter
  'filter-case-sensitive': {
    observe: async (client) => {
      await createUser(client, { userName: 'Ada@Example.test', displayName: 'Ada Young' });
      return {
        userName: await countUsers(client, 'userName eq "ada@example.test"'),
        displayName: await countUsers(client, 'displayName eq "ada young"'),
      };
    },
    clean: { userName: 1, displayName: 1 },
    faulty: { userName: 0, displayName: 0 },
  },
  'filter-no-match-404': {
    observe: async (client) => (await client.get('/Users', { filter: 'userName eq "nobody@example.test"' })).status,
    clean: 200,
    faulty: 404,
  },
  'filter-ignored': {
    observe: async (client) => {
      await createAdaAndBob(client);
      return (await client.get('/Users', { filter: 'userName eq "ada@example.test"' })).body.totalResults;
    },
    clean: 1,
    faulty: 2,
  },
  'filter-eq-substring': {
    observe: async (client) => {
      await createUser(client, { userName: 'ada@example.test' });
      return countUsers(client, 'userName eq "ada"');
    },
    clean: 0,
    faulty: 1,
  },
  'filter-externalid-ignored': {
    observe: async (client) => {
      await createUser(client, { userName: 'ada@example.test', externalId: 'ext-ada' });
      await createUser(client, { userName: 'bob@example.test', externalId: 'ext-bob' });
      return {
        externalId: await countUsers(client, 'externalId eq "ext-ada"'),
        userName: await countUsers(client, 'userName eq "ada@example.test"'),
      };
    },
    clean: { externalId: 1, userName: 1 },
    faulty: { externalId: 2, userName: 1 },
  },
  'filter-compound-first-clause': {
    observe: async (client) => {
      await createUser(client, { userName: 'ada@example.test', title: 'Nurse' });
      await createUser(client, { userName: 'bob@example.test', title: 'Nurse' });
      return countUsers(client, 'title eq "Nurse" and userName eq "ada@example.test"');
    },
    clean: 1,
    faulty: 2,
  },
  'filter-value-path-500': {
    observe: async (client) => {
      await createUser(client, { userName: 'ada@example.test', emails: [{ type: 'work', value: 'ada@example.test' }] });
      const valuePath = await client.get('/Users', { filter: 'emails[type eq "work"]' });
      const plain = await client.get('/Users', { filter: 'emails.type eq "work"' });
      return { valuePath: valuePath.status, plain: plain.status };
    },
    clean: { valuePath: 200, plain: 200 },
    faulty: { valuePath: 500, plain: 200 },
  },
  'filter-invalid-returns-all': {
    observe: async (client) => {
      await createUser(client, { userName: 'ada@example.test' });
      return (await client.get('/Users', { filter: 'userName eq' })).status;
    },
    clean: 400,
    faulty: 200,
  },
  'filter-invalid-500': {
    observe: async (client) => (await client.get('/Users', { filter: 'userName eq' })).status,
    clean: 400,
    faulty: 500,
  },

  // List envelope and paging
  'list-lowercase-resources': {
    observe: async (client) => {
      await createUser(client, { userName: 'ada@example.test' });
      return Object.keys((await client.get('/Users')).body).sort();
    },
    clean: ['Resources', 'itemsPerPage', 'schemas', 'startIndex', 'totalResults'],
    faulty: ['itemsPerPage', 'resources', 'schemas', 'startIndex', 'totalResults'],
  },
  'items-per-page-echoes-count': {
    observe: async (client) => {
      await createAdaAndBob(client);
      return (await client.get('/Users', { count: 5 })).body.itemsPerPage;
    },
    clean: 2,
    faulty: 5,
  },
  'start-index-zero': {
    observe: async (client) => (await client.get('/Users')).body.startIndex,
    clean: 1,
    faulty: 0,
  },
  'total-results-page-count': {
    observe: async (client) => {
      for (const userName of ['ada', 'bob', 'carol']) await createUser(client, { userName });
      return (await client.get('/Users', { count: 2 })).body.totalResults;
    },
    clean: 3,
    faulty: 2,
  },
  'list-count-ignored': {
    observe: async (client) => {
      for (const userName of ['ada', 'bob', 'carol']) await createUser(client, { userName });
      return (await client.get('/Users', { count: 2 })).body.Resources.length;
    },
    clean: 2,
    faulty: 3,
  },
  'pagination-overlap': {
    observe: async (client) => {
      for (const userName of ['ada', 'bob', 'carol']) await createUser(client, { userName });
      return userNamesOf(await client.get('/Users', { startIndex: 2, count: 1 }));
    },
    clean: ['bob'],
    faulty: ['ada'],
  },
  'sort-ignored': {
    observe: async (client) => {
      for (const userName of ['carol', 'ada', 'bob']) await createUser(client, { userName });
      return userNamesOf(await client.get('/Users', { sortBy: 'userName' }));
    },
    clean: ['ada', 'bob', 'carol'],
    faulty: ['carol', 'ada', 'bob'],
  },

  // PATCH
  'patch-op-case-sensitive': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test' });
      const capitalised = await client.patch(`/Users/${user.id}`, [{ op: 'Replace', path: 'title', value: 'Nurse' }]);
      const lowercase = await client.patch(`/Users/${user.id}`, [{ op: 'replace', path: 'title', value: 'Surgeon' }]);
      return { capitalised: capitalised.status, lowercase: lowercase.status };
    },
    clean: { capitalised: 200, lowercase: 200 },
    faulty: { capitalised: 400, lowercase: 200 },
  },
  'patch-add-rejected': {
    observe: async (client) => {
      const { ada, bob } = await createAdaAndBob(client);
      const groupId = await createGroup(client, 'Radiology');
      const userAdd = await client.patch(`/Users/${ada}`, [{ op: 'add', path: 'title', value: 'Nurse' }]);
      const memberAdd = await changeMembers(client, groupId, 'Add', [bob]);
      return { userAdd: userAdd.status, memberAdd: memberAdd.status };
    },
    clean: { userAdd: 200, memberAdd: 204 },
    faulty: { userAdd: 400, memberAdd: 204 },
  },
  'patch-405': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test' });
      return (await client.patch(`/Users/${user.id}`, [{ op: 'replace', path: 'title', value: 'Nurse' }])).status;
    },
    clean: 200,
    faulty: 405,
  },
  'boolean-strings-rejected': {
    observe: async (client) => {
      const created = await postUser(client, { userName: 'ada@example.test', active: 'True' });
      const user = await createUser(client, { userName: 'bob@example.test', active: true });
      const patched = await client.patch(`/Users/${user.id}`, [{ op: 'Replace', path: 'active', value: 'False' }]);
      return { create: created.status, patch: patched.status };
    },
    clean: { create: 201, patch: 200 },
    faulty: { create: 400, patch: 400 },
  },
  'patch-replace-ignored': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test', title: 'Nurse' });
      const patched = await client.patch(`/Users/${user.id}`, [{ op: 'replace', path: 'title', value: 'Surgeon' }]);
      return { status: patched.status, stored: (await readUser(client, user.id)).title };
    },
    clean: { status: 200, stored: 'Surgeon' },
    faulty: { status: 200, stored: 'Nurse' },
  },
  'pathless-dotted-keys-literal': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test' });
      await client.patch(`/Users/${user.id}`, [{ op: 'replace', value: { 'name.givenName': 'Ada' } }]);
      const stored = await readUser(client, user.id);
      const givenName = (stored.name as Body | undefined)?.givenName ?? null;
      return { givenName, literalKey: 'name.givenName' in stored };
    },
    clean: { givenName: 'Ada', literalKey: false },
    faulty: { givenName: null, literalKey: true },
  },
  'filtered-path-rejected': {
    observe: async (client) => {
      const user = await createUser(client, {
        userName: 'ada@example.test',
        emails: [{ type: 'work', value: 'ada@old.example.test' }],
      });
      const path = 'emails[type eq "work"].value';
      return (await client.patch(`/Users/${user.id}`, [{ op: 'replace', path, value: 'ada@new.example.test' }])).status;
    },
    clean: 200,
    faulty: 400,
  },
  'filtered-add-no-create': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test' });
      const path = 'emails[type eq "work"].value';
      const patched = await client.patch(`/Users/${user.id}`, [{ op: 'Add', path, value: 'ada@work.example.test' }]);
      const stored = await readUser(client, user.id);
      return { status: patched.status, emails: stored.emails ?? [] };
    },
    clean: { status: 200, emails: [{ type: 'work', value: 'ada@work.example.test' }] },
    faulty: { status: 200, emails: [] },
  },
  'manager-string-rejected': {
    observe: async (client) => {
      const manager = await createUser(client, { userName: 'boss@example.test' });
      const user = await createUser(client, { userName: 'ada@example.test' });
      const path = `${ENTERPRISE_URN}:manager`;
      return (await client.patch(`/Users/${user.id}`, [{ op: 'Add', path, value: manager.id }])).status;
    },
    clean: 200,
    faulty: 400,
  },
  'disable-conflict-409': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test', active: true });
      return (await client.patch(`/Users/${user.id}`, [{ op: 'replace', path: 'active', value: false }])).status;
    },
    clean: 200,
    faulty: 409,
  },

  // Membership
  'member-add-ignored': {
    observe: async (client) => {
      const { ada } = await createAdaAndBob(client);
      const groupId = await createGroup(client, 'Radiology');
      const patched = await changeMembers(client, groupId, 'Add', [ada]);
      return { status: patched.status, members: await memberNames(client, groupId) };
    },
    clean: { status: 204, members: ['Ada'] },
    faulty: { status: 204, members: [] },
  },
  'member-add-replaces': {
    observe: async (client) => {
      const { ada, bob } = await createAdaAndBob(client);
      const groupId = await createGroup(client, 'Radiology', [ada]);
      await changeMembers(client, groupId, 'Add', [bob]);
      return memberNames(client, groupId);
    },
    clean: ['Ada', 'Bob'],
    faulty: ['Bob'],
  },
  'member-remove-clears-all': {
    observe: async (client) => {
      const { ada, bob } = await createAdaAndBob(client);
      const groupId = await createGroup(client, 'Radiology', [ada, bob]);
      await changeMembers(client, groupId, 'Remove', [ada]);
      return memberNames(client, groupId);
    },
    clean: ['Bob'],
    faulty: [],
  },
  'member-filter-remove-ignored': {
    observe: async (client) => {
      const { ada, bob } = await createAdaAndBob(client);
      const groupId = await createGroup(client, 'Radiology', [ada, bob]);
      const patched = await client.patch(`/Groups/${groupId}`, [{ op: 'remove', path: `members[value eq "${ada}"]` }]);
      return { status: patched.status, members: await memberNames(client, groupId) };
    },
    clean: { status: 204, members: ['Bob'] },
    faulty: { status: 204, members: ['Ada', 'Bob'] },
  },
  'unknown-member-blames-all': {
    observe: async (client) => {
      const { ada } = await createAdaAndBob(client);
      const groupId = await createGroup(client, 'Radiology');
      const response = await changeMembers(client, groupId, 'Add', [ada, UNKNOWN_ID]);
      const detail = String(response.body.detail);
      return { status: response.status, namesUnknown: detail.includes(UNKNOWN_ID), namesKnown: detail.includes(ada) };
    },
    clean: { status: 400, namesUnknown: true, namesKnown: false },
    faulty: { status: 400, namesUnknown: true, namesKnown: true },
  },

  // Uniqueness
  'duplicate-username-allowed': {
    observe: async (client) => {
      await createUser(client, { userName: 'ada@example.test' });
      return (await postUser(client, { userName: 'ada@example.test' })).status;
    },
    clean: 409,
    faulty: 201,
  },
  'duplicate-case-variant-allowed': {
    observe: async (client) => {
      await createUser(client, { userName: 'ada@example.test' });
      const caseVariant = await postUser(client, { userName: 'ADA@Example.test' });
      const exact = await postUser(client, { userName: 'ada@example.test' });
      return { caseVariant: caseVariant.status, exact: exact.status };
    },
    clean: { caseVariant: 409, exact: 409 },
    faulty: { caseVariant: 201, exact: 409 },
  },
  'duplicate-status-400': {
    observe: async (client) => {
      await createUser(client, { userName: 'ada@example.test' });
      await createGroup(client, 'Radiology');
      const user = await postUser(client, { userName: 'ada@example.test' });
      const group = await client.post('/Groups', { schemas: [GROUP_URN], displayName: 'Radiology' });
      return { user: user.status, scimType: user.body.scimType, group: group.status };
    },
    clean: { user: 409, scimType: 'uniqueness', group: 409 },
    faulty: { user: 400, scimType: 'invalidValue', group: 400 },
  },
  'duplicate-race': {
    observe: async (client) => createTwiceConcurrently(client, 'ada@example.test'),
    clean: [201, 409],
    faulty: [201, 201],
  },
  'group-duplicate-name-allowed': {
    observe: async (client) => {
      await createGroup(client, 'Radiology');
      return (await client.post('/Groups', { schemas: [GROUP_URN], displayName: 'Radiology' })).status;
    },
    clean: 409,
    faulty: 201,
  },
  'inactive-hidden-from-filter': {
    observe: async (client) => {
      await createUser(client, { userName: 'ada@example.test', active: false });
      return countUsers(client, 'userName eq "ada@example.test"');
    },
    clean: 1,
    faulty: 0,
  },
  'inactive-get-404': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test', active: false });
      return (await client.get(`/Users/${user.id}`)).status;
    },
    clean: 200,
    faulty: 404,
  },

  // Replace and delete
  'put-keeps-omitted': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test', title: 'Nurse' });
      await client.put(`/Users/${user.id}`, { schemas: [USER_URN], userName: 'ada@example.test' });
      return (await readUser(client, user.id)).title ?? null;
    },
    clean: null,
    faulty: 'Nurse',
  },
  'delete-not-removed': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test' });
      const deleted = await client.delete(`/Users/${user.id}`);
      const read = await client.get(`/Users/${user.id}`);
      return { delete: deleted.status, read: read.status };
    },
    clean: { delete: 204, read: 404 },
    faulty: { delete: 204, read: 200 },
  },
  'delete-twice-204': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test' });
      await client.delete(`/Users/${user.id}`);
      return (await client.delete(`/Users/${user.id}`)).status;
    },
    clean: 404,
    faulty: 204,
  },

  // Versions
  'etag-header-missing': {
    observe: async (client) => {
      const created = await postUser(client, { userName: 'ada@example.test' });
      const read = await client.get(`/Users/${created.body.id}`);
      return { create: 'etag' in created.headers, read: 'etag' in read.headers };
    },
    clean: { create: true, read: true },
    faulty: { create: false, read: false },
  },
  'if-match-ignored': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test', title: 'Nurse' });
      const staleVersion = String((user.meta as Body).version);
      await client.put(`/Users/${user.id}`, { schemas: [USER_URN], userName: 'ada@example.test', title: 'Surgeon' });

      const staleWrite = await client
        .put(`/Users/${user.id}`, { schemas: [USER_URN], userName: 'ada@example.test', title: 'Porter' })
        .set('If-Match', staleVersion);
      const current = await readUser(client, user.id);
      const currentVersion = String((current.meta as Body).version);
      const conditionalRead = await client.get(`/Users/${user.id}`).set('If-None-Match', currentVersion);
      return { staleIfMatch: staleWrite.status, currentIfNoneMatch: conditionalRead.status };
    },
    clean: { staleIfMatch: 412, currentIfNoneMatch: 304 },
    faulty: { staleIfMatch: 200, currentIfNoneMatch: 200 },
  },
  'version-unchanged-on-write': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test' });
      const created = user.meta as Body;
      // lastModified has millisecond precision, so the pause makes a new value visible.
      await sleep(5);
      const body = { schemas: [USER_URN], userName: 'ada@example.test', title: 'Nurse' };
      const replaced = await client.put(`/Users/${user.id}`, body);
      const patched = await client.patch(`/Users/${user.id}`, [{ op: 'replace', path: 'title', value: 'Surgeon' }]);
      return {
        putVersion: replaced.body.meta.version !== created.version,
        putLastModified: replaced.body.meta.lastModified !== created.lastModified,
        patchVersion: patched.body.meta.version !== replaced.body.meta.version,
      };
    },
    clean: { putVersion: true, putLastModified: true, patchVersion: true },
    faulty: { putVersion: false, putLastModified: false, patchVersion: false },
  },

  // Errors
  'malformed-json-500': {
    observe: async (client) => {
      const response = await client.agent
        .post(`${client.base}/Users`)
        .set(client.auth)
        .set('Content-Type', 'application/scim+json')
        .send(`{"schemas": ["${USER_URN}"], "userName": `);
      return response.status;
    },
    clean: 400,
    faulty: 500,
  },
  'malformed-json-no-scimtype': {
    observe: async (client) => {
      const response = await client.agent
        .post(`${client.base}/Users`)
        .set(client.auth)
        .set('Content-Type', 'application/scim+json')
        .send(`{"schemas": ["${USER_URN}"], "userName": `);
      return { status: response.status, scimType: response.body.scimType ?? null };
    },
    clean: { status: 400, scimType: 'invalidSyntax' },
    faulty: { status: 400, scimType: null },
  },
  'invalid-value-500': {
    observe: async (client) => {
      const invalidValue = await postUser(client, { displayName: 'No userName' });
      const invalidSyntax = await client.post('/Users', { userName: 'ada@example.test' });
      return { invalidValue: invalidValue.status, invalidSyntax: invalidSyntax.status };
    },
    clean: { invalidValue: 400, invalidSyntax: 400 },
    faulty: { invalidValue: 500, invalidSyntax: 400 },
  },
  'error-status-number': {
    observe: async (client) => typeof (await client.get(`/Users/${UNKNOWN_ID}`)).body.status,
    clean: 'string',
    faulty: 'number',
  },
  'error-wrapped': {
    observe: async (client) => Object.keys((await client.get(`/Users/${UNKNOWN_ID}`)).body).sort(),
    clean: ['detail', 'schemas', 'status'],
    faulty: ['error'],
  },
  'error-schemas-string': {
    observe: async (client) => (await client.get(`/Users/${UNKNOWN_ID}`)).body.schemas,
    clean: [ERROR_URN],
    faulty: ERROR_URN,
  },
  'error-detail-object': {
    observe: async (client) => typeof (await client.get(`/Users/${UNKNOWN_ID}`)).body.detail,
    clean: 'string',
    faulty: 'object',
  },

  // Authentication
  'auth-missing-token-accepted': {
    observe: async (client) => {
      const missing = await client.agent.get(`${client.base}/Users`);
      const wrong = await client.agent.get(`${client.base}/Users`).set('Authorization', 'Bearer wrong-token');
      return { missing: missing.status, wrong: wrong.status };
    },
    clean: { missing: 401, wrong: 401 },
    faulty: { missing: 200, wrong: 401 },
  },
  'auth-any-token-accepted': {
    observe: async (client) => {
      const missing = await client.agent.get(`${client.base}/Users`);
      const wrong = await client.agent.get(`${client.base}/Users`).set('Authorization', 'Bearer wrong-token');
      return { missing: missing.status, wrong: wrong.status };
    },
    clean: { missing: 401, wrong: 401 },
    faulty: { missing: 401, wrong: 200 },
  },
  'auth-error-not-scim': {
    observe: async (client) => {
      const response = await client.agent.get(`${client.base}/Users`).set('Authorization', 'Bearer wrong-token');
      return { status: response.status, contentType: response.headers['content-type'] };
    },
    clean: { status: 401, contentType: SCIM_MEDIA_TYPE },
    faulty: { status: 401, contentType: 'text/html; charset=utf-8' },
  },

  // Media types
  'accept-scim-required': {
    observe: async (client) => {
      const json = await client.get('/Users').set('Accept', 'application/json');
      const scim = await client.get('/Users').set('Accept', 'application/scim+json');
      return { json: json.status, scim: scim.status };
    },
    clean: { json: 200, scim: 200 },
    faulty: { json: 406, scim: 200 },
  },
  'charset-body-ignored': {
    observe: async (client) => {
      const send = (userName: string, contentType: string) =>
        client.agent
          .post(`${client.base}/Users`)
          .set(client.auth)
          .set('Content-Type', contentType)
          .send(JSON.stringify({ schemas: [USER_URN], userName }));
      const withCharset = await send('ada@example.test', 'application/scim+json; charset=utf-8');
      const withoutCharset = await send('bob@example.test', 'application/scim+json');
      return { withCharset: withCharset.status, withoutCharset: withoutCharset.status };
    },
    clean: { withCharset: 201, withoutCharset: 201 },
    faulty: { withCharset: 400, withoutCharset: 201 },
  },
  'media-type-misspelt': {
    observe: async (client) => (await client.get('/Users')).headers['content-type'],
    clean: SCIM_MEDIA_TYPE,
    faulty: 'application/json+scim; charset=utf-8',
  },
  'media-type-plain-json': {
    observe: async (client) => (await client.get('/Users')).headers['content-type'],
    clean: SCIM_MEDIA_TYPE,
    faulty: 'application/json; charset=utf-8',
  },

  // Discovery and rate limits
  'discovery-404': {
    observe: async (client) => ({
      serviceProviderConfig: (await client.get('/ServiceProviderConfig')).status,
      resourceTypes: (await client.get('/ResourceTypes')).status,
      schemas: (await client.get('/Schemas')).status,
    }),
    clean: { serviceProviderConfig: 200, resourceTypes: 200, schemas: 200 },
    faulty: { serviceProviderConfig: 404, resourceTypes: 404, schemas: 404 },
  },
  'discovery-filter-ignored': {
    observe: async (client) => ({
      schemas: (await client.get('/Schemas', { filter: `id eq "${USER_URN}"` })).status,
      resourceTypes: (await client.get('/ResourceTypes', { filter: 'name eq "User"' })).status,
    }),
    clean: { schemas: 403, resourceTypes: 403 },
    faulty: { schemas: 200, resourceTypes: 200 },
  },
  'schema-characteristics-missing': {
    observe: async (client) => {
      const schema = await client.get(`/Schemas/${USER_URN}`);
      const userName = (schema.body.attributes as Body[]).find((attribute) => attribute.name === 'userName');
      return Object.keys(userName ?? {}).sort();
    },
    clean: [
      'caseExact',
      'description',
      'multiValued',
      'mutability',
      'name',
      'required',
      'returned',
      'type',
      'uniqueness',
    ],
    faulty: ['description', 'multiValued', 'name', 'required', 'type'],
  },
  'create-ignores-attributes': {
    observe: async (client) => {
      const response = await client.agent
        .post(`${client.base}/Users`)
        .query({ attributes: 'userName' })
        .set(client.auth)
        .send({ schemas: [USER_URN], userName: 'ada@example.test', title: 'Nurse' });
      return Object.keys(response.body).sort();
    },
    clean: ['id', 'schemas', 'userName'],
    faulty: ['id', 'meta', 'schemas', 'title', 'userName'],
  },
  'attributes-ignored-by-id': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test', title: 'Nurse' });
      return Object.keys((await client.get(`/Users/${user.id}`, { attributes: 'userName' })).body).sort();
    },
    clean: ['id', 'schemas', 'userName'],
    faulty: ['id', 'meta', 'schemas', 'title', 'userName'],
  },
  'filter-precedence-left-to-right': {
    observe: async (client) => {
      await createUser(client, { userName: 'ada@example.test', title: 'Porter' });
      await createUser(client, { userName: 'bob@example.test', title: 'Porter' });
      // "and" binds first: ada OR (bob AND Nurse) selects ada; left to right, (ada OR bob) AND Nurse selects nobody.
      const filter = 'userName eq "ada@example.test" or userName eq "bob@example.test" and title eq "Nurse"';
      return userNamesOf(await client.get('/Users', { filter })).sort();
    },
    clean: ['ada@example.test'],
    faulty: [],
  },
  'filter-names-case-sensitive': {
    observe: async (client) => {
      await createUser(client, { userName: 'ada@example.test' });
      return (await client.get('/Users', { filter: 'USERNAME EQ "ada@example.test"' })).status;
    },
    clean: 200,
    faulty: 400,
  },
  'filter-caseexact-folded': {
    observe: async (client) => {
      await createUser(client, { userName: 'ada@example.test', externalId: 'Ada-1' });
      return countUsers(client, 'externalId eq "ada-1"');
    },
    clean: 0,
    faulty: 1,
  },
  'filter-escapes-literal': {
    observe: async (client) => {
      await createUser(client, { userName: 'ada@example.test', title: 'Head "A" nurse' });
      return countUsers(client, 'title eq "Head \\"A\\" nurse"');
    },
    clean: 1,
    faulty: 0,
  },
  'sort-case-sensitive': {
    observe: async (client) => {
      await createUser(client, { userName: 'bob@example.test' });
      await createUser(client, { userName: 'Carl@example.test' });
      await createUser(client, { userName: 'ada@example.test' });
      return userNamesOf(await client.get('/Users', { sortBy: 'userName' }));
    },
    clean: ['ada@example.test', 'bob@example.test', 'Carl@example.test'],
    // Compared with exact case, every capital letter sorts before every lowercase one.
    faulty: ['Carl@example.test', 'ada@example.test', 'bob@example.test'],
  },
  'patch-schema-unchecked': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test' });
      const response = await client.agent
        .patch(`${client.base}/Users/${user.id}`)
        .set(client.auth)
        .send({ Operations: [{ op: 'replace', path: 'title', value: 'Nurse' }] });
      return response.status;
    },
    clean: 400,
    faulty: 200,
  },
  'patch-unknown-op-ignored': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test' });
      return (await client.patch(`/Users/${user.id}`, [{ op: 'merge', path: 'title', value: 'Nurse' }])).status;
    },
    clean: 400,
    faulty: 200,
  },
  'remove-without-path-ignored': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test' });
      return (await client.patch(`/Users/${user.id}`, [{ op: 'remove' }])).status;
    },
    clean: 400,
    faulty: 200,
  },
  'patch-unknown-path-ignored': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test' });
      return (await client.patch(`/Users/${user.id}`, [{ op: 'replace', path: 'shoeSize', value: '42' }])).status;
    },
    clean: 400,
    faulty: 200,
  },
  'patch-readonly-accepted': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test' });
      return (await client.patch(`/Users/${user.id}`, [{ op: 'replace', path: 'id', value: 'forged' }])).status;
    },
    clean: 400,
    faulty: 200,
  },
  'patch-not-atomic': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test', title: 'Nurse' });
      const response = await client.patch(`/Users/${user.id}`, [
        { op: 'replace', path: 'title', value: 'Surgeon' },
        { op: 'replace', path: 'active', value: 'maybe' },
      ]);
      return { status: response.status, title: (await readUser(client, user.id)).title };
    },
    clean: { status: 400, title: 'Nurse' },
    faulty: { status: 400, title: 'Surgeon' },
  },
  'patch-first-operation-only': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test' });
      await client.patch(`/Users/${user.id}`, [
        { op: 'replace', path: 'title', value: 'Nurse' },
        { op: 'replace', path: 'displayName', value: 'Ada' },
      ]);
      const stored = await readUser(client, user.id);
      return { title: stored.title ?? null, displayName: stored.displayName ?? null };
    },
    clean: { title: 'Nurse', displayName: 'Ada' },
    faulty: { title: 'Nurse', displayName: null },
  },
  'pathless-urn-keys-ignored': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test' });
      await client.patch(`/Users/${user.id}`, [{ op: 'replace', value: { [`${ENTERPRISE_URN}:department`]: 'Cardiology' } }]);
      return ((await readUser(client, user.id))[ENTERPRISE_URN] as Body | undefined)?.department ?? null;
    },
    clean: 'Cardiology',
    faulty: null,
  },
  'reenable-ignored': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test', active: false });
      const response = await client.patch(`/Users/${user.id}`, [{ op: 'replace', path: 'active', value: true }]);
      return { status: response.status, active: (await readUser(client, user.id)).active };
    },
    clean: { status: 200, active: true },
    faulty: { status: 200, active: false },
  },
  'manager-remove-ignored': {
    observe: async (client) => {
      const { ada, bob } = await createAdaAndBob(client);
      const path = `${ENTERPRISE_URN}:manager`;
      await client.patch(`/Users/${ada}`, [{ op: 'add', path, value: bob }]);
      const response = await client.patch(`/Users/${ada}`, [{ op: 'remove', path }]);
      const stored = (await readUser(client, ada))[ENTERPRISE_URN] as Body | undefined;
      return { status: response.status, managerKept: (stored?.manager as Body | undefined)?.value === bob };
    },
    clean: { status: 200, managerKept: false },
    faulty: { status: 200, managerKept: true },
  },
  'put-ignored': {
    observe: async (client) => {
      const user = await createUser(client, { userName: 'ada@example.test', title: 'Nurse' });
      const response = await client.put(`/Users/${user.id}`, { schemas: [USER_URN], userName: 'ada@example.test', title: 'Surgeon' });
      return { status: response.status, title: (await readUser(client, user.id)).title };
    },
    clean: { status: 200, title: 'Surgeon' },
    faulty: { status: 200, title: 'Nurse' },
  },
  'discovery-unknown-id-200': {
    observe: async (client) => (await client.get('/ResourceTypes/Device')).status,
    clean: 404,
    faulty: 200,
  },
  'resource-type-extension-unserved': {
    observe: async (client) => {
      const listed = ((await client.get('/Schemas')).body.Resources as Body[]).map((schema) => schema.id);
      const byId = (await client.get(`/Schemas/${ENTERPRISE_URN}`)).status;
      return { listed: listed.includes(ENTERPRISE_URN), byId };
    },
    clean: { listed: true, byId: 200 },
    faulty: { listed: false, byId: 404 },
  },
  'user-agent-required': {
    observe: async (client) => {
      // Supertest sends no User-Agent unless one is set.
      const without = await client.agent.get(`${client.base}/Users`).set(client.auth).unset('User-Agent');
      const withAgent = await client.agent.get(`${client.base}/Users`).set(client.auth).set('User-Agent', 'scim-client');
      return { without: without.status, withAgent: withAgent.status };
    },
    clean: { without: 200, withAgent: 200 },
    faulty: { without: 403, withAgent: 200 },
  },
  'retry-after-missing': {
    // Both realms get the limit that the fault sets on its own, so both send 429 after 10 requests.
    realm: { rateLimit: { requestsPerSecond: 10 } },
    observe: async (client) => {
      let limited: request.Response | undefined;
      for (let sent = 0; sent < 20 && !limited; sent += 1) {
        const response = await client.get('/Users');
        if (response.status === 429) limited = response;
      }
      return { limited: limited !== undefined, retryAfter: limited?.headers['retry-after'] ?? null };
    },
    clean: { limited: true, retryAfter: '1' },
    faulty: { limited: true, retryAfter: null },
  },
};

test('every fault has a scenario', () => {
  const faults = Object.keys(FAULTS);

  const missing = faults.filter((fault) => !Object.hasOwn(SCENARIOS, fault));
  const unknown = Object.keys(SCENARIOS).filter((fault) => !Object.hasOwn(FAULTS, fault));

  expect(missing, 'faults in faults.ts without a scenario').toEqual([]);
  expect(unknown, 'scenarios for faults that faults.ts does not define').toEqual([]);
});

for (const [fault, scenario] of Object.entries(SCENARIOS) as [FaultName, FaultScenario][]) {
  test(`${fault} deviates only when on`, async () => {
    const { clean, faulty } = startRosters(fault, scenario.realm);

    const cleanObservation = await scenario.observe(clean);
    const faultyObservation = await scenario.observe(faulty);

    expect(scenario.faulty, 'expected faulty observation differs from the clean one').not.toEqual(scenario.clean);
    expect(cleanObservation, 'clean realm').toEqual(scenario.clean);
    expect(faultyObservation, `realm with ${fault}: ${FAULTS[fault]}`).toEqual(scenario.faulty);
  });
}
