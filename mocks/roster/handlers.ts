// Handlers of the /Users and /Groups endpoints: list and search with filter, sort and paging,
// create, read, replace, patch and delete, with ETag preconditions (RFC 7644 §3.14). Faults
// switched on for a realm change behaviour here.

import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ResolvedAttribute, type Resource, comparedDefinition, readValues, resolveAttribute } from './attributes.js';
import { ScimError, invalidSyntax, invalidValue, notFound } from './errors.js';
import { type Filter, parseAttributePath, parseFilter } from './filter.js';
import { applyPatch } from './patch.js';
import type { Realm } from './realm.js';
import { type Projection, checkRequired, projectResource, readAttributeList, readResourceBody } from './resources.js';
import {
  type AttributeDefinition,
  ENTERPRISE_USER,
  GROUP_TYPE,
  type ResourceTypeDefinition,
  USER_TYPE,
} from './schema-definitions.js';

export const LIST_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SEARCH_REQUEST_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 200;

export interface Exchange {
  request: IncomingMessage;
  url: URL;
  realm: Realm;
  baseUrl: string;
  body: unknown;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The query of a list or search: from URL parameters, or from a SearchRequest body. */
interface Query {
  filter: string | null;
  sortBy: string | null;
  sortOrder: string | null;
  startIndex: string | number | null;
  count: string | number | null;
  projection: Projection;
}

function queryFromUrl(url: URL): Query {
  const get = (name: string) => url.searchParams.get(name);
  return {
    filter: get('filter'),
    sortBy: get('sortBy'),
    sortOrder: get('sortOrder'),
    startIndex: get('startIndex'),
    count: get('count'),
    projection: projectionOf(url),
  };
}

function queryFromSearchRequest(body: unknown): Query {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidSyntax('A search request body must be a JSON object.');
  }
  const request = body as Resource;
  const schemas = request.schemas;
  if (!Array.isArray(schemas) || !schemas.some((urn) => String(urn).toLowerCase() === SEARCH_REQUEST_URN.toLowerCase())) {
    throw invalidSyntax(`"schemas" must contain "${SEARCH_REQUEST_URN}".`);
  }
  const text = (name: string) => {
    const value = request[name];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw invalidValue(`"${name}" must be a string.`);
    return value;
  };
  const list = (name: string) => {
    const value = request[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
      throw invalidValue(`"${name}" must be an array of attribute names.`);
    }
    return readAttributeList(value.join(','));
  };
  const integer = (name: string) => {
    const value = request[name];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidValue(`"${name}" must be an integer.`);
    return value;
  };
  return {
    filter: text('filter'),
    sortBy: text('sortBy'),
    sortOrder: text('sortOrder'),
    startIndex: integer('startIndex'),
    count: integer('count'),
    projection: { attributes: list('attributes'), excludedAttributes: list('excludedAttributes') },
  };
}

export function list(exchange: Exchange, type: ResourceTypeDefinition): Reply {
  return runQuery(exchange, type, queryFromUrl(exchange.url));
}

/** POST /Users/.search and /Groups/.search (RFC 7644 §3.4.3). */
export function search(exchange: Exchange, type: ResourceTypeDefinition): Reply {
  return runQuery(exchange, type, queryFromSearchRequest(exchange.body));
}

function runQuery(exchange: Exchange, type: ResourceTypeDefinition, query: Query): Reply {
  const { realm } = exchange;
  const filter = readFilter(realm, type, query.filter);
  const startIndex = readInteger(query.startIndex, 'startIndex') ?? 1;
  const requested = readInteger(query.count, 'count');
  const count = Math.min(Math.max(requested ?? DEFAULT_PAGE_SIZE, 0), MAX_PAGE_SIZE);
  let matches = realm.query(type, filter);
  if (filter && realm.has('inactive-hidden-from-filter')) matches = matches.slice().filter((r) => r.active !== false);
  if (filter && matches.length === 0 && realm.has('filter-no-match-404')) {
    throw notFound('No resources match the filter.');
  }
  if (query.sortBy !== null && !realm.has('sort-ignored')) {
    matches = sortResources(realm, type, matches.slice(), query.sortBy, query.sortOrder);
  }
  // startIndex is 1-based; values below 1 are read as 1 (RFC 7644 §3.4.2.4).
  const first = Math.max(startIndex, 1);
  let offset = first - 1;
  if (realm.has('pagination-overlap') && offset > 0) offset -= 1;
  const pageSize = realm.has('list-count-ignored') ? matches.length : count;
  const page = matches.slice(offset, offset + pageSize);
  const projection = realm.has('attributes-ignored') ? {} : query.projection;
  const resources = page.map((resource) => present(exchange, type, resource, projection, 'list'));
  let itemsPerPage = resources.length;
  if (realm.has('items-per-page-echoes-count') && requested !== undefined) itemsPerPage = requested;
  const body: Resource = {
    schemas: [LIST_RESPONSE_URN],
    totalResults: realm.has('total-results-page-count') ? resources.length : matches.length,
    startIndex: realm.has('start-index-zero') ? 0 : first,
    itemsPerPage,
    [realm.has('list-lowercase-resources') ? 'resources' : 'Resources']: resources,
  };
  return { status: 200, body };
}

/**
 * Orders resources by one attribute (RFC 7644 §3.4.2.3). Strings compare by their caseExact
 * rule, multi-valued attributes by their primary or first value, and resources without a value
 * come last in either order.
 */
function sortResources(
  realm: Realm,
  type: ResourceTypeDefinition,
  resources: Resource[],
  sortBy: string,
  sortOrder: string | null,
): Resource[] {
  let path;
  try {
    path = parseAttributePath(sortBy);
  } catch {
    throw invalidValue(`Invalid sortBy attribute ${JSON.stringify(sortBy)}.`);
  }
  const resolved = resolveAttribute(type, path);
  if (!resolved) throw invalidValue(`sortBy names ${JSON.stringify(sortBy)}, which is not a ${type.name} attribute.`);
  const order = (sortOrder ?? 'ascending').toLowerCase();
  if (order !== 'ascending' && order !== 'descending') {
    throw invalidValue(`sortOrder must be "ascending" or "descending", not ${JSON.stringify(sortOrder)}.`);
  }
  const definition = comparedDefinition(resolved);
  const key = (stored: Resource): string | number | boolean | undefined => {
    // "groups" is computed from the groups' members, so it is added before it is read.
    const resource = type === USER_TYPE && resolved.definition.name === 'groups' ? { ...stored, groups: realm.groupsOf(String(stored.id)) } : stored;
    const value = sortValue(resource, resolved);
    if (typeof value === 'string') {
      if (definition.type === 'dateTime') return Date.parse(value);
      return definition.caseExact || realm.has('sort-case-sensitive') ? value : value.toLowerCase();
    }
    return typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
  };
  const direction = order === 'ascending' ? 1 : -1;
  return [...resources]
    .map((resource) => ({ resource, sortKey: key(resource) }))
    .sort((left, right) => {
      if (left.sortKey === undefined) return right.sortKey === undefined ? 0 : 1;
      if (right.sortKey === undefined) return -1;
      if (left.sortKey === right.sortKey) return 0;
      return left.sortKey < right.sortKey ? -direction : direction;
    })
    .map((entry) => entry.resource);
}

/** Returns the value a resource sorts by: of a multi-valued attribute, the primary element's, else the first. */
function sortValue(resource: Resource, resolved: ResolvedAttribute): unknown {
  const { definition, subDefinition } = resolved;
  if (!definition.multiValued || definition.type !== 'complex') return readValues(resource, resolved)[0];
  const container = resolved.extension ? (resource[resolved.extension] as Resource | undefined) : resource;
  const elements = container?.[definition.name];
  if (!Array.isArray(elements) || elements.length === 0) return undefined;
  const chosen = (elements.find((element) => (element as Resource)?.primary === true) ?? elements[0]) as Resource;
  return chosen?.[subDefinition?.name ?? 'value'];
}

function readFilter(realm: Realm, type: ResourceTypeDefinition, text: string | null): Filter | undefined {
  if (text === null || realm.has('filter-ignored')) return undefined;
  try {
    const filter = parseFilter(text, {
      leftToRight: realm.has('filter-precedence-left-to-right'),
      caseSensitiveOperators: realm.has('filter-names-case-sensitive'),
      literalEscapes: realm.has('filter-escapes-literal'),
    });
    if (realm.has('filter-value-path-500') && containsValuePath(filter)) {
      throw new ScimError(500, 'Filter evaluation failed.');
    }
    if (realm.has('filter-externalid-ignored') && !isUniqueNameEquality(type, filter)) return undefined;
    if (realm.has('filter-compound-first-clause') && filter.kind === 'and') return filter.left;
    return realm.has('filter-eq-substring') ? loosenEquality(filter) : filter;
  } catch (error) {
    if (!(error instanceof ScimError) || error.scimType !== 'invalidFilter') throw error;
    if (realm.has('filter-invalid-returns-all')) return undefined;
    if (realm.has('filter-invalid-500')) throw new ScimError(500, 'Filter evaluation failed.');
    throw error;
  }
}

function containsValuePath(filter: Filter): boolean {
  switch (filter.kind) {
    case 'valuePath':
      return true;
    case 'and':
    case 'or':
      return containsValuePath(filter.left) || containsValuePath(filter.right);
    case 'not':
      return containsValuePath(filter.filter);
    default:
      return false;
  }
}

// The fault of a server whose filter support was written for one pattern only.
function isUniqueNameEquality(type: ResourceTypeDefinition, filter: Filter): boolean {
  const name = type === USER_TYPE ? 'username' : 'displayname';
  return filter.kind === 'compare' && filter.operator === 'eq' && filter.path.attribute.toLowerCase() === name;
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

function readInteger(value: string | number | null, name: string): number | undefined {
  if (value === null) return undefined;
  if (typeof value === 'number') return value;
  if (!/^-?\d+$/.test(value.trim())) throw invalidValue(`"${name}" must be an integer, not ${JSON.stringify(value)}.`);
  return Number(value);
}

export function projectionOf(url: URL): Projection {
  return {
    attributes: readAttributeList(url.searchParams.get('attributes')),
    excludedAttributes: readAttributeList(url.searchParams.get('excludedAttributes')),
  };
}

export async function create(exchange: Exchange, type: ResourceTypeDefinition): Promise<Reply> {
  const { realm } = exchange;
  const data = readBody(exchange, type);
  if (realm.has('enterprise-ignored')) delete data[ENTERPRISE_USER];
  if (realm.has('create-ignores-active') && type === USER_TYPE) data.active = false;
  if (realm.has('duplicate-race')) {
    // Checks uniqueness, then yields before storing, as a server awaiting its database does.
    realm.checkUnique(type, data, undefined);
    await sleep(25);
  }
  const stored = realm.create(type, data, exchange.baseUrl, {
    skipUniqueness: realm.has('duplicate-race'),
    unstoredAttributes: realm.has('echo-not-stored') ? ['title'] : undefined,
  });
  const projection = realm.has('create-ignores-attributes') ? {} : projectionOf(exchange.url);
  const echoed = present(exchange, type, stored, projection, 'single');
  const meta = stored.meta as Resource;
  const headers: Record<string, string> = {};
  if (!realm.has('etag-header-missing')) headers.ETag = String(meta.version);
  if (!realm.has('create-no-location')) {
    const location = String((echoed.meta as Resource | undefined)?.location ?? meta.location);
    headers.Location = realm.has('location-mismatch') ? `${exchange.baseUrl}/${type.endpoint}` : location;
  }
  if (realm.has('create-omits-id')) delete echoed.id;
  return { status: realm.has('create-status-200') ? 200 : 201, body: echoed, headers };
}

function readBody(exchange: Exchange, type: ResourceTypeDefinition): Resource {
  const { realm } = exchange;
  const body = exchange.body as Resource | undefined;
  if (realm.has('enterprise-schema-rejected') && Array.isArray(body?.schemas) && body.schemas.includes(ENTERPRISE_USER)) {
    throw invalidValue(`The schemas ${ENTERPRISE_USER} are unknown.`);
  }
  if (realm.has('primary-subattribute-rejected') && hasPrimaryElement(body)) {
    throw invalidValue('The attribute primary is not recognized.');
  }
  return readResourceBody(type, exchange.body, {
    strictBooleans: realm.has('boolean-strings-rejected'),
    rejectManagerString: realm.has('manager-string-rejected'),
  });
}

/** Tells whether any multi-valued attribute of a body has an element with "primary". */
function hasPrimaryElement(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  return Object.values(body as Resource).some((value) => {
    if (Array.isArray(value)) return value.some((element) => !!element && typeof element === 'object' && 'primary' in element);
    return !!value && typeof value === 'object' && hasPrimaryElement(value);
  });
}

export function read(exchange: Exchange, type: ResourceTypeDefinition, id: string): Reply {
  const { realm } = exchange;
  if (realm.has('get-by-id-500')) throw new ScimError(500, 'Lookup failed.');
  const exists = realm.collection(type).byId.has(id);
  if (!exists && realm.has('unknown-id-501')) throw new ScimError(501, 'Not implemented.');
  if (!exists && realm.has('deleted-user-app-json') && realm.wasDeleted(id)) {
    return { status: 404, body: { error: 'user_not_found', message: 'This user was removed.' }, headers: { 'X-Error-Format': 'app' } };
  }
  const resource = realm.get(type, id);
  if (realm.has('inactive-get-404') && resource.active === false) {
    throw notFound(`${type.name} ${JSON.stringify(id)} not found.`);
  }
  const version = String((resource.meta as Resource).version);
  if (matchesEtag(exchange.request.headers['if-none-match'], version) && !realm.has('if-match-ignored')) {
    return { status: 304, headers: { ETag: version } };
  }
  return single(exchange, type, resource, 200);
}

export function replace(exchange: Exchange, type: ResourceTypeDefinition, id: string): Reply {
  const { realm } = exchange;
  const current = realm.get(type, id);
  checkPrecondition(exchange, current);
  let data = readBody(exchange, type);
  if (realm.has('put-ignored')) return single(exchange, type, current, 200);
  if (realm.has('put-keeps-omitted')) {
    const { id: _id, meta: _meta, schemas: _schemas, ...previous } = current;
    data = { ...previous, ...data };
  }
  const stored = realm.replace(type, id, data, exchange.baseUrl, { keepVersion: realm.has('version-unchanged-on-write') });
  return single(exchange, type, stored, 200);
}

export function patch(exchange: Exchange, type: ResourceTypeDefinition, id: string): Reply {
  const { realm, baseUrl } = exchange;
  if (realm.has('patch-405')) {
    const error = new ScimError(405, 'Method PATCH is not allowed.');
    return { status: 405, body: error.toBody(), headers: { Allow: 'GET, PUT, DELETE' } };
  }
  const current = realm.get(type, id);
  checkPrecondition(exchange, current);
  const checkElements = (attribute: AttributeDefinition, elements: Resource[]) =>
    type === GROUP_TYPE && attribute.name === 'members' ? (realm.checkMembers(elements, baseUrl) ?? []) : elements;
  if (realm.has('patch-not-atomic')) applyOperationsOneByOne(exchange, type, id, checkElements);
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
      rejectAdd: realm.has('patch-add-rejected'),
      addReplacesMembers: realm.has('member-add-replaces'),
      rejectFilteredPaths: realm.has('filtered-path-rejected'),
      skipFilteredCreate: realm.has('filtered-add-no-create'),
      rejectManagerString: realm.has('manager-string-rejected'),
      storeDottedKeys: realm.has('pathless-dotted-keys-literal'),
      ignoreUrnKeys: realm.has('pathless-urn-keys-ignored'),
      skipSchemaCheck: realm.has('patch-schema-unchecked'),
      skipUnknownOps: realm.has('patch-unknown-op-ignored'),
      ignoreRemoveWithoutPath: realm.has('remove-without-path-ignored'),
      ignoreUnknownPaths: realm.has('patch-unknown-path-ignored'),
      ignoreReadOnly: realm.has('patch-readonly-accepted'),
      firstOperationOnly: realm.has('patch-first-operation-only'),
      ignoreManagerRemove: realm.has('manager-remove-ignored'),
    },
    checkElements,
  );
  if (realm.has('reenable-ignored') && current.active === false && patched.active === true) {
    patched = { ...patched, active: false };
  }
  if (realm.has('member-add-ignored') && type === GROUP_TYPE) {
    const before = new Set(((current.members as Resource[] | undefined) ?? []).map((member) => member.value));
    const previous = ((patched.members as Resource[] | undefined) ?? []).filter((member) => before.has(member.value));
    patched = { ...patched, members: previous };
  }
  if (realm.has('disable-conflict-409') && current.active !== false && patched.active === false) {
    throw new ScimError(409, 'User must be Active.');
  }
  checkRequired(type, patched, true);
  const { id: _id, meta: _meta, schemas: _schemas, ...data } = patched;
  const stored = realm.replace(type, id, data, baseUrl, { keepVersion: realm.has('version-unchanged-on-write') });
  // Entra's guide recommends 204 for group PATCH. Users get the updated representation.
  if (type === GROUP_TYPE) {
    return { status: 204, headers: realm.has('etag-header-missing') ? {} : { ETag: String((stored.meta as Resource).version) } };
  }
  return single(exchange, type, stored, 200);
}

/**
 * Stores each operation as soon as it applies, for the fault of a PATCH that is not atomic: when
 * a later operation fails, the earlier ones stay stored and the error still reaches the client.
 */
function applyOperationsOneByOne(
  exchange: Exchange,
  type: ResourceTypeDefinition,
  id: string,
  checkElements: (attribute: AttributeDefinition, elements: Resource[]) => Resource[],
): void {
  const { realm, baseUrl } = exchange;
  const body = exchange.body as Resource | undefined;
  const operations = Array.isArray(body?.Operations) ? (body.Operations as unknown[]) : [];
  for (const operation of operations) {
    const current = realm.get(type, id);
    const patched = applyPatch(type, current, { ...body, Operations: [operation] }, {}, checkElements);
    const { id: _id, meta: _meta, schemas: _schemas, ...data } = patched;
    realm.replace(type, id, data, baseUrl);
  }
}

export function remove(exchange: Exchange, type: ResourceTypeDefinition, id: string): Reply {
  const { realm } = exchange;
  const current = realm.collection(type).byId.get(id);
  if (!current && realm.has('delete-twice-204') && realm.wasDeleted(id)) return { status: 204 };
  if (current) checkPrecondition(exchange, current);
  if (realm.has('delete-not-removed')) {
    realm.get(type, id);
    return { status: 204 };
  }
  realm.delete(type, id);
  return { status: 204 };
}

/** Answers 412 when an If-Match header names no current version (RFC 7644 §3.14). */
function checkPrecondition(exchange: Exchange, current: Resource): void {
  if (exchange.realm.has('if-match-ignored')) return;
  const header = exchange.request.headers['if-match'];
  if (header === undefined) return;
  const version = String((current.meta as Resource).version);
  if (!matchesEtag(header, version)) {
    throw new ScimError(412, `The resource has changed: If-Match ${header} does not match the current version ${version}.`);
  }
}

/** Compares an If-Match or If-None-Match header with a version, with weak comparison. */
function matchesEtag(header: string | undefined, version: string): boolean {
  if (header === undefined) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//i, '');
  return header.split(',').some((tag) => tag.trim() === '*' || strip(tag) === strip(version));
}

function single(exchange: Exchange, type: ResourceTypeDefinition, resource: Resource, status: number): Reply {
  const meta = resource.meta as Resource;
  const location = String(meta.location);
  const headers: Record<string, string> = {
    'Content-Location': exchange.realm.has('location-relative') ? new URL(location).pathname : location,
  };
  if (!exchange.realm.has('etag-header-missing')) headers.ETag = String(meta.version);
  const projection = exchange.realm.has('attributes-ignored-by-id') ? {} : projectionOf(exchange.url);
  return { status, body: present(exchange, type, resource, projection, 'single'), headers };
}

/** Builds the representation sent to the client, including faults that distort it. */
function present(
  exchange: Exchange,
  type: ResourceTypeDefinition,
  resource: Resource,
  projection: Projection,
  route: 'single' | 'list',
): Resource {
  const { realm } = exchange;
  const full = structuredClone(resource);
  if (type === USER_TYPE) {
    const groups = realm.groupsOf(String(resource.id));
    if (groups.length > 0) full.groups = groups;
  }
  const ignoreExclusion =
    type === GROUP_TYPE && (realm.has('exclude-members-ignored') || (route === 'list' && realm.has('exclude-members-ignored-on-list')));
  const effective =
    ignoreExclusion && projection.excludedAttributes
      ? { ...projection, excludedAttributes: projection.excludedAttributes.filter((n) => n.toLowerCase() !== 'members') }
      : projection;
  const literal = realm.has('pathless-dotted-keys-literal') ? literalKeysOf(resource) : {};
  const { schemas, id, externalId, meta, ...rest } = projectResource(type, full, effective);
  const output: Resource = { schemas, id, externalId, ...rest, ...literal, meta };
  for (const key of Object.keys(output)) if (output[key] === undefined) delete output[key];
  distort(realm, output);
  return output;
}

function literalKeysOf(resource: Resource): Resource {
  return Object.fromEntries(Object.entries(resource).filter(([key]) => key.includes('.') && !key.startsWith('urn:')));
}

/** Applies the faults that change how a stored resource is written out. */
function distort(realm: Realm, output: Resource): void {
  if (realm.has('active-as-number') && typeof output.active === 'boolean') output.active = output.active ? 1 : 0;
  const enterprise = output[ENTERPRISE_USER] as Resource | undefined;
  if (realm.has('enterprise-number-type') && typeof enterprise?.employeeNumber === 'string') {
    enterprise.employeeNumber = Number.parseInt(enterprise.employeeNumber.replace(/\D/g, '') || '0', 10);
  }
  const manager = enterprise?.manager as Resource | undefined;
  if (realm.has('manager-returned-as-string') && manager && enterprise) enterprise.manager = manager.value;
  if (realm.has('group-members-as-strings') && Array.isArray(output.members)) {
    output.members = (output.members as Resource[]).map((member) => member.value);
  }
  const meta = output.meta as Resource | undefined;
  if (realm.has('location-relative') && typeof meta?.location === 'string') {
    meta.location = new URL(meta.location).pathname;
  }
}

