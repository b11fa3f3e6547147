// HTTP layer of the mock roster: routing under /scim/v1/Realms/{realmId}/, bearer-token checks,
// body parsing, and SCIM responses. Faults switched on for a realm change behaviour here.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Resource } from './attributes.js';
import { ScimError, invalidSyntax, invalidValue, notFound } from './errors.js';
import { type Filter, parseFilter } from './filter.js';
import { applyPatch } from './patch.js';
import { Realm, type RealmOptions } from './realm.js';
import { type Projection, checkRequired, projectResource, readAttributeList, readResourceBody } from './resources.js';
import {
  type AttributeDefinition,
  ENTERPRISE_USER,
  GROUP_TYPE,
  type ResourceTypeDefinition,
  USER_TYPE,
} from './schema-definitions.js';

export const LIST_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const REALM_PATH = /^\/scim\/v1\/Realms\/([^/]+)(\/.*)?$/;
const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 200;

export interface RosterAppOptions {
  realms?: RealmOptions[];
  // Largest request body accepted, in bytes; larger bodies get 413.
  maxBodyBytes?: number;
  // Receives one line per request and per server-side error; never the Authorization header.
  log?: (line: string) => void;
}

export interface RosterApp {
  handle(request: IncomingMessage, response: ServerResponse): void;
  addRealm(options: RealmOptions): Realm;
  realm(id: string): Realm | undefined;
}

interface Exchange {
  request: IncomingMessage;
  url: URL;
  realm: Realm;
  baseUrl: string;
  body: unknown;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function createRosterApp(options: RosterAppOptions = {}): RosterApp {
  const realms = new Map<string, Realm>();
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const log = options.log ?? (() => {});

  const addRealm = (realmOptions: RealmOptions): Realm => {
    if (realms.has(realmOptions.id)) throw new Error(`Realm ${realmOptions.id} already exists.`);
    const realm = new Realm(realmOptions);
    realms.set(realm.id, realm);
    return realm;
  };
  for (const realmOptions of options.realms ?? []) addRealm(realmOptions);

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const started = Date.now();
    let realm: Realm | undefined;
    const finish = (reply: Reply) => {
      send(response, reply, realm);
      log(`${request.method} ${request.url} ${reply.status} ${Date.now() - started}ms`);
    };
    const fail = (error: unknown) => {
      if (error instanceof ScimError) return finish({ status: error.status, body: error.toBody() });
      log(`internal error on ${request.method} ${request.url}: ${(error as Error)?.stack ?? error}`);
      finish({ status: 500, body: new ScimError(500, 'Internal server error.').toBody() });
    };

    try {
      const url = new URL(request.url ?? '/', 'http://mock.invalid');
      const match = REALM_PATH.exec(url.pathname);
      if (!match) throw notFound(`No SCIM endpoint at ${url.pathname}; the tenant URL is /scim/v1/Realms/{realmId}/.`);
      const realmId = decodePathSegment(match[1]);
      realm = realms.get(realmId);
      if (!realm) throw notFound(`Realm ${JSON.stringify(realmId)} not found; check the realm id in the tenant URL.`);
      authenticate(request, realm);
      const host = request.headers.host ?? 'localhost';
      const baseUrl = `http://${host}/scim/v1/Realms/${encodeURIComponent(realmId)}`;
      const route = (match[2] ?? '/').replace(/\/+$/, '') || '/';
      const activeRealm = realm;
      readBody(request, maxBodyBytes, activeRealm)
        .then((body) => finish(dispatch({ request, url, realm: activeRealm, baseUrl, body }, route)))
        .catch(fail);
    } catch (error) {
      fail(error);
    }
  };

  return { handle, addRealm, realm: (id) => realms.get(id) };
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ScimError(400, `Invalid percent-encoding in path segment ${JSON.stringify(segment)}.`, 'invalidPath');
  }
}

function authenticate(request: IncomingMessage, realm: Realm): void {
  const header = request.headers.authorization;
  if (!header) {
    if (realm.has('auth-missing-token-accepted')) return;
    throw new ScimError(401, 'Missing Authorization header; send "Authorization: Bearer <token>".');
  }
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (realm.has('auth-any-token-accepted')) return;
  if (!match || match[1].trim() !== realm.token) {
    throw new ScimError(401, 'Invalid bearer token for this realm.');
  }
}

function readBody(request: IncomingMessage, limit: number, realm: Realm): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let rejected = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit && !rejected) {
        rejected = true;
        reject(new ScimError(413, `Request body is larger than ${limit} bytes.`));
        request.resume();
        return;
      }
      if (!rejected) chunks.push(chunk);
    });
    request.on('error', (error) => reject(error));
    request.on('end', () => {
      if (rejected) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      // Entra has been captured sending JSON without a SCIM media type, so any Content-Type is
      // read as JSON rather than rejected with 415.
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        if (realm.has('malformed-json-500')) return reject(new Error('body parser crashed'));
        reject(invalidSyntax(`Request body is not valid JSON: ${(error as Error).message}.`));
      }
    });
  });
}

function dispatch(exchange: Exchange, route: string): Reply {
  const method = exchange.request.method ?? 'GET';
  const [, collection, id, ...rest] = route.split('/');
  let type: ResourceTypeDefinition | undefined;
  if (collection === 'Users') type = USER_TYPE;
  if (collection === 'Groups') type = GROUP_TYPE;
  if (!type || rest.length > 0) {
    throw notFound(`No SCIM endpoint at ${route}; this roster serves /Users and /Groups.`);
  }
  const resourceId = id === undefined ? undefined : decodePathSegment(id);
  if (resourceId === undefined) {
    if (method === 'GET') return list(exchange, type);
    if (method === 'POST') return create(exchange, type);
    return methodNotAllowed(method, 'GET, POST');
  }
  switch (method) {
    case 'GET':
      return read(exchange, type, resourceId);
    case 'PUT':
      return replace(exchange, type, resourceId);
    case 'PATCH':
      return patch(exchange, type, resourceId);
    case 'DELETE':
      exchange.realm.delete(type, resourceId);
      return { status: 204 };
    default:
      return methodNotAllowed(method, 'GET, PUT, PATCH, DELETE');
  }
}

function methodNotAllowed(method: string, allow: string): Reply {
  const error = new ScimError(405, `Method ${method} is not supported here; use ${allow}.`);
  return { status: 405, body: error.toBody(), headers: { Allow: allow } };
}

function create(exchange: Exchange, type: ResourceTypeDefinition): Reply {
  const { realm } = exchange;
  const data = readResourceBody(type, exchange.body, { strictBooleans: realm.has('boolean-strings-rejected') });
  if (realm.has('enterprise-ignored')) delete data[ENTERPRISE_USER];
  const stored = realm.create(type, data, exchange.baseUrl);
  const echoed = present(exchange, type, stored, projectionOf(exchange.url));
  if (realm.has('echo-not-stored')) delete stored.title;
  const location = String((stored.meta as Resource).location);
  const headers: Record<string, string> = { ETag: String((stored.meta as Resource).version) };
  if (!realm.has('create-no-location')) {
    headers.Location = realm.has('location-mismatch') ? `${exchange.baseUrl}/${type.endpoint}` : location;
  }
  if (realm.has('create-omits-id')) delete echoed.id;
  return { status: realm.has('create-status-200') ? 200 : 201, body: echoed, headers };
}

function read(exchange: Exchange, type: ResourceTypeDefinition, id: string): Reply {
  const { realm } = exchange;
  if (realm.has('get-by-id-500')) throw new ScimError(500, 'Lookup failed.');
  const existing = realm.collection(type).byId.get(id);
  if (!existing && realm.has('unknown-id-501')) throw new ScimError(501, 'Not implemented.');
  const resource = realm.get(type, id);
  if (realm.has('inactive-get-404') && resource.active === false) {
    throw notFound(`${type.name} ${JSON.stringify(id)} not found.`);
  }
  return single(exchange, type, resource, 200);
}

function replace(exchange: Exchange, type: ResourceTypeDefinition, id: string): Reply {
  const { realm } = exchange;
  const data = readResourceBody(type, exchange.body, { strictBooleans: realm.has('boolean-strings-rejected') });
  const stored = realm.replace(type, id, data, exchange.baseUrl);
  return single(exchange, type, stored, 200);
}

function patch(exchange: Exchange, type: ResourceTypeDefinition, id: string): Reply {
  const { realm, baseUrl } = exchange;
  const current = realm.get(type, id);
  const checkElements = (attribute: AttributeDefinition, elements: Resource[]) =>
    type === GROUP_TYPE && attribute.name === 'members' ? (realm.checkMembers(elements, baseUrl) ?? []) : elements;
  let patched = applyPatch(
    type,
    current,
    exchange.body,
    {
      strictBooleans: realm.has('boolean-strings-rejected'),
      caseSensitiveOps: realm.has('patch-op-case-sensitive'),
      removeByValueArrayClearsAll: realm.has('member-remove-clears-all'),
      ignoreReplace: realm.has('patch-replace-ignored'),
      ignoreFilteredRemove: realm.has('member-filter-remove-ignored'),
    },
    checkElements,
  );
  if (realm.has('member-add-ignored') && type === GROUP_TYPE) {
    const before = new Set(((current.members as Resource[] | undefined) ?? []).map((member) => member.value));
    const previous = ((patched.members as Resource[] | undefined) ?? []).filter((member) => before.has(member.value));
    patched = { ...patched, members: previous };
  }
  checkRequired(type, patched, true);
  const { id: _id, meta: _meta, schemas: _schemas, ...data } = patched;
  const stored = realm.replace(type, id, data, baseUrl);
  // Entra's guide recommends 204 for group PATCH. Users get the updated representation.
  if (type === GROUP_TYPE) return { status: 204, headers: { ETag: String((stored.meta as Resource).version) } };
  return single(exchange, type, stored, 200);
}

function list(exchange: Exchange, type: ResourceTypeDefinition): Reply {
  const { realm, url } = exchange;
  const filter = readFilter(realm, url.searchParams.get('filter'));
  const startIndex = readInteger(url.searchParams.get('startIndex'), 'startIndex') ?? 1;
  const count = Math.min(readInteger(url.searchParams.get('count'), 'count') ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  let matches = realm.query(type, filter);
  if (filter && realm.has('inactive-hidden-from-filter')) matches = matches.filter((r) => r.active !== false);
  if (filter && matches.length === 0 && realm.has('filter-no-match-404')) {
    throw notFound('No resources match the filter.');
  }
  const first = Math.max(startIndex, 1);
  const page = matches.slice(first - 1, first - 1 + Math.max(count, 0));
  const projection = projectionOf(url);
  const resources = page.map((resource) => present(exchange, type, resource, projection));
  const body: Resource = {
    schemas: [LIST_RESPONSE_URN],
    totalResults: matches.length,
    startIndex: first,
    itemsPerPage: resources.length,
    [realm.has('list-lowercase-resources') ? 'resources' : 'Resources']: resources,
  };
  return { status: 200, body };
}

function readFilter(realm: Realm, text: string | null): Filter | undefined {
  if (text === null || realm.has('filter-ignored')) return undefined;
  try {
    const filter = parseFilter(text);
    return realm.has('filter-eq-substring') ? loosenEquality(filter) : filter;
  } catch (error) {
    if (realm.has('filter-invalid-returns-all')) return undefined;
    if (realm.has('filter-invalid-500')) throw new ScimError(500, 'Filter evaluation failed.');
    throw error;
  }
}

function loosenEquality(filter: Filter): Filter {
  switch (filter.kind) {
    case 'compare':
      return filter.operator === 'eq' && typeof filter.value === 'string' ? { ...filter, operator: 'co' } : filter;
    case 'and':
    case 'or':
      return { ...filter, left: loosenEquality(filter.left), right: loosenEquality(filter.right) };
    case 'not':
      return { ...filter, filter: loosenEquality(filter.filter) };
    default:
      return filter;
  }
}

function readInteger(text: string | null, name: string): number | undefined {
  if (text === null) return undefined;
  if (!/^-?\d+$/.test(text.trim())) throw invalidValue(`"${name}" must be an integer, not ${JSON.stringify(text)}.`);
  return Number(text);
}

function projectionOf(url: URL): Projection {
  return {
    attributes: readAttributeList(url.searchParams.get('attributes')),
    excludedAttributes: readAttributeList(url.searchParams.get('excludedAttributes')),
  };
}

function single(exchange: Exchange, type: ResourceTypeDefinition, resource: Resource, status: number): Reply {
  const meta = resource.meta as Resource;
  return {
    status,
    body: present(exchange, type, resource, projectionOf(exchange.url)),
    headers: { ETag: String(meta.version), 'Content-Location': String(meta.location) },
  };
}

/** Builds the representation sent to the client, including faults that distort it. */
function present(exchange: Exchange, type: ResourceTypeDefinition, resource: Resource, projection: Projection): Resource {
  const { realm } = exchange;
  const full = structuredClone(resource);
  if (type === USER_TYPE) {
    const groups = realm.groupsOf(String(resource.id));
    if (groups.length > 0) full.groups = groups;
  }
  const effective =
    type === GROUP_TYPE && realm.has('exclude-members-ignored') && projection.excludedAttributes
      ? { ...projection, excludedAttributes: projection.excludedAttributes.filter((n) => n.toLowerCase() !== 'members') }
      : projection;
  const { schemas, id, externalId, meta, ...rest } = projectResource(type, full, effective);
  const output: Resource = { schemas, id, externalId, ...rest, meta };
  for (const key of Object.keys(output)) if (output[key] === undefined) delete output[key];
  if (realm.has('active-as-number') && typeof output.active === 'boolean') output.active = output.active ? 1 : 0;
  const enterprise = output[ENTERPRISE_USER] as Resource | undefined;
  if (realm.has('enterprise-number-type') && typeof enterprise?.employeeNumber === 'string') {
    enterprise.employeeNumber = Number.parseInt(enterprise.employeeNumber.replace(/\D/g, '') || '0', 10);
  }
  if (realm.has('group-members-as-strings') && Array.isArray(output.members)) {
    output.members = (output.members as Resource[]).map((member) => member.value);
  }
  return output;
}

function send(response: ServerResponse, reply: Reply, realm: Realm | undefined): void {
  let body = reply.body;
  if (reply.status >= 400 && body && typeof body === 'object') {
    const error = { ...(body as Resource) };
    if (realm?.has('error-status-number')) error.status = Number(error.status);
    body = realm?.has('error-wrapped') ? { error } : error;
  }
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="user-roster"';
  if (body === undefined) {
    response.writeHead(reply.status, headers);
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(reply.status, {
    ...headers,
    'Content-Type': SCIM_MEDIA_TYPE,
    'Content-Length': String(Buffer.byteLength(text)),
  });
  response.end(text);
}

