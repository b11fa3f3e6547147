// PATCH (RFC 7644 §3.5.2), including the request shapes Entra sends. Those are capitalised op
// names, string booleans, path-less values whose keys are paths, and filtered paths that create
// the missing element. Entra also sends the manager as a bare id and removes members by a value
// array.
//
// The npm package scim-patch (0.8.3) handles op case, dotted keys and value-array removal, but
// it is schema-unaware: it stores "False" as a string and the manager as a bare string, and it
// cannot check types, mutability or member references. So the mock keeps its own engine.

import { type Resource, resolveAttribute } from './attributes.js';
import { invalidPath, invalidSyntax, invalidValue, mutability, noTarget } from './errors.js';
import { matchesElement } from './evaluate.js';
import { type Filter, type PatchPath, parsePatchPath } from './filter.js';
import { type CoercionOptions, coerceValue } from './resources.js';
import { type AttributeDefinition, type ResourceTypeDefinition, findAttribute, findExtension } from './schema-definitions.js';

export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type OperationName = 'add' | 'replace' | 'remove';

export interface PatchOptions extends CoercionOptions {
  // Fault switches, each making one deviation seen in the field.
  caseSensitiveOps?: boolean;
  removeByValueArrayClearsAll?: boolean;
  ignoreReplace?: boolean;
  ignoreFilteredRemove?: boolean;
  rejectAdd?: boolean;
  addReplacesMembers?: boolean;
  rejectFilteredPaths?: boolean;
  skipFilteredCreate?: boolean;
  storeDottedKeys?: boolean;
  ignoreUrnKeys?: boolean;
  skipSchemaCheck?: boolean;
  skipUnknownOps?: boolean;
  ignoreRemoveWithoutPath?: boolean;
  ignoreUnknownPaths?: boolean;
  ignoreReadOnly?: boolean;
  firstOperationOnly?: boolean;
  ignoreManagerRemove?: boolean;
}

/** Checks multi-valued elements written by a PATCH, such as group members, before they are stored. */
export type ElementCheck = (attribute: AttributeDefinition, elements: Resource[]) => Resource[];

/**
 * Applies a PatchOp body to a copy of the resource and returns the copy. The caller stores the
 * result only when every operation succeeded, which makes the request atomic.
 */
export function applyPatch(
  type: ResourceTypeDefinition,
  resource: Resource,
  body: unknown,
  options: PatchOptions,
  checkElements: ElementCheck,
): Resource {
  const operations = readOperations(body, options);
  const target = structuredClone(resource);
  for (const [index, operation] of operations.entries()) {
    const context = { type, target, options, checkElements, where: `Operations[${index}]` };
    if (operation.path === undefined) {
      applyWithoutPath(context, operation.op, operation.value);
    } else {
      applyAtPath(context, operation.op, parsePatchPath(operation.path), operation.value);
    }
  }
  return target;
}

interface Operation {
  op: OperationName;
  path?: string;
  value?: unknown;
}

function readOperations(body: unknown, options: PatchOptions): Operation[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidSyntax('The PATCH body must be a JSON object.');
  }
  const { schemas, Operations: listed } = body as Resource;
  const schemaListed = Array.isArray(schemas) && schemas.some((urn) => String(urn).toLowerCase() === PATCH_OP_URN.toLowerCase());
  if (!schemaListed && !options.skipSchemaCheck) {
    throw invalidSyntax(`"schemas" must contain "${PATCH_OP_URN}".`);
  }
  if (!Array.isArray(listed) || listed.length === 0) {
    throw invalidSyntax('"Operations" must be a non-empty array.');
  }
  let operations = options.firstOperationOnly ? listed.slice(0, 1) : listed;
  if (options.skipUnknownOps) {
    operations = operations.filter((raw) => {
      const op = String((raw as Resource | null)?.op ?? '').toLowerCase();
      return op === 'add' || op === 'replace' || op === 'remove';
    });
  }
  return operations.map((raw, index) => {
    if (!raw || typeof raw !== 'object') throw invalidSyntax(`Operations[${index}] must be an object.`);
    const { op, path, value } = raw as Resource;
    let name = '';
    if (typeof op === 'string') name = options.caseSensitiveOps ? op : op.toLowerCase();
    if (name !== 'add' && name !== 'replace' && name !== 'remove') {
      throw invalidSyntax(`Operations[${index}].op must be "add", "replace" or "remove", not ${JSON.stringify(op)}.`);
    }
    if (path !== undefined && typeof path !== 'string') {
      throw invalidPath(`Operations[${index}].path must be a string.`);
    }
    if (name !== 'remove' && value === undefined) {
      throw invalidValue(`Operations[${index}] (${name}) needs a "value".`);
    }
    if (name === 'add' && options.rejectAdd && !(typeof path === 'string' && /^members$/i.test(path))) {
      throw invalidValue(`Operations[${index}].op "add" is not a valid choice.`);
    }
    return { op: name, path: path === '' ? undefined : (path as string | undefined), value };
  });
}

interface Context {
  type: ResourceTypeDefinition;
  target: Resource;
  options: PatchOptions;
  checkElements: ElementCheck;
  where: string;
}

function applyWithoutPath(context: Context, op: OperationName, value: unknown): void {
  if (op === 'remove') {
    if (context.options.ignoreRemoveWithoutPath) return;
    throw noTarget(`${context.where}: remove needs a "path".`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidValue(`${context.where}: an ${op} without a path needs an object value.`);
  }
  for (const [key, entry] of Object.entries(value as Resource)) {
    if (key.toLowerCase() === 'schemas') continue;
    if (context.options.ignoreUrnKeys && key.includes(':')) continue;
    const extension = findExtension(context.type, key);
    if (extension && entry && typeof entry === 'object' && !Array.isArray(entry)) {
      // {"urn:...:enterprise:2.0:User": {"department": "X"}}
      for (const [name, subValue] of Object.entries(entry as Resource)) {
        applyAtPath(context, op, parsePatchPath(`${extension.id}:${name}`), subValue);
      }
      continue;
    }
    if (context.options.storeDottedKeys && key.includes('.') && !key.includes(':')) {
      context.target[key] = entry;
      continue;
    }
    // Keys may themselves be paths: "name.givenName" or "urn:...:User:employeeNumber".
    applyAtPath(context, op, parsePatchPath(key), entry);
  }
}

function applyAtPath(context: Context, op: OperationName, patchPath: PatchPath, value: unknown): void {
  const { type, target, where } = context;
  const resolved = resolveAttribute(type, patchPath.path);
  if (!resolved && context.options.ignoreUnknownPaths) return;
  if (!resolved) {
    throw invalidPath(`${where}: attribute ${JSON.stringify(patchPath.path.attribute)} is not defined for ${type.name}.`);
  }
  const { definition } = resolved;
  const subName = patchPath.subAttribute ?? patchPath.path.subAttribute;
  const subDefinition = subName ? findAttribute(definition.subAttributes, subName) : undefined;
  if (subName && !subDefinition) {
    throw invalidPath(`${where}: "${definition.name}" has no sub-attribute ${JSON.stringify(subName)}.`);
  }
  const governing = subDefinition ?? definition;
  if (definition.mutability === 'readOnly' || governing.mutability === 'readOnly') {
    if (context.options.ignoreReadOnly) return;
    throw mutability(`${where}: "${definition.name}" is read-only.`);
  }
  if (op === 'remove' && definition.name === 'manager' && context.options.ignoreManagerRemove) return;
  if (op === 'replace' && context.options.ignoreReplace) return;

  let container = target;
  if (resolved.extension) {
    const existing = target[resolved.extension];
    container = existing && typeof existing === 'object' ? (existing as Resource) : {};
    target[resolved.extension] = container;
  }
  const name = definition.name;
  const label = `${where} (${definition.name}${subDefinition ? `.${subDefinition.name}` : ''})`;

  if (patchPath.filter && context.options.rejectFilteredPaths) {
    throw invalidPath(`${label}: UnsupportedUserPath.`);
  }
  if (patchPath.filter) {
    applyToFilteredElements(context, op, container, definition, patchPath.filter, subDefinition, value, label);
  } else if (subDefinition) {
    applyToSubAttribute(context, op, container, definition, subDefinition, value, label);
  } else if (op === 'remove') {
    removeWholeAttribute(context, container, definition, value, label);
  } else if (definition.multiValued) {
    const incoming = coerceElements(context, definition, value, label);
    const keepExisting = op === 'add' && !(context.options.addReplacesMembers && name === 'members');
    const existing = keepExisting ? ((container[name] as Resource[] | undefined) ?? []) : [];
    const merged = [...existing];
    for (const element of incoming) {
      if (!merged.some((current) => sameElement(current, element))) merged.push(element);
    }
    setOrDelete(container, name, merged);
  } else if (definition.type === 'complex') {
    const coerced = coerceValue(definition, value, label, context.options) as Resource | undefined;
    setOrDelete(container, name, coerced === undefined ? undefined : mergeComplex(container[name] as Resource | undefined, coerced));
  } else {
    setOrDelete(container, name, coerceValue(definition, value, label, context.options));
  }
  if (resolved.extension && Object.keys(container).length === 0) delete target[resolved.extension];
}

function coerceElements(context: Context, definition: AttributeDefinition, value: unknown, label: string): Resource[] {
  // A null value coerces to nothing: "replace" then clears the attribute and "add" adds nothing.
  const elements = (coerceValue(definition, value, label, context.options) as Resource[] | undefined) ?? [];
  return context.checkElements(definition, elements);
}

function removeWholeAttribute(
  context: Context,
  container: Resource,
  definition: AttributeDefinition,
  value: unknown,
  label: string,
): void {
  const name = definition.name;
  // Entra's default member removal is {"op": "Remove", "path": "members", "value": [{"$ref": null, "value": id}]}.
  // Read literally it would clear the attribute, but Entra means "remove these values".
  if (definition.multiValued && Array.isArray(value) && !context.options.removeByValueArrayClearsAll) {
    const listed = value.map((element) => {
      const id = element && typeof element === 'object' ? (element as Resource).value : element;
      if (typeof id !== 'string') throw invalidValue(`${label}: each value to remove needs a string "value".`);
      return id;
    });
    const remaining = ((container[name] as Resource[] | undefined) ?? []).filter(
      (element) => !listed.includes(String(element.value)),
    );
    setOrDelete(container, name, remaining);
    return;
  }
  delete container[name];
}

function applyToSubAttribute(
  context: Context,
  op: OperationName,
  container: Resource,
  definition: AttributeDefinition,
  subDefinition: AttributeDefinition,
  value: unknown,
  label: string,
): void {
  const name = definition.name;
  const coerced = op === 'remove' ? undefined : coerceValue(subDefinition, value, label, context.options);
  if (definition.multiValued) {
    // `emails.value` without a filter addresses the sub-attribute of every element.
    const elements = (container[name] as Resource[] | undefined) ?? [];
    for (const element of elements) setOrDelete(element, subDefinition.name, coerced);
    return;
  }
  const current = { ...((container[name] as Resource | undefined) ?? {}) };
  setOrDelete(current, subDefinition.name, coerced);
  if (name === 'manager' && !current.value) {
    delete container[name];
    return;
  }
  setOrDelete(container, name, Object.keys(current).length > 0 ? current : undefined);
}

function applyToFilteredElements(
  context: Context,
  op: OperationName,
  container: Resource,
  definition: AttributeDefinition,
  filter: Filter,
  subDefinition: AttributeDefinition | undefined,
  value: unknown,
  label: string,
): void {
  if (definition.type !== 'complex' || !definition.multiValued) {
    throw invalidPath(`${label}: a value filter needs a multi-valued complex attribute.`);
  }
  const name = definition.name;
  const elements = [...((container[name] as Resource[] | undefined) ?? [])];
  const matching = elements.filter((element) => matchesElement(definition, filter, element));

  if (op === 'remove') {
    if (context.options.ignoreFilteredRemove) return;
    const remaining = subDefinition
      ? elements.map((element) => {
          if (!matching.includes(element)) return element;
          const copy = { ...element };
          delete copy[subDefinition.name];
          return copy;
        })
      : elements.filter((element) => !matching.includes(element));
    setOrDelete(container, name, remaining);
    return;
  }

  if (subDefinition) {
    const coerced = coerceValue(subDefinition, value, label, context.options);
    if (coerced === undefined) {
      // A null value clears the sub-attribute of the selected elements and creates nothing.
      for (const element of matching) delete element[subDefinition.name];
      setOrDelete(container, name, elements);
      return;
    }
    if (matching.length === 0) {
      if (context.options.skipFilteredCreate) return;
      // Entra sends Add or Replace on `emails[type eq "work"].value` for a user without a work
      // email and expects the element to be created from the filter's equality terms.
      const created = { ...elementFromFilter(definition, filter, label), [subDefinition.name]: coerced };
      setOrDelete(container, name, [...elements, ...context.checkElements(definition, [created])]);
      return;
    }
    for (const element of matching) element[subDefinition.name] = coerced;
    setOrDelete(container, name, elements);
    return;
  }

  const replacement = coerceValue({ ...definition, multiValued: false }, value, label, context.options) as
    | Resource
    | undefined;
  if (replacement === undefined) {
    // A null value: "replace" removes the selected elements, and "add" has nothing to add.
    if (op === 'replace') setOrDelete(container, name, elements.filter((element) => !matching.includes(element)));
    return;
  }
  if (matching.length === 0) {
    // Only "add" creates the element a filter describes; "replace" needs a target (§3.5.2.3).
    if (op === 'replace' || definition.name === 'members') {
      throw noTarget(`${label}: no element matches the filter.`);
    }
    const created = { ...elementFromFilter(definition, filter, label), ...replacement };
    setOrDelete(container, name, [...elements, ...context.checkElements(definition, [created])]);
    return;
  }
  const updated = elements.map((element) => {
    if (!matching.includes(element)) return element;
    return op === 'add' ? { ...element, ...replacement } : replacement;
  });
  setOrDelete(container, name, context.checkElements(definition, updated));
}

/** Derives the element a filter describes from its `eq` terms, e.g. {type: "work"}. */
function elementFromFilter(definition: AttributeDefinition, filter: Filter, label: string): Resource {
  if (filter.kind === 'compare' && filter.operator === 'eq' && filter.value !== null) {
    const sub = findAttribute(definition.subAttributes, filter.path.attribute);
    if (sub) return { [sub.name]: filter.value };
  }
  if (filter.kind === 'and') {
    return {
      ...elementFromFilter(definition, filter.left, label),
      ...elementFromFilter(definition, filter.right, label),
    };
  }
  throw noTarget(`${label}: no element matches the filter and it only describes a new element with "eq" terms.`);
}

/**
 * Merges sub-attributes into a complex value, as add and replace both do (§3.5.2.1, §3.5.2.3).
 * When "value" changes, the old "$ref" and display names go too, because they describe the old value.
 */
function mergeComplex(current: Resource | undefined, incoming: Resource): Resource {
  if (!current) return incoming;
  if (incoming.value === undefined || incoming.value === current.value) return { ...current, ...incoming };
  const { $ref: _ref, display: _display, displayName: _displayName, ...rest } = current;
  return { ...rest, ...incoming };
}

function sameElement(left: Resource, right: Resource): boolean {
  if (left.value !== undefined && right.value !== undefined) {
    return left.value === right.value && left.type === right.type;
  }
  return JSON.stringify(left) === JSON.stringify(right);
}

function setOrDelete(container: Resource, name: string, value: unknown): void {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    delete container[name];
  } else {
    container[name] = value;
  }
}

