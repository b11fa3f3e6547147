// Unit tests of updateBody: how each dialect writes a set of attribute changes.

import { expect, test } from '@playwright/test';
import { type AttributeChange, loadDialect, updateBody } from '../../fixtures/dialects.js';

const MANAGER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager';
const CHANGES: AttributeChange[] = [
  { op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.test' },
  { op: 'replace', path: 'name.familyName', value: 'Doe' },
  { op: 'replace', path: 'active', value: false },
  { op: 'add', path: MANAGER, value: 'manager-id' },
  { op: 'remove', path: 'title' },
];

test('entra writes one capitalised operation per path', () => {
  const body = updateBody(loadDialect('entra'), CHANGES);

  expect(body.Operations, 'operations').toEqual([
    { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@example.test' },
    { op: 'Replace', path: 'name.familyName', value: 'Doe' },
    { op: 'Replace', path: 'active', value: 'False' },
    { op: 'Add', path: MANAGER, value: 'manager-id' },
    { op: 'Remove', path: 'title' },
  ]);
  expect(body.schemas, 'schemas').toEqual(['urn:ietf:params:scim:api:messages:2.0:PatchOp']);
});

test('flag dialect merges unfiltered paths', () => {
  const body = updateBody(loadDialect('entra-aadoptscim062020'), CHANGES);

  expect(body.Operations, 'operations').toEqual([
    { op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.test' },
    { op: 'replace', value: { 'name.familyName': 'Doe', active: false } },
    { op: 'add', value: { [MANAGER]: 'manager-id' } },
    { op: 'remove', path: 'title' },
  ]);
});

test('rfc writes manager as an object', () => {
  const body = updateBody(loadDialect('rfc'), CHANGES);

  expect(body.Operations, 'operations').toEqual([
    { op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.test' },
    { op: 'replace', path: 'name.familyName', value: 'Doe' },
    { op: 'replace', path: 'active', value: false },
    { op: 'add', path: MANAGER, value: { value: 'manager-id' } },
    { op: 'remove', path: 'title' },
  ]);
});
