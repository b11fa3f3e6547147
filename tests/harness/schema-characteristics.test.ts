// Unit tests of the check that attribute definitions in /Schemas state their characteristics.

import { expect, test } from '@playwright/test';
import { unstatedCharacteristics } from '../../fixtures/discovery-validation.js';

const BASE_CHARACTERISTICS = { multiValued: false, description: 'd', required: false, mutability: 'readWrite', returned: 'default' };

function schemaWith(...attributes: Record<string, unknown>[]): Record<string, unknown> {
  return { id: 'urn:example:schema', attributes };
}

test('RFC shapes state enough', () => {
  const active = { name: 'active', type: 'boolean', ...BASE_CHARACTERISTICS };
  const name = {
    name: 'name',
    type: 'complex',
    ...BASE_CHARACTERISTICS,
    subAttributes: [{ name: 'givenName', type: 'string', ...BASE_CHARACTERISTICS, caseExact: false, uniqueness: 'none' }],
  };

  expect(unstatedCharacteristics(schemaWith(active, name)), 'problems').toEqual([]);
});

test('string without caseExact reported', () => {
  const title = { name: 'title', type: 'string', ...BASE_CHARACTERISTICS, uniqueness: 'none' };

  expect(unstatedCharacteristics(schemaWith(title)), 'problems').toEqual(['urn:example:schema:title does not state caseExact']);
});

test('integer without uniqueness reported', () => {
  const level = { name: 'level', type: 'integer', ...BASE_CHARACTERISTICS };

  expect(unstatedCharacteristics(schemaWith(level)), 'problems').toEqual(['urn:example:schema:level does not state uniqueness']);
});

test('null characteristic reported', () => {
  const active = { name: 'active', type: 'boolean', ...BASE_CHARACTERISTICS, returned: null };

  expect(unstatedCharacteristics(schemaWith(active)), 'problems').toEqual(['urn:example:schema:active does not state returned']);
});

test('sub-attribute gaps reported', () => {
  const emails = {
    name: 'emails',
    type: 'complex',
    ...BASE_CHARACTERISTICS,
    subAttributes: [{ name: 'value', type: 'string', ...BASE_CHARACTERISTICS, uniqueness: 'none' }],
  };

  expect(unstatedCharacteristics(schemaWith(emails)), 'problems').toEqual(['urn:example:schema:emails.value does not state caseExact']);
});
