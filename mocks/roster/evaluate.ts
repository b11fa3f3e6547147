// Evaluation of parsed filters against stored resources (RFC 7644 §3.4.2.2). String comparisons
// follow each attribute's caseExact characteristic; dateTime values compare as instants.

import {
  type Resource,
  comparedDefinition,
  readValues,
  resolveOrReject,
} from './attributes.js';
import { invalidFilter } from './errors.js';
import type { CompareOperator, Filter, Literal } from './filter.js';
import {
  type AttributeDefinition,
  type ResourceTypeDefinition,
  findAttribute,
} from './schema-definitions.js';

export interface EvaluationOptions {
  // Fault switch: compare every string exactly, ignoring caseExact=false.
  caseSensitive?: boolean;
  // Fault switch: fold case for every string, ignoring caseExact=true.
  foldAll?: boolean;
  // Fault switch: accept attribute names only in the schema's own spelling.
  exactNames?: boolean;
}

/** Compiles a filter into a predicate, rejecting unknown attributes before any resource is read. */
export function compileFilter(
  type: ResourceTypeDefinition,
  filter: Filter,
  options: EvaluationOptions = {},
): (resource: Resource) => boolean {
  if (options.exactNames) checkExactNames(type, filter);
  validate(type, filter);
  return (resource) => evaluate(type, filter, resource, options);
}

function checkExactNames(type: ResourceTypeDefinition, filter: Filter): void {
  switch (filter.kind) {
    case 'and':
    case 'or':
      checkExactNames(type, filter.left);
      checkExactNames(type, filter.right);
      return;
    case 'not':
      checkExactNames(type, filter.filter);
      return;
    default: {
      const resolved = resolveOrReject(type, filter.path);
      if (resolved.definition.name !== filter.path.attribute) {
        throw invalidFilter(`Unknown attribute "${filter.path.attribute}".`);
      }
    }
  }
}

function validate(type: ResourceTypeDefinition, filter: Filter): void {
  switch (filter.kind) {
    case 'and':
    case 'or':
      validate(type, filter.left);
      validate(type, filter.right);
      return;
    case 'not':
      validate(type, filter.filter);
      return;
    case 'present':
      resolveOrReject(type, filter.path);
      return;
    case 'compare':
      checkOperator(comparedDefinition(resolveOrReject(type, filter.path)), filter.operator, filter.value);
      return;
    case 'valuePath': {
      const resolved = resolveOrReject(type, filter.path);
      if (resolved.definition.type !== 'complex' || !resolved.definition.multiValued) {
        throw invalidFilter(`"${filter.path.attribute}" is not a multi-valued complex attribute.`);
      }
      validateElementFilter(resolved.definition, filter.filter);
      if (filter.then) {
        const sub = findAttribute(resolved.definition.subAttributes, filter.then.subAttribute);
        if (!sub) throw invalidFilter(`Unknown sub-attribute "${filter.then.subAttribute}".`);
        if (filter.then.operator !== 'pr') {
          checkOperator(sub, filter.then.operator, filter.then.value ?? null);
        }
      }
      return;
    }
  }
}

function validateElementFilter(parent: AttributeDefinition, filter: Filter): void {
  if (filter.kind === 'and' || filter.kind === 'or') {
    validateElementFilter(parent, filter.left);
    validateElementFilter(parent, filter.right);
  } else if (filter.kind === 'not') {
    validateElementFilter(parent, filter.filter);
  } else if (filter.kind === 'compare' || filter.kind === 'present') {
    const sub = findAttribute(parent.subAttributes, filter.path.attribute);
    if (!sub || filter.path.urn || filter.path.subAttribute) {
      throw invalidFilter(`"${filter.path.attribute}" is not a sub-attribute of "${parent.name}".`);
    }
    if (filter.kind === 'compare') checkOperator(sub, filter.operator, filter.value);
  } else {
    throw invalidFilter('Value filters cannot be nested.');
  }
}

function checkOperator(definition: AttributeDefinition, operator: CompareOperator, value: Literal): void {
  if (definition.type === 'boolean' && operator !== 'eq' && operator !== 'ne') {
    throw invalidFilter(`Operator "${operator}" cannot be applied to boolean "${definition.name}".`);
  }
  if (definition.type === 'complex') {
    throw invalidFilter(`Complex attribute "${definition.name}" needs a sub-attribute to compare.`);
  }
  if ((operator === 'co' || operator === 'sw' || operator === 'ew') && typeof value !== 'string') {
    throw invalidFilter(`Operator "${operator}" needs a string value.`);
  }
}

function evaluate(
  type: ResourceTypeDefinition,
  filter: Filter,
  resource: Resource,
  options: EvaluationOptions,
): boolean {
  switch (filter.kind) {
    case 'and':
      return evaluate(type, filter.left, resource, options) && evaluate(type, filter.right, resource, options);
    case 'or':
      return evaluate(type, filter.left, resource, options) || evaluate(type, filter.right, resource, options);
    case 'not':
      return !evaluate(type, filter.filter, resource, options);
    case 'present':
      return readValues(resource, resolveOrReject(type, filter.path)).some(isPresent);
    case 'compare': {
      const resolved = resolveOrReject(type, filter.path);
      const definition = comparedDefinition(resolved);
      const values = readValues(resource, resolved);
      if (filter.value === null) {
        const present = values.some(isPresent);
        if (filter.operator === 'eq') return !present;
        if (filter.operator === 'ne') return present;
        return false;
      }
      if (filter.operator === 'ne') {
        return !values.some((value) => compare(definition, value, 'eq', filter.value, options));
      }
      return values.some((value) => compare(definition, value, filter.operator, filter.value, options));
    }
    case 'valuePath': {
      const resolved = resolveOrReject(type, filter.path);
      const elements = readElements(resource, resolved.extension, resolved.definition.name);
      return elements.some((element) => {
        if (!matchesElement(resolved.definition, filter.filter, element, options)) return false;
        const then = filter.then;
        if (!then) return true;
        const sub = findAttribute(resolved.definition.subAttributes, then.subAttribute)!;
        const value = element[sub.name];
        if (then.operator === 'pr') return isPresent(value);
        if (then.operator === 'ne') return !compare(sub, value, 'eq', then.value ?? null, options);
        return compare(sub, value, then.operator, then.value ?? null, options);
      });
    }
  }
}

function readElements(resource: Resource, extension: string | undefined, name: string): Resource[] {
  const container = extension ? (resource[extension] as Resource | undefined) : resource;
  const value = container?.[name];
  return Array.isArray(value) ? value.filter((e): e is Resource => !!e && typeof e === 'object') : [];
}

/** Tests one element of a multi-valued complex attribute against a value filter. */
export function matchesElement(
  parent: AttributeDefinition,
  filter: Filter,
  element: Resource,
  options: EvaluationOptions = {},
): boolean {
  switch (filter.kind) {
    case 'and':
      return (
        matchesElement(parent, filter.left, element, options) &&
        matchesElement(parent, filter.right, element, options)
      );
    case 'or':
      return (
        matchesElement(parent, filter.left, element, options) ||
        matchesElement(parent, filter.right, element, options)
      );
    case 'not':
      return !matchesElement(parent, filter.filter, element, options);
    case 'present': {
      const sub = findAttribute(parent.subAttributes, filter.path.attribute);
      return !!sub && isPresent(element[sub.name]);
    }
    case 'compare': {
      const sub = findAttribute(parent.subAttributes, filter.path.attribute);
      if (!sub) return false;
      const value = element[sub.name];
      if (filter.value === null) return filter.operator === 'eq' ? !isPresent(value) : isPresent(value);
      if (filter.operator === 'ne') return !compare(sub, value, 'eq', filter.value, options);
      return compare(sub, value, filter.operator, filter.value, options);
    }
    case 'valuePath':
      return false;
  }
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function compare(
  definition: AttributeDefinition,
  actual: unknown,
  operator: CompareOperator,
  expected: Literal,
  options: EvaluationOptions,
): boolean {
  if (actual === undefined || actual === null || expected === null) return false;
  if (definition.type === 'boolean') {
    const expectedValue = typeof expected === 'string' ? expected.toLowerCase() === 'true' : expected === true;
    return (actual === true) === expectedValue;
  }
  if (definition.type === 'dateTime' && typeof actual === 'string' && typeof expected === 'string') {
    return order(Date.parse(actual), Date.parse(expected), operator);
  }
  if (typeof actual === 'number' && typeof expected === 'number') {
    return order(actual, expected, operator);
  }
  if (typeof actual !== 'string' || typeof expected !== 'string') return false;
  const fold = options.foldAll || (!definition.caseExact && !options.caseSensitive);
  const left = fold ? actual.toLowerCase() : actual;
  const right = fold ? expected.toLowerCase() : expected;
  switch (operator) {
    case 'eq':
      return left === right;
    case 'co':
      return left.includes(right);
    case 'sw':
      return left.startsWith(right);
    case 'ew':
      return left.endsWith(right);
    default:
      return order(left, right, operator);
  }
}

function order<T extends number | string>(left: T, right: T, operator: CompareOperator): boolean {
  switch (operator) {
    case 'eq':
      return left === right;
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
    default:
      return false;
  }
}
