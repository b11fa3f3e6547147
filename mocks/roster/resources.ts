// Conversion between request JSON and stored resources: canonical attribute names, type
// coercion of the loose shapes Entra sends, and projection of responses (RFC 7644 §3.4.2.5).

import type { Resource } from './attributes.js';
import { invalidSyntax, invalidValue, mutability } from './errors.js';
import { parseAttributePath } from './filter.js';
import {
  type AttributeDefinition,
  COMMON_ATTRIBUTES,
  type ResourceTypeDefinition,
  findAttribute,
  findExtension,
} from './schema-definitions.js';

export interface CoercionOptions {
  // Fault switch: reject booleans sent as the strings "True" and "False".
  strictBooleans?: boolean;
  // Fault switch: reject a bare string where a complex value such as the manager is defined.
  rejectManagerString?: boolean;
}

/** Converts one attribute value to its stored form, or throws 400 invalidValue naming the attribute. */
export function coerceValue(
  definition: AttributeDefinition,
  value: unknown,
  where: string,
  options: CoercionOptions = {},
): unknown {
  if (value === null || value === undefined) return undefined;
  if (definition.multiValued) {
    const elements = Array.isArray(value) ? value : [value];
    const single = { ...definition, multiValued: false };
    return elements
      .map((element, index) => coerceValue(single, element, `${where}[${index}]`, options))
      .filter((element) => element !== undefined);
  }
  switch (definition.type) {
    case 'complex':
      return coerceComplex(definition, value, where, options);
    case 'boolean':
      return coerceBoolean(value, where, options);
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      throw invalidValue(`"${where}" must be an integer, not ${JSON.stringify(value)}.`);
    case 'decimal':
      if (typeof value === 'number') return value;
      throw invalidValue(`"${where}" must be a number, not ${JSON.stringify(value)}.`);
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw invalidValue(`"${where}" must be an xsd:dateTime string, not ${JSON.stringify(value)}.`);
    default:
      if (typeof value === 'string') return value;
      throw invalidValue(`"${where}" must be a string, not ${JSON.stringify(value)}.`);
  }
}

function coerceBoolean(value: unknown, where: string, options: CoercionOptions): boolean {
  if (typeof value === 'boolean') return value;
  // Entra's default mappings send "True" and "False"; Microsoft documents this as a known issue.
  if (typeof value === 'string' && !options.strictBooleans) {
    const lowered = value.toLowerCase();
    if (lowered === 'true') return true;
    if (lowered === 'false') return false;
  }
  throw invalidValue(`"${where}" must be a boolean, not ${JSON.stringify(value)}.`);
}

function coerceComplex(
  definition: AttributeDefinition,
  value: unknown,
  where: string,
  options: CoercionOptions,
): Resource | undefined {
  // Entra sends the manager as a bare id; store it in the complex form clients read back.
  if (typeof value === 'string' && findAttribute(definition.subAttributes, 'value')) {
    if (options.rejectManagerString) throw invalidValue(`"${where}" must be an object.`);
    return value === '' ? undefined : { value };
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidValue(`"${where}" must be an object, not ${JSON.stringify(value)}.`);
  }
  const result: Resource = {};
  for (const [key, subValue] of Object.entries(value as Resource)) {
    const sub = findAttribute(definition.subAttributes, key);
    if (!sub || sub.mutability === 'readOnly') continue;
    const coerced = coerceValue(sub, subValue, `${where}.${sub.name}`, options);
    if (coerced !== undefined) result[sub.name] = coerced;
  }
  // The validator clears a manager with {"value": ""}, which means no manager at all.
  if (definition.name === 'manager' && !result.value) return undefined;
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * Builds the stored form of a POST or PUT body: canonical names, coerced values, extension
 * attributes under their URN. Read-only and unknown attributes are dropped, as RFC 7644 §3.3
 * allows a service provider to ignore what it does not support.
 */
export function readResourceBody(
  type: ResourceTypeDefinition,
  body: unknown,
  options: CoercionOptions = {},
): Resource {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidSyntax('The request body must be a JSON object.');
  }
  const input = body as Resource;
  const schemas = input.schemas;
  if (!Array.isArray(schemas) || !schemas.every((urn) => typeof urn === 'string')) {
    throw invalidSyntax('"schemas" must be an array of schema URNs.');
  }
  if (!schemas.some((urn) => urn.toLowerCase() === type.schema.id.toLowerCase())) {
    throw invalidSyntax(`"schemas" must contain "${type.schema.id}".`);
  }
  const stored: Resource = {};
  for (const [key, value] of Object.entries(input)) {
    const lowered = key.toLowerCase();
    if (lowered === 'schemas') continue;
    const extension = findExtension(type, key);
    if (extension) {
      if (value === null) continue;
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw invalidValue(`"${key}" must be an object of ${extension.name} attributes.`);
      }
      const data = readAttributes(extension.attributes, value as Resource, key, options);
      if (Object.keys(data).length > 0) stored[extension.id] = data;
      continue;
    }
    if (key.includes(':')) continue;
    const definition =
      findAttribute(type.schema.attributes, key) ?? findAttribute(COMMON_ATTRIBUTES, key);
    if (!definition || definition.mutability === 'readOnly') continue;
    const coerced = coerceValue(definition, value, definition.name, options);
    if (coerced !== undefined) stored[definition.name] = coerced;
  }
  checkRequired(type, stored);
  return stored;
}

/**
 * Rejects a resource that lacks a required attribute: 400 invalidValue for a create or PUT, and
 * 400 mutability when a PATCH removed it (RFC 7644 §3.5.2.2).
 */
export function checkRequired(type: ResourceTypeDefinition, resource: Resource, afterPatch = false): void {
  for (const definition of type.schema.attributes.filter((candidate) => candidate.required)) {
    const value = resource[definition.name];
    if (value === undefined && afterPatch) {
      throw mutability(`"${definition.name}" is required and cannot be removed.`);
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw invalidValue(`"${definition.name}" is required and must be a non-empty string.`);
    }
  }
}

function readAttributes(
  definitions: AttributeDefinition[],
  input: Resource,
  prefix: string,
  options: CoercionOptions,
): Resource {
  const result: Resource = {};
  for (const [key, value] of Object.entries(input)) {
    const definition = findAttribute(definitions, key);
    if (!definition || definition.mutability === 'readOnly') continue;
    const coerced = coerceValue(definition, value, `${prefix}:${definition.name}`, options);
    if (coerced !== undefined) result[definition.name] = coerced;
  }
  return result;
}

export interface Projection {
  attributes?: string[];
  excludedAttributes?: string[];
}

/** Parses the comma-separated `attributes` or `excludedAttributes` query parameter. */
export function readAttributeList(value: string | null): string[] | undefined {
  if (value === null) return undefined;
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  for (const name of names) {
    try {
      parseAttributePath(name);
    } catch {
      throw invalidValue(`Invalid attribute name ${JSON.stringify(name)} in the attribute list.`);
    }
  }
  return names;
}

/**
 * Returns the representation sent to a client: attributes with returned "never" removed, then
 * the `attributes` or `excludedAttributes` selection applied. Attributes returned "always" stay.
 */
export function projectResource(
  type: ResourceTypeDefinition,
  resource: Resource,
  projection: Projection = {},
): Resource {
  const output: Resource = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key === 'schemas') {
      output.schemas = value;
      continue;
    }
    const extension = findExtension(type, key);
    if (extension) {
      const data: Resource = {};
      for (const [name, subValue] of Object.entries(value as Resource)) {
        const definition = findAttribute(extension.attributes, name);
        if (definition && isSelected(definition, [extension.id, name], projection)) {
          data[name] = subValue;
        }
      }
      if (Object.keys(data).length > 0) output[key] = data;
      continue;
    }
    const definition =
      findAttribute(type.schema.attributes, key) ?? findAttribute(COMMON_ATTRIBUTES, key);
    if (!definition || !isSelected(definition, [undefined, key], projection)) continue;
    output[key] = projectSubAttributes(definition, key, value, projection);
  }
  return output;
}

function projectSubAttributes(
  definition: AttributeDefinition,
  key: string,
  value: unknown,
  projection: Projection,
): unknown {
  if (definition.type !== 'complex' || !projection.attributes) return value;
  // `attributes=name.givenName` returns only that sub-attribute of name.
  const requested = projection.attributes
    .map(parseAttributePath)
    .filter((path) => !path.urn && path.attribute.toLowerCase() === key.toLowerCase());
  if (requested.length === 0 || requested.some((path) => !path.subAttribute)) return value;
  const keep = new Set(requested.map((path) => path.subAttribute!.toLowerCase()));
  const pick = (element: unknown) =>
    Object.fromEntries(
      Object.entries(element as Resource).filter(([name]) => keep.has(name.toLowerCase())),
    );
  return Array.isArray(value) ? value.map(pick) : pick(value);
}

function isSelected(
  definition: AttributeDefinition,
  [urn, name]: [string | undefined, string],
  projection: Projection,
): boolean {
  if (definition.returned === 'never') return false;
  if (definition.returned === 'always') return true;
  const matches = (text: string) => {
    const path = parseAttributePath(text);
    const sameSchema = path.urn ? path.urn.toLowerCase() === urn?.toLowerCase() : urn === undefined;
    // A bare extension URN in the list selects every attribute of that extension.
    const wholeExtension = urn !== undefined && text.toLowerCase() === urn.toLowerCase();
    return wholeExtension || (sameSchema && path.attribute.toLowerCase() === name.toLowerCase());
  };
  const matchesExactly = (text: string) => {
    const path = parseAttributePath(text);
    return matches(text) && !path.subAttribute;
  };
  if (projection.attributes) return projection.attributes.some(matches);
  if (definition.returned === 'request') return false;
  if (projection.excludedAttributes) return !projection.excludedAttributes.some(matchesExactly);
  return true;
}
