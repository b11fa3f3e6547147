// Unit tests of attribute mappings: Entra's defaults, an exported synchronization schema, and the
// test data built through them.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { EntraDataFactory, evaluateExpression } from '../../fixtures/entra-data.js';
import { loadMappings, matchingAttribute } from '../../fixtures/mappings.js';
import { SettingsError } from '../../fixtures/settings-error.js';

const EXPORTED = fileURLToPath(new URL('./data/entra-synchronization-schema.json', import.meta.url));

function factory(mappingsFile?: string): EntraDataFactory {
  return new EntraDataFactory({ seed: 11, runPrefix: 'scimc-test', testKey: 'map00000', mappings: loadMappings(mappingsFile) });
}

function writeJson(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'scim-mappings-')), 'mappings.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

test('default mappings match on userName', () => {
  const mappings = loadMappings(undefined);

  expect(matchingAttribute(mappings, 'users'), 'user matching attribute').toBe('userName');
  expect(matchingAttribute(mappings, 'groups'), 'group matching attribute').toBe('displayName');
});

test('default user body holds mapped attributes', () => {
  const user = factory().user();

  expect(user.body.userName, 'userName').toBe(user.source.userPrincipalName);
  expect(user.body.active, 'active, as a JSON boolean').toBe(true);
  expect(user.values['phoneNumbers[type eq "mobile"].value'], 'mobile phone value').toBe(user.source.mobile);
  expect(user.values['name.formatted'], 'formatted name from Join').toBe(`${user.source.givenName} ${user.source.surname}`);
  expect(user.values['addresses[type eq "work"].locality'], 'work locality').toBe(user.source.city);
  expect(user.body.roles, 'roles').toEqual([]);
});

test('exported schema gives matching order', () => {
  const mappings = loadMappings(EXPORTED);

  expect(mappings.users.matching, 'user matching attributes by priority').toEqual(['externalId', 'userName']);
  expect(mappings.groups.matching, 'group matching attributes').toEqual(['displayName']);
  expect(mappings.users.attributes.userName, 'userName source').toBe('[userPrincipalName]');
});

test('exported schema limits the body', () => {
  const user = factory(EXPORTED).user();

  expect(Object.keys(user.values).sort(), 'mapped values').toEqual(
    [
      'active',
      'emails[type eq "work"].value',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
      'userName',
    ].sort(),
  );
  expect(user.body.title, 'an unmapped title').toBeUndefined();
  expect(user.body.schemas, 'schemas').toContain('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');
});

test('unsupported expressions are left out', () => {
  expect(evaluateExpression('SingleAppRoleAssignment([appRoleAssignments])', {}), 'role assignment').toBeUndefined();
  expect(evaluateExpression('Join(", ", [a], [b])', { a: 'x', b: 'y' }), 'Join with a comma').toBe('x, y');
  expect(evaluateExpression('[missing]', {}), 'missing source attribute').toBeUndefined();
});

test('unreadable mappings file rejected', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'scim-mappings-')), 'broken.json');
  writeFileSync(path, '{ not json');

  expect(() => loadMappings(path), 'broken JSON').toThrow(SettingsError);
  expect(() => loadMappings(path), 'message names the setting').toThrow(/SCIM_MAPPINGS/);
});

test('matching attribute must be mapped', () => {
  const path = writeJson({
    name: 'broken',
    users: { matching: ['employeeId'], attributes: { userName: 'userPrincipalName' } },
    groups: { matching: ['displayName'], attributes: { displayName: 'displayName' } },
  });

  expect(() => loadMappings(path), 'matching attribute that is not mapped').toThrow(/matching attributes must be mapped/);
});
