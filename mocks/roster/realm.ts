// One roster realm: its token, its faults and its in-memory Users and Groups. Every method runs
// synchronously, so a check-then-write cannot interleave with another request.

import { randomUUID } from 'node:crypto';
import type { Resource } from './attributes.js';
import { invalidValue, notFound, uniqueness } from './errors.js';
import { compileFilter } from './evaluate.js';
import type { Filter } from './filter.js';
import type { FaultName } from './faults.js';
import { type RateLimit, TokenBucket } from './rate-limit.js';
import { GROUP_TYPE, type ResourceTypeDefinition, USER_TYPE } from './schema-definitions.js';
import { JsonCodec, type ResourceCodec, ResourceStore, objectCodec, offHeap, schemasOf } from './store.js';

export interface RealmOptions {
  id: string;
  token: string;
  faults?: Iterable<FaultName>;
  // Requests above this rate get 429 with Retry-After.
  rateLimit?: RateLimit;
}

export interface WriteOptions {
  // Store without the uniqueness check, for the fault that races two creates.
  skipUniqueness?: boolean;
  // Keep meta.version and meta.lastModified, for the fault that never changes them.
  keepVersion?: boolean;
  // Attributes returned by create but left out of the stored resource, for the fault that echoes
  // values it never stores.
  unstoredAttributes?: string[];
}

/** Resources a query selected. Slicing reads them from storage, so a page costs only its own reads. */
export interface ResourceList {
  readonly length: number;
  slice(start?: number, end?: number): Resource[];
}

/** Resources of one type, with the indexes that make Entra's matching queries lookups, not scans. */
class ResourceCollection<S> {
  readonly byId: ResourceStore<S>;
  // Lowercased userName or displayName: both are caseExact=false and unique per realm. With the
  // fault that allows case variants, the key keeps its case.
  private readonly byUniqueName = new Map<string, string>();
  // An externalId maps to one id, or to a set of ids when several resources share it. A set for
  // every resource would cost about 150 bytes each.
  private readonly byExternalId = new Map<string, string | Set<string>>();

  constructor(
    readonly type: ResourceTypeDefinition,
    private readonly uniqueAttribute: 'userName' | 'displayName',
    codec: ResourceCodec<S>,
    private readonly exactCaseKeys: boolean,
  ) {
    this.byId = new ResourceStore(codec);
  }

  private uniqueKey(resource: Resource): string {
    const value = String(resource[this.uniqueAttribute]);
    return this.exactCaseKeys ? value : value.toLowerCase();
  }

  findUniqueId(value: string, exactCase: boolean): string | undefined {
    return this.byUniqueName.get(exactCase ? value : value.toLowerCase());
  }

  findUnique(value: string, exactCase: boolean): Resource | undefined {
    const id = this.findUniqueId(value, exactCase);
    return id === undefined ? undefined : this.byId.get(id);
  }

  findByExternalId(value: string): Resource[] {
    const ids = this.byExternalId.get(value);
    if (ids === undefined) return [];
    return typeof ids === 'string' ? [this.byId.get(ids)!] : [...ids].map((id) => this.byId.get(id)!);
  }

  /** Stores a resource and indexes it. The collection may keep the object, so the caller must not change it afterwards. */
  put(resource: Resource): void {
    this.remove(String(resource.id));
    const id = String(resource.id);
    this.byId.set(id, resource);
    this.byUniqueName.set(this.uniqueKey(resource), id);
    if (typeof resource.externalId === 'string') {
      const ids = this.byExternalId.get(resource.externalId);
      if (ids === undefined) this.byExternalId.set(resource.externalId, id);
      else if (typeof ids === 'string') this.byExternalId.set(resource.externalId, new Set([ids, id]));
      else ids.add(id);
    }
  }

  /** Stores a changed resource whose userName or displayName and externalId stay the same. */
  rewrite(resource: Resource): void {
    this.byId.set(String(resource.id), resource);
  }

  remove(id: string): Resource | undefined {
    const existing = this.byId.get(id);
    if (!existing) return undefined;
    this.byId.delete(id);
    const key = this.uniqueKey(existing);
    if (this.byUniqueName.get(key) === id) this.byUniqueName.delete(key);
    if (typeof existing.externalId === 'string') this.removeExternalId(existing.externalId, id);
    return existing;
  }

  private removeExternalId(externalId: string, id: string): void {
    const ids = this.byExternalId.get(externalId);
    if (ids === id) this.byExternalId.delete(externalId);
    else if (typeof ids === 'object') {
      ids.delete(id);
      if (ids.size === 1) this.byExternalId.set(externalId, ids.values().next().value!);
    }
  }
}

export class Realm {
  readonly id: string;
  readonly token: string;
  readonly faults: Set<FaultName>;
  // Users are stored as JSON text outside the V8 heap, because a realm may hold 100,000 of them.
  // Groups are few but may be large, and every user read scans their members, so they stay objects.
  readonly users: ResourceCollection<number>;
  readonly groups: ResourceCollection<Resource>;
  private versionCounter = 0;
  // How the last query found its resources: "index" for an indexed lookup, "scan" otherwise.
  lastQueryPlan: 'all' | 'index' | 'scan' = 'all';
  private readonly bucket?: TokenBucket;
  // Ids of deleted resources, kept only for the faults that treat them differently.
  private readonly deletedIds = new Set<string>();

  constructor(options: RealmOptions) {
    this.id = options.id;
    this.token = options.token;
    this.faults = new Set(options.faults ?? []);
    const rateLimit = options.rateLimit ?? (this.faults.has('retry-after-missing') ? { requestsPerSecond: 10 } : undefined);
    if (rateLimit) this.bucket = new TokenBucket(rateLimit);
    const exactCaseKeys = this.has('duplicate-case-variant-allowed');
    this.users = new ResourceCollection(USER_TYPE, 'userName', offHeap(new JsonCodec(USER_TYPE)), exactCaseKeys);
    this.groups = new ResourceCollection(GROUP_TYPE, 'displayName', objectCodec, exactCaseKeys);
  }

  get rateLimited(): boolean {
    return this.bucket !== undefined;
  }

  /** Takes one request from the realm's rate limit; returns the seconds to wait, or 0. */
  throttle(): number {
    return this.bucket?.take() ?? 0;
  }

  wasDeleted(id: string): boolean {
    return this.deletedIds.has(id);
  }

  has(fault: FaultName): boolean {
    return this.faults.has(fault);
  }

  collection(type: ResourceTypeDefinition): ResourceCollection<unknown> {
    return type === USER_TYPE ? this.users : this.groups;
  }

  get(type: ResourceTypeDefinition, id: string): Resource {
    const resource = this.collection(type).byId.get(id);
    if (!resource) throw notFound(`${type.name} ${JSON.stringify(id)} not found.`);
    return resource;
  }

  /** Stores a new resource and returns a copy with id and meta. Throws 409 uniqueness when the name is taken. */
  create(type: ResourceTypeDefinition, data: Resource, baseUrl: string, options: WriteOptions = {}): Resource {
    const collection = this.collection(type);
    if (!options.skipUniqueness) this.checkUnique(type, data, undefined);
    const now = new Date().toISOString();
    const id = newResourceId();
    const resource: Resource = {
      ...data,
      id,
      meta: {
        resourceType: type.name,
        created: now,
        lastModified: now,
        location: `${baseUrl}/${type.endpoint}/${id}`,
        version: this.nextVersion(),
      },
    };
    resource.schemas = schemasOf(type, resource);
    if (type === GROUP_TYPE) resource.members = this.checkMembers(resource.members as Resource[] | undefined, baseUrl);
    collection.put(withoutEmpty(resource));
    const created = collection.byId.get(id)!;
    if (options.unstoredAttributes) {
      const storedCopy = collection.byId.get(id)!;
      for (const name of options.unstoredAttributes) delete storedCopy[name];
      collection.put(storedCopy);
    }
    if (type === GROUP_TYPE) this.touchUsers(memberIdsOf(resource));
    return created;
  }

  /** Replaces the stored attributes of an existing resource, keeping id and meta.created, and returns a copy. */
  replace(type: ResourceTypeDefinition, id: string, data: Resource, baseUrl: string, options: WriteOptions = {}): Resource {
    const collection = this.collection(type);
    const existing = this.get(type, id);
    this.checkUnique(type, data, id);
    const meta = existing.meta as Resource;
    const changed = options.keepVersion ? {} : { lastModified: new Date().toISOString(), version: this.nextVersion() };
    const resource: Resource = { ...data, id, meta: { ...meta, ...changed } };
    resource.schemas = schemasOf(type, resource);
    if (type === GROUP_TYPE) resource.members = this.checkMembers(resource.members as Resource[] | undefined, baseUrl);
    collection.put(withoutEmpty(resource));
    if (type === GROUP_TYPE) {
      const before = new Set(memberIdsOf(existing));
      const after = new Set(memberIdsOf(resource));
      this.touchUsers([...before, ...after].filter((member) => before.has(member) !== after.has(member)));
    }
    return collection.byId.get(id)!;
  }

  /**
   * Gives users a new version when their group memberships change, because their read-only
   * "groups" attribute, and so their representation, changed with them.
   */
  private touchUsers(ids: string[]): void {
    const now = new Date().toISOString();
    for (const id of ids) {
      const user = this.users.byId.get(id);
      if (!user) continue;
      user.meta = { ...(user.meta as Resource), lastModified: now, version: this.nextVersion() };
      this.users.rewrite(user);
    }
  }

  delete(type: ResourceTypeDefinition, id: string): void {
    const removed = this.collection(type).remove(id);
    if (!removed) throw notFound(`${type.name} ${JSON.stringify(id)} not found.`);
    if (type === GROUP_TYPE) this.touchUsers(memberIdsOf(removed));
    if (this.has('deleted-user-app-json') || this.has('delete-twice-204')) this.deletedIds.add(id);
    // A deleted user or group leaves every group it belonged to, and those groups get a new version.
    for (const [, group] of this.groups.byId.storedEntries()) {
      const members = group.members as Resource[] | undefined;
      if (!members?.some((member) => member.value === id)) continue;
      const remaining = members.filter((member) => member.value !== id);
      const meta = { ...(group.meta as Resource), lastModified: new Date().toISOString(), version: this.nextVersion() };
      // withoutEmpty drops "members" when no member remains.
      this.groups.rewrite(withoutEmpty({ ...group, members: remaining, meta }));
    }
  }

  /** Returns the resources a filter selects, using an index for Entra's matching queries. */
  query(type: ResourceTypeDefinition, filter: Filter | undefined): ResourceList {
    const collection = this.collection(type);
    if (!filter) {
      this.lastQueryPlan = 'all';
      const ids = [...collection.byId.keys()];
      return { length: ids.length, slice: (start, end) => ids.slice(start, end).map((id) => collection.byId.get(id)!) };
    }
    const caseSensitive = this.has('filter-case-sensitive');
    const options = {
      caseSensitive,
      foldAll: this.has('filter-caseexact-folded'),
      exactNames: this.has('filter-names-case-sensitive'),
    };
    const indexed = options.foldAll || options.exactNames ? undefined : this.indexedLookup(collection, filter, caseSensitive);
    if (indexed) {
      this.lastQueryPlan = 'index';
      return indexed;
    }
    this.lastQueryPlan = 'scan';
    const matches = compileFilter(type, filter, options);
    const addGroups = type === USER_TYPE && mentionsAttribute(filter, 'groups');
    const selected: Resource[] = [];
    for (const resource of collection.byId.values()) {
      // "groups" is computed from the groups' members, so it is added before a filter that reads it.
      if (matches(addGroups ? { ...resource, groups: this.groupsOf(String(resource.id)) } : resource)) selected.push(resource);
    }
    return selected;
  }

  private indexedLookup(
    collection: ResourceCollection<unknown>,
    filter: Filter,
    caseSensitive: boolean,
  ): Resource[] | undefined {
    if (filter.kind !== 'compare' || filter.operator !== 'eq' || typeof filter.value !== 'string') return undefined;
    const { path } = filter;
    if (path.subAttribute || (path.urn && path.urn.toLowerCase() !== collection.type.schema.id.toLowerCase())) {
      return undefined;
    }
    const attribute = path.attribute.toLowerCase();
    if (attribute === 'externalid') return collection.findByExternalId(filter.value);
    const uniqueAttribute = collection.type === USER_TYPE ? 'username' : 'displayname';
    const duplicatesPossible =
      this.has('duplicate-case-variant-allowed') ||
      this.has('duplicate-username-allowed') ||
      this.has('duplicate-race') ||
      this.has('group-duplicate-name-allowed');
    if (attribute !== uniqueAttribute || duplicatesPossible) return undefined;
    const found = collection.findUnique(filter.value, false);
    if (!found) return [];
    if (caseSensitive && String(found[collection.type === USER_TYPE ? 'userName' : 'displayName']) !== filter.value) {
      return [];
    }
    return [found];
  }

  /** Lists the groups a user belongs to, as the read-only "groups" attribute of RFC 7643 §4.1.2. */
  groupsOf(userId: string): Resource[] {
    const result: Resource[] = [];
    for (const [, group] of this.groups.byId.storedEntries()) {
      const members = group.members as Resource[] | undefined;
      if (members?.some((member) => member.value === userId)) {
        result.push({
          value: group.id,
          $ref: (group.meta as Resource).location,
          display: group.displayName,
          type: 'direct',
        });
      }
    }
    return result;
  }

  /**
   * Validates member references and fills in $ref, display and type. Unknown ids make the whole
   * request fail with 400 invalidValue, and the message names only those ids.
   */
  checkMembers(members: Resource[] | undefined, baseUrl: string): Resource[] | undefined {
    if (!members) return undefined;
    const unknown: string[] = [];
    const result: Resource[] = [];
    // Searching the result instead would make each PATCH of a large group quadratic.
    const listed = new Set<string>();
    for (const member of members) {
      const id = member.value;
      if (typeof id !== 'string' || id === '') {
        throw invalidValue('Every member needs a non-empty string "value".');
      }
      const user = this.users.byId.get(id);
      const group = user ? undefined : this.groups.byId.get(id);
      if (!user && !group) {
        unknown.push(id);
        continue;
      }
      const type = user ? 'User' : 'Group';
      const entry: Resource = {
        value: id,
        $ref: `${baseUrl}/${type}s/${id}`,
        display: user ? (user.displayName ?? user.userName) : group!.displayName,
        type,
      };
      if (listed.has(id)) continue;
      listed.add(id);
      result.push(entry);
    }
    if (unknown.length > 0) {
      const named = this.has('unknown-member-blames-all') ? members.map((member) => member.value) : unknown;
      throw invalidValue(`No resource exists for member value ${named.map((id) => JSON.stringify(id)).join(', ')}.`);
    }
    return result;
  }

  /** Throws 409 uniqueness when another resource has the same userName or group displayName. */
  checkUnique(type: ResourceTypeDefinition, data: Resource, ownId: string | undefined): void {
    const collection = this.collection(type);
    if (this.has('duplicate-username-allowed') && collection === this.users) return;
    if (this.has('group-duplicate-name-allowed') && collection === this.groups) return;
    const name = collection === this.users ? 'userName' : 'displayName';
    const exactCase = this.has('duplicate-case-variant-allowed');
    const existingId = collection.findUniqueId(String(data[name]), exactCase);
    if (existingId !== undefined && existingId !== ownId) {
      const message = `${collection.type.name} with ${name} ${JSON.stringify(data[name])} already exists.`;
      if (this.has('duplicate-status-400')) throw invalidValue(message);
      throw uniqueness(message);
    }
  }

  private nextVersion(): string {
    this.versionCounter += 1;
    return `W/"${this.versionCounter}"`;
  }
}

/**
 * Returns a random UUID as a flat string. randomUUID() builds its result by concatenation, which
 * V8 keeps as a tree of pieces, measured at about 400 bytes more per stored resource on Node 20.
 */
function newResourceId(): string {
  return Buffer.from(randomUUID(), 'latin1').toString('latin1');
}

function memberIdsOf(group: Resource): string[] {
  const members = group.members as Resource[] | undefined;
  return (members ?? []).map((member) => String(member.value));
}

function mentionsAttribute(filter: Filter, name: string): boolean {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return mentionsAttribute(filter.left, name) || mentionsAttribute(filter.right, name);
    case 'not':
      return mentionsAttribute(filter.filter, name);
    default:
      return !filter.path.urn && filter.path.attribute.toLowerCase() === name;
  }
}

/**
 * Copies a resource without its undefined values and empty arrays. It builds a new object rather
 * than deleting keys, because V8 moves an object with a deleted key to slower, larger storage.
 */
function withoutEmpty(resource: Resource): Resource {
  const result: Resource = {};
  for (const [key, value] of Object.entries(resource)) {
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) result[key] = value;
  }
  return result;
}
