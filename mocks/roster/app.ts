// HTTP layer of the mock roster: routing under /scim/v1/Realms/{realmId}/, rate limits, bearer
// tokens, content negotiation, body parsing and SCIM responses.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Resource } from './attributes.js';
import {
  findResourceType,
  findSchema,
  resourceTypes,
  schemaResources,
  serviceProviderConfig,
} from './discovery.js';
import { ScimError, invalidSyntax, notFound } from './errors.js';
import {
  type Exchange,
  LIST_RESPONSE_URN,
  type Reply,
  create,
  list,
  patch,
  read,
  remove,
  replace,
  search,
} from './handlers.js';
import { Realm, type RealmOptions } from './realm.js';
import { ENTERPRISE_USER, GROUP_TYPE, type ResourceTypeDefinition, USER_TYPE } from './schema-definitions.js';

export { LIST_RESPONSE_URN } from './handlers.js';
export const REALM_PATH = /^\/scim\/v1\/Realms\/([^/]+)(\/.*)?$/;
const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';

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
      if (error instanceof ScimError) {
        const internal = error.status >= 500 ? ` (${error.message})` : '';
        if (internal) log(`error on ${request.method} ${request.url}: ${error.status}${internal}`);
        return finish({ status: error.status, body: error.toBody() });
      }
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
      const wait = realm.throttle();
      if (wait > 0) {
        const error = new ScimError(429, `Too many requests; retry after ${wait} s.`);
        const headers: Record<string, string> = realm.has('retry-after-missing') ? {} : { 'Retry-After': String(wait) };
        return finish({ status: 429, body: error.toBody(), headers });
      }
      authenticate(request, realm);
      negotiate(request, realm);
      if (realm.has('user-agent-required') && !request.headers['user-agent']) {
        throw new ScimError(403, 'Requests without a User-Agent header are not accepted.');
      }
      const host = request.headers.host ?? 'localhost';
      const baseUrl = `http://${host}/scim/v1/Realms/${encodeURIComponent(realmId)}`;
      const route = (match[2] ?? '/').replace(/\/+$/, '') || '/';
      const activeRealm = realm;
      readBody(request, maxBodyBytes, activeRealm)
        .then((body) => dispatch({ request, url, realm: activeRealm, baseUrl, body }, route))
        .then(finish, fail);
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

// Served with no Accept header, with */* and with either JSON type (RFC 7644 §3.8).
function negotiate(request: IncomingMessage, realm: Realm): void {
  if (!realm.has('accept-scim-required')) return;
  const accept = request.headers.accept ?? '';
  if (!accept.toLowerCase().includes('application/scim+json')) {
    throw new ScimError(406, `Not acceptable: ${JSON.stringify(accept)}; send Accept: application/scim+json.`);
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
      const contentType = request.headers['content-type'] ?? '';
      if (text.trim() === '' || (realm.has('charset-body-ignored') && /;\s*charset=/i.test(contentType))) {
        return resolve(undefined);
      }
      // Entra has been captured sending JSON without a SCIM media type, so any Content-Type is
      // read as JSON rather than rejected with 415.
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        if (realm.has('malformed-json-500')) return reject(new Error('body parser crashed'));
        const detail = `Request body is not valid JSON: ${(error as Error).message}.`;
        if (realm.has('malformed-json-no-scimtype')) return reject(new ScimError(400, detail));
        reject(invalidSyntax(detail));
      }
    });
  });
}

const DISCOVERY = new Set(['ServiceProviderConfig', 'ResourceTypes', 'Schemas']);

async function dispatch(exchange: Exchange, route: string): Promise<Reply> {
  const method = exchange.request.method ?? 'GET';
  const [, first, second, ...rest] = route.split('/');
  if (first === undefined || first === '') throw notFound('No SCIM endpoint at the tenant root; use /Users or /Groups.');
  if (DISCOVERY.has(first)) return discovery(exchange, method, first, second === undefined ? undefined : decodePathSegment(second), rest);
  if (first === 'Me') throw new ScimError(501, 'The /Me endpoint is not supported.');
  if (first === 'Bulk') throw new ScimError(501, 'Bulk operations are not supported; see /ServiceProviderConfig.');
  let type: ResourceTypeDefinition | undefined;
  if (first === 'Users') type = USER_TYPE;
  if (first === 'Groups') type = GROUP_TYPE;
  if (!type || rest.length > 0) {
    throw notFound(`No SCIM endpoint at ${route}; this roster serves /Users and /Groups.`);
  }
  if (second === '.search') {
    if (method !== 'POST') return methodNotAllowed(method, 'POST');
    return search(exchange, type);
  }
  const id = second === undefined ? undefined : decodePathSegment(second);
  if (id === undefined) {
    if (method === 'GET') return list(exchange, type);
    if (method === 'POST') return create(exchange, type);
    return methodNotAllowed(method, 'GET, POST');
  }
  switch (method) {
    case 'GET':
      return read(exchange, type, id);
    case 'PUT':
      return replace(exchange, type, id);
    case 'PATCH':
      return patch(exchange, type, id);
    case 'DELETE':
      return remove(exchange, type, id);
    default:
      return methodNotAllowed(method, 'GET, PUT, PATCH, DELETE');
  }
}

function discovery(exchange: Exchange, method: string, endpoint: string, id: string | undefined, rest: string[]): Reply {
  const { realm, baseUrl, url } = exchange;
  if (realm.has('discovery-404') || rest.length > 0 || (endpoint === 'ServiceProviderConfig' && id !== undefined)) {
    throw notFound(`No SCIM endpoint at /${[endpoint, id, ...rest].filter(Boolean).join('/')}.`);
  }
  if (method !== 'GET') return methodNotAllowed(method, 'GET');
  // RFC 7644 §4: other query parameters are ignored, but a filter gets 403, so that no client
  // takes an unfiltered answer for a filtered one.
  if (url.searchParams.has('filter') && endpoint !== 'ServiceProviderConfig' && !realm.has('discovery-filter-ignored')) {
    throw new ScimError(403, `Filtering is not supported on /${endpoint}.`);
  }
  if (endpoint === 'ServiceProviderConfig') return { status: 200, body: serviceProviderConfig(baseUrl, realm.rateLimited) };
  const unserved = realm.has('resource-type-extension-unserved') ? ENTERPRISE_USER.toLowerCase() : undefined;
  if (id !== undefined) {
    if (endpoint === 'Schemas' && id.toLowerCase() === unserved) throw notFound(`Schema ${JSON.stringify(id)} not found.`);
    const find = endpoint === 'Schemas' ? findSchema : findResourceType;
    const list = endpoint === 'Schemas' ? schemaResources : resourceTypes;
    const found = realm.has('discovery-unknown-id-200') ? findOrFirst(() => find(id, baseUrl), list(baseUrl)) : find(id, baseUrl);
    return { status: 200, body: strip(realm, found) };
  }
  const listed = endpoint === 'Schemas' ? schemaResources(baseUrl) : resourceTypes(baseUrl);
  const resources = listed.filter((entry) => String(entry.id).toLowerCase() !== unserved).map((entry) => strip(realm, entry));
  return {
    status: 200,
    body: { schemas: [LIST_RESPONSE_URN], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources },
  };
}

function findOrFirst(find: () => Resource, all: Resource[]): Resource {
  try {
    return find();
  } catch (error) {
    if (error instanceof ScimError && error.status === 404) return all[0];
    throw error;
  }
}

/** Applies the fault that leaves attribute characteristics out of schema definitions. */
function strip(realm: Realm, resource: Resource): Resource {
  if (!realm.has('schema-characteristics-missing') || !Array.isArray(resource.attributes)) return resource;
  const reduce = (attribute: Resource): Resource => {
    const { caseExact: _caseExact, mutability: _mutability, returned: _returned, uniqueness: _uniqueness, ...rest } = attribute;
    return Array.isArray(rest.subAttributes) ? { ...rest, subAttributes: (rest.subAttributes as Resource[]).map(reduce) } : rest;
  };
  return { ...resource, attributes: (resource.attributes as Resource[]).map(reduce) };
}

function methodNotAllowed(method: string, allow: string): Reply {
  const error = new ScimError(405, `Method ${method} is not supported here; use ${allow}.`);
  return { status: 405, body: error.toBody(), headers: { Allow: allow } };
}

function mediaType(realm: Realm | undefined): string {
  if (realm?.has('media-type-misspelt')) return 'application/json+scim; charset=utf-8';
  if (realm?.has('media-type-plain-json')) return 'application/json; charset=utf-8';
  return SCIM_MEDIA_TYPE;
}

function send(response: ServerResponse, reply: Reply, realm: Realm | undefined): void {
  let { status, body } = reply;
  const headers: Record<string, string> = { ...reply.headers };
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer realm="user-roster"';
  if (status === 401 && realm?.has('auth-error-not-scim')) {
    writeText(response, 401, headers, 'text/html; charset=utf-8', '<html><body><h1>401 Unauthorized</h1></body></html>');
    return;
  }
  if (status >= 400 && body && typeof body === 'object' && 'schemas' in body) {
    const error = body as Resource;
    if (realm?.has('invalid-value-500') && status === 400 && error.scimType === 'invalidValue') status = 500;
    body = errorBody({ ...error, status: String(status) }, realm);
  }
  if (body === undefined) {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  writeText(response, status, headers, mediaType(realm), JSON.stringify(body));
}

function writeText(response: ServerResponse, status: number, headers: Record<string, string>, contentType: string, text: string): void {
  response.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(text)) });
  response.end(text);
}

/** Applies the faults that change the SCIM error envelope. */
function errorBody(body: Resource, realm: Realm | undefined): unknown {
  const error: Resource = { ...body };
  if (realm?.has('error-status-number')) error.status = Number(error.status);
  if (realm?.has('error-schemas-string')) error.schemas = String((error.schemas as string[])[0]);
  if (realm?.has('error-detail-object')) error.detail = { message: error.detail, field: 'request' };
  return realm?.has('error-wrapped') ? { error } : error;
}
