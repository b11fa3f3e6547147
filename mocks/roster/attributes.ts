// Resolution of attribute paths against stored resources, shared by filtering, PATCH and
// projection. Stored resources use the canonical attribute names of schema-definitions.ts, with
// extension attributes under their schema URN, so lookups only fold case on the request side.

import { invalidFilter } from './errors.js';
import type { AttributePath } from './filter.js';
import {
  type AttributeDefinition,
  COMMON_ATTRIBUTES,
  type ResourceTypeDefinition,
  findAttribute,
  findExtension,
} from './schema-definitions.js';

export type Resource = Record<string, unknown>;

/** The target of an attribute path: its extension URN, if any, and its definitions. */
export interface ResolvedAttribute {
  extension?: string;
  definition: AttributeDefinition;
  subDefinition?: AttributeDefinition;
}

/**
 * Resolves a path to its definitions, or returns undefined for an attribute the resource type
 * does not define. Unqualified names resolve against the core schema and the common attributes.
 */
export function resolveAttribute(
  type: ResourceTypeDefinition,
  path: AttributePath,
): ResolvedAttribute | undefined {
  let extension: string | undefined;
  let definition: AttributeDefinition | undefined;
  if (path.urn && path.urn.toLowerCase() !== type.schema.id.toLowerCase()) {
    const schema = findExtension(type, path.urn);
    if (!schema) return undefined;
    extension = schema.id;
    definition = findAttribute(schema.attributes, path.attribute);
  } else {
    definition =
      findAttribute(type.schema.attributes, path.attribute) ??
      findAttribute(COMMON_ATTRIBUTES, path.attribute);
  }
  if (!definition) return undefined;
  if (!path.subAttribute) return { extension, definition };
  const subDefinition = findAttribute(definition.subAttributes, path.subAttribute);
  if (!subDefinition) return undefined;
  return { extension, definition, subDefinition };
}

export function resolveOrReject(type: ResourceTypeDefinition, path: AttributePath): ResolvedAttribute {
  const resolved = resolveAttribute(type, path);
  if (!resolved) {
    throw invalidFilter(`Attribute "${formatPath(path)}" is not defined for ${type.name} resources.`);
  }
  return resolved;
}

export function formatPath(path: AttributePath): string {
  const name = path.subAttribute ? `${path.attribute}.${path.subAttribute}` : path.attribute;
  return path.urn ? `${path.urn}:${name}` : name;
}

/** Returns the object that contains the attribute: the resource itself or its extension object. */
export function containerOf(resource: Resource, resolved: ResolvedAttribute, create: boolean): Resource | undefined {
  if (!resolved.extension) return resource;
  const existing = resource[resolved.extension];
  if (existing && typeof existing === 'object') return existing as Resource;
  if (!create) return undefined;
  const container: Resource = {};
  resource[resolved.extension] = container;
  return container;
}

/** Reads every value at a path as a flat list: multi-valued attributes contribute each element. */
export function readValues(resource: Resource, resolved: ResolvedAttribute): unknown[] {
  const container = containerOf(resource, resolved, false);
  const value = container?.[resolved.definition.name];
  if (value === undefined || value === null) return [];
  const elements = Array.isArray(value) ? value : [value];
  const sub = resolved.subDefinition;
  if (!sub) {
    // A filter on a multi-valued complex attribute without a sub-attribute compares "value".
    if (resolved.definition.type === 'complex' && resolved.definition.multiValued) {
      return elements.map((element) => (element as Resource)?.value).filter((v) => v !== undefined);
    }
    return elements;
  }
  return elements
    .map((element) => (element && typeof element === 'object' ? (element as Resource)[sub.name] : undefined))
    .filter((v) => v !== undefined && v !== null);
}

/** The definition that governs comparisons of the values readValues returns. */
export function comparedDefinition(resolved: ResolvedAttribute): AttributeDefinition {
  if (resolved.subDefinition) return resolved.subDefinition;
  if (resolved.definition.type === 'complex') {
    return findAttribute(resolved.definition.subAttributes, 'value') ?? resolved.definition;
  }
  return resolved.definition;
}
