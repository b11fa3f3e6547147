// Storage of one resource type's resources by id. Every read returns a new object, so a caller
// may change what it reads without changing what is stored. Only set() and delete() change it.

import type { Resource } from './attributes.js';
import { CORE_GROUP, CORE_USER, ENTERPRISE_USER, GROUP_TYPE, type ResourceTypeDefinition } from './schema-definitions.js';
import { TextSlabs } from './text-slabs.js';

/** Conversion between a resource and the form a ResourceStore keeps. */
export interface ResourceCodec<S> {
  encode(resource: Resource): S;
  decode(stored: S, id: string): Resource;
  // Frees a stored form that the store no longer holds.
  release?(stored: S): void;
}

/** Resources of one type by id, with the read-only part of the Map interface. */
export class ResourceStore<S> {
  private readonly records = new Map<string, S>();

  constructor(private readonly codec: ResourceCodec<S>) {}

  get size(): number {
    return this.records.size;
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  get(id: string): Resource | undefined {
    const stored = this.records.get(id);
    return stored === undefined ? undefined : this.codec.decode(stored, id);
  }

  keys(): IterableIterator<string> {
    return this.records.keys();
  }

  *values(): IterableIterator<Resource> {
    for (const [id, stored] of this.records) yield this.codec.decode(stored, id);
  }

  /** Iterates the stored forms, for readers that never change them and must not pay for a copy. */
  storedEntries(): IterableIterator<[string, S]> {
    return this.records.entries();
  }

  /** Stores a resource under its id. The store may keep the object itself, so the caller must not change it afterwards. */
  set(id: string, resource: Resource): void {
    const previous = this.records.get(id);
    this.records.set(id, this.codec.encode(resource));
    if (previous !== undefined) this.codec.release?.(previous);
  }

  delete(id: string): boolean {
    const previous = this.records.get(id);
    if (previous === undefined) return false;
    this.records.delete(id);
    this.codec.release?.(previous);
    return true;
  }
}

/** Keeps each resource as the object itself and returns deep copies, for the few large groups. */
export const objectCodec: ResourceCodec<Resource> = {
  encode: (resource) => resource,
  decode: (stored) => structuredClone(stored),
};

/** Wraps a text codec so that the texts live in Buffers outside the V8 heap. */
export function offHeap(codec: ResourceCodec<string>): ResourceCodec<number> {
  const slabs = new TextSlabs();
  return {
    encode: (resource) => slabs.add(codec.encode(resource)),
    decode: (handle, id) => codec.decode(slabs.read(handle), id),
    release: (handle) => slabs.free(handle),
  };
}

const META_KEYS = 'resourceType,created,lastModified,location,version';

/**
 * Keeps each resource as one JSON string without the values that follow from its id and type:
 * id, schemas, meta.resourceType, and meta.location when it starts with the usual prefix. The
 * enterprise URN key, the version and an unchanged lastModified are kept short. A user seeded by
 * the bench becomes about 820 bytes of text, against about 2.3 KB of heap as objects (measured on
 * Node 20). A resource whose meta or schemas differ from the derived values is kept whole.
 */
export class JsonCodec implements ResourceCodec<string> {
  // meta.location without the id, taken from the first resource stored. Locations differ only
  // when requests name the server by another Host header, and those are stored in full.
  private locationPrefix: string | undefined;

  constructor(private readonly type: ResourceTypeDefinition) {}

  encode(resource: Resource): string {
    const { id, meta, schemas, ...attributes } = resource;
    const derivable = typeof id === 'string' && isDerivable(meta, this.type) && sameStrings(schemas, schemasOf(this.type, resource));
    if (!derivable || Object.hasOwn(attributes, ENTERPRISE_KEY)) return JSON.stringify(resource);
    const { created, lastModified, location, version } = meta;
    if (this.locationPrefix === undefined && location.endsWith(`/${id}`)) {
      // A flat copy, so that the prefix does not keep the whole location string alive.
      this.locationPrefix = Buffer.from(location.slice(0, -id.length), 'utf8').toString('utf8');
    }
    // A version W/"n" is kept as n, and lastModified as 0 while it equals created.
    const counter = VERSION.exec(version);
    const tuple: unknown[] = [withShortKey(attributes), created, lastModified === created ? 0 : lastModified, counter ? Number(counter[1]) : version];
    if (location !== `${this.locationPrefix}${id}`) tuple.push(location);
    return JSON.stringify(tuple);
  }

  decode(stored: string, id: string): Resource {
    const parsed = JSON.parse(stored) as Resource | [Resource, string, string | 0, string | number, string?];
    if (!Array.isArray(parsed)) return parsed;
    const [attributes, created, lastModified, version, location] = parsed;
    // The same key order as a resource built by Realm.create: attributes, id, meta, schemas.
    const resource = withLongKey(attributes);
    resource.id = id;
    resource.meta = {
      resourceType: this.type.name,
      created,
      lastModified: lastModified === 0 ? created : lastModified,
      location: location ?? `${this.locationPrefix}${id}`,
      version: typeof version === 'number' ? `W/"${version}"` : version,
    };
    resource.schemas = schemasOf(this.type, resource);
    return resource;
  }
}

// Stands for the enterprise extension's URN in stored text. It is no valid attribute name
// (RFC 7643 §2.1), and a resource that has it anyway is stored whole.
const ENTERPRISE_KEY = '~';
const VERSION = /^W\/"(\d{1,15})"$/;

/** Copies attributes with the enterprise URN key replaced by ENTERPRISE_KEY, in the same key order. */
function withShortKey(attributes: Resource): Resource {
  if (!Object.hasOwn(attributes, ENTERPRISE_USER)) return attributes;
  const result: Resource = {};
  for (const [key, value] of Object.entries(attributes)) result[key === ENTERPRISE_USER ? ENTERPRISE_KEY : key] = value;
  return result;
}

/** Undoes withShortKey on a freshly parsed object. */
function withLongKey(attributes: Resource): Resource {
  if (!Object.hasOwn(attributes, ENTERPRISE_KEY)) return attributes;
  const result: Resource = {};
  for (const [key, value] of Object.entries(attributes)) result[key === ENTERPRISE_KEY ? ENTERPRISE_USER : key] = value;
  return result;
}

interface DerivableMeta {
  resourceType: string;
  created: string;
  lastModified: string;
  location: string;
  version: string;
}

/** Tells whether meta has exactly the keys Realm.create writes, in its order, with string values. */
function isDerivable(meta: unknown, type: ResourceTypeDefinition): meta is DerivableMeta {
  if (!meta || typeof meta !== 'object' || Object.keys(meta).join(',') !== META_KEYS) return false;
  const values = meta as Resource;
  return values.resourceType === type.name && Object.values(values).every((value) => typeof value === 'string');
}

function sameStrings(value: unknown, expected: string[]): boolean {
  return Array.isArray(value) && value.length === expected.length && value.every((entry, index) => entry === expected[index]);
}

/** Returns the schemas a stored resource lists: the core schema, and the enterprise extension when present. */
export function schemasOf(type: ResourceTypeDefinition, resource: Resource): string[] {
  if (type === GROUP_TYPE) return [CORE_GROUP];
  return resource[ENTERPRISE_USER] ? [CORE_USER, ENTERPRISE_USER] : [CORE_USER];
}
