// Unit tests of the dialect files and the request templates in fixtures/dialects.ts.

import { expect, test } from '@playwright/test';
import { DIALECT_IDS, type RequestName, expandTemplate, loadDialect, requestBody } from '../../fixtures/dialects.js';
import { allRequirements } from '../../fixtures/requirements.js';

const REQUEST_NAMES: RequestName[] = ['setActive', 'addMembers', 'removeMembers'];
const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Returns the error a function throws, or fails the test when it returns normally. */
function thrownBy(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw, but it returned');
}

test('every dialect loads', () => {
  const catalogueIds = allRequirements().map((entry) => entry.id);

  expect(DIALECT_IDS, 'dialect ids').toEqual(expect.arrayContaining(['entra', 'rfc']));
  for (const id of DIALECT_IDS) {
    const dialect = loadDialect(id);

    expect(dialect.id, `id inside ${id}.json`).toBe(id);
    for (const name of REQUEST_NAMES) {
      const template = dialect.requests[name];
      expect(template, `${id} request ${name}`).toBeDefined();
      expect(catalogueIds, `requirement of ${id} request ${name}`).toContain(template.requirement);
    }
  }
});

test('titleCase pipe capitalises boolean', () => {
  const result = expandTemplate('{{active|titleCase}}', { active: false });

  expect(result, 'expanded value').toBe('False');
});

test('entra setActive sends string boolean', () => {
  const body = requestBody(loadDialect('entra'), 'setActive', { active: false });

  expect(body, 'entra setActive body').toEqual({
    schemas: [PATCH_OP_URN],
    Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
  });
});

test('whole-string substitution keeps types', () => {
  const template = { active: '{{active}}', ids: '{{ids}}', $ref: '{{ref}}', count: '{{count}}' };

  const result = expandTemplate(template, { active: false, ids: ['a', 'b'], ref: null, count: 3 }) as Record<string, unknown>;

  expect(result.active, 'boolean').toBe(false);
  expect(result.ids, 'array').toEqual(['a', 'b']);
  expect(result.$ref, 'null $ref').toBeNull();
  expect(result.count, 'number').toBe(3);
});

test('literal null $ref kept', () => {
  const result = expandTemplate({ $ref: null, value: '{{id}}' }, { id: 'u1' });

  expect(result, 'expanded member').toEqual({ $ref: null, value: 'u1' });
});

test('inline substitution escapes filter value', () => {
  const id = 'a"b\\c';

  const body = requestBody(loadDialect('rfc'), 'removeMembers', { memberIds: [id] }) as {
    Operations: { op: string; path: string }[];
  };

  expect(body.Operations[0]?.path, 'filter path').toBe('members[value eq "a\\"b\\\\c"]');
});

test('$each splices into array', () => {
  const template = ['first', { $each: 'ids', $as: 'id', $yield: { value: '{{id}}' } }, 'last'];

  const twoItems = expandTemplate(template, { ids: ['a', 'b'] });
  const noItems = expandTemplate(template, { ids: [] });

  expect(twoItems, 'two items').toEqual(['first', { value: 'a' }, { value: 'b' }, 'last']);
  expect(noItems, 'no items').toEqual(['first', 'last']);
});

test('unknown variable throws', () => {
  const error = thrownBy(() => expandTemplate({ path: 'members[value eq "{{memberId}}"]' }, { id: 'x' }));

  expect(error.message, 'error message').toContain('"memberId"');
  expect(error.message, 'error message').toContain('not defined');
});

test('unknown dialect throws', () => {
  const error = thrownBy(() => loadDialect('okta'));

  expect(error.message, 'error message').toContain('"okta"');
  expect(error.message, 'error message').toContain('SCIM_DIALECT');
  for (const id of DIALECT_IDS) expect(error.message, `error message lists ${id}`).toContain(id);
});

test('entra removeMembers matches documented body', () => {
  const documented = JSON.parse(
    '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"members","value":[{"$ref":null,"value":"a"},{"$ref":null,"value":"b"}]}]}',
  ) as unknown;

  const body = requestBody(loadDialect('entra'), 'removeMembers', { memberIds: ['a', 'b'] });

  expect(body, 'entra removeMembers body').toEqual(documented);
});

test('rfc removeMembers one op per id', () => {
  const body = requestBody(loadDialect('rfc'), 'removeMembers', { memberIds: ['a', 'b'] });

  expect(body, 'rfc removeMembers body').toEqual({
    schemas: [PATCH_OP_URN],
    Operations: [
      { op: 'remove', path: 'members[value eq "a"]' },
      { op: 'remove', path: 'members[value eq "b"]' },
    ],
  });
});
