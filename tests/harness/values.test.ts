// Unit tests of the attribute paths and value comparison in fixtures/values.ts.

import { expect, test } from '@playwright/test';
import { EntraDataFactory } from '../../fixtures/entra-data.js';
import { loadMappings } from '../../fixtures/mappings.js';
import { ENTERPRISE_USER_URN } from '../../fixtures/validation.js';
import { readPath, userValueDifferences } from '../../fixtures/values.js';

function returnedUser(): Record<string, unknown> {
  return {
    id: 'u1',
    userName: 'jdoe@example.test',
    title: 'Charge Nurse',
    name: { givenName: 'Jane', familyName: 'Doe' },
    emails: [
      { type: 'home', value: 'jane@home.example.test' },
      { type: 'work', value: 'jdoe@example.test', primary: true },
    ],
    [ENTERPRISE_USER_URN]: { employeeNumber: '701984', department: 'Cardiology' },
  };
}

function entraUser() {
  return new EntraDataFactory({ seed: 7, runPrefix: 'scimc-test', testKey: 'values00', mappings: loadMappings(undefined) }).user();
}

test('readPath reads work email', () => {
  const value = readPath(returnedUser(), 'emails[type eq "work"].value');

  expect(value, 'work email').toBe('jdoe@example.test');
});

test('readPath reads sub-attribute', () => {
  const value = readPath(returnedUser(), 'name.givenName');

  expect(value, 'name.givenName').toBe('Jane');
});

test('readPath reads enterprise attribute', () => {
  const resource = returnedUser();

  const employeeNumber = readPath(resource, `${ENTERPRISE_USER_URN}:employeeNumber`);
  const department = readPath(resource, `${ENTERPRISE_USER_URN}:department`);

  expect(employeeNumber, 'employeeNumber').toBe('701984');
  expect(department, 'department').toBe('Cardiology');
});

test('readPath ignores attribute name case', () => {
  const resource = {
    Title: 'Charge Nurse',
    NAME: { GivenName: 'Jane' },
    Emails: [{ Type: 'Work', Value: 'jdoe@example.test' }],
    [ENTERPRISE_USER_URN.toLowerCase()]: { EmployeeNumber: '701984' },
  };

  expect(readPath(resource, 'title'), 'title').toBe('Charge Nurse');
  expect(readPath(resource, 'name.givenName'), 'name.givenName').toBe('Jane');
  expect(readPath(resource, 'emails[type eq "work"].value'), 'work email').toBe('jdoe@example.test');
  expect(readPath(resource, `${ENTERPRISE_USER_URN}:employeeNumber`), 'employeeNumber').toBe('701984');
});

test('readPath returns undefined when absent', () => {
  const resource = { name: 'not an object', emails: [{ type: 'home', value: 'x' }] };

  expect(readPath(resource, 'name.givenName'), 'sub-attribute of a string').toBeUndefined();
  expect(readPath(resource, 'emails[type eq "work"].value'), 'missing work email').toBeUndefined();
  expect(readPath(resource, `${ENTERPRISE_USER_URN}:department`), 'missing extension').toBeUndefined();
});

test('own create body has no differences', () => {
  const user = entraUser();

  const differences = userValueDifferences(user, user.body);

  expect(differences, 'differences').toEqual([]);
});

test('changed title listed as difference', () => {
  const user = entraUser();

  const differences = userValueDifferences(user, { ...user.body, title: 'Something else' });

  expect(differences, 'differences').toEqual([{ path: 'title', sent: user.source.jobTitle, returned: 'Something else' }]);
});
