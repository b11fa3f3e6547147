// Unit tests of the SCIM body checks in fixtures/validation.ts and the JSON Schemas behind them.

import { expect, test } from '@playwright/test';
import {
  type CheckResult,
  ENTERPRISE_USER_URN,
  ERROR_URN,
  GROUP_SCHEMA_URN,
  LIST_RESPONSE_URN,
  USER_SCHEMA_URN,
  checkError,
  checkListResponse,
  checkResource,
} from '../../fixtures/validation.js';

type Body = Record<string, unknown>;

function validUser(): Body {
  return {
    schemas: [USER_SCHEMA_URN, ENTERPRISE_USER_URN],
    id: '2819c223-7f76-453a-919d-413861904646',
    externalId: 'jdoe',
    userName: 'jdoe@example.test',
    active: true,
    displayName: 'Jane Doe',
    name: { formatted: 'Jane Doe', familyName: 'Doe', givenName: 'Jane' },
    emails: [
      { value: 'jdoe@example.test', type: 'work', primary: true },
      { value: 'jane@home.example.test', type: 'home' },
    ],
    roles: [],
    meta: {
      resourceType: 'User',
      created: '2024-05-01T10:00:00Z',
      lastModified: '2024-05-01T10:00:00.123+02:00',
      location: 'https://roster.example.test/scim/v1/Realms/r1/Users/2819c223-7f76-453a-919d-413861904646',
      version: 'W/"1"',
    },
    [ENTERPRISE_USER_URN]: { employeeNumber: '701984', department: 'Cardiology' },
  };
}

function validGroup(): Body {
  return {
    schemas: [GROUP_SCHEMA_URN],
    id: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
    displayName: 'Nurses',
    members: [{ value: '2819c223-7f76-453a-919d-413861904646', display: 'Jane Doe' }],
    meta: { resourceType: 'Group' },
  };
}

function validList(resources: Body[]): Body {
  return { schemas: [LIST_RESPONSE_URN], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources };
}

/** Lists the requirement ids of a result's findings, each once. */
function failedIds(result: CheckResult): string[] {
  return [...new Set(result.findings.map((finding) => finding.requirementId))];
}

test('valid User passes', () => {
  const result = checkResource('User', validUser(), 'user');

  expect(result.findings, 'findings').toEqual([]);
  expect(result.checked, 'checked requirements').toEqual(['RFC7643-4.1', 'RFC7643-4.3', 'RFC7643-2.1-case']);
});

test('valid Group passes', () => {
  const result = checkResource('Group', validGroup(), 'group');

  expect(result.findings, 'findings').toEqual([]);
  expect(result.checked, 'checked requirements').toEqual(['RFC7643-4.2', 'RFC7643-2.1-case']);
});

test('valid ListResponse passes', () => {
  const result = checkListResponse('User', validList([validUser()]), 'list');

  expect(result.findings, 'findings').toEqual([]);
  expect(result.checked, 'checked requirements').toEqual(['RFC7644-3.4.2', 'RFC7643-4.1', 'RFC7643-4.3', 'RFC7643-2.1-case']);
});

test('empty ListResponse passes', () => {
  const result = checkListResponse('User', validList([]), 'list');

  expect(result.findings, 'findings').toEqual([]);
  expect(result.checked, 'checked requirements').toEqual(['RFC7644-3.4.2', 'RFC7643-2.1-case']);
});

test('valid Error passes', () => {
  const body = { schemas: [ERROR_URN], status: '409', scimType: 'uniqueness', detail: 'userName is taken' };

  const result = checkError(body, 409, 'error');

  expect(result.findings, 'findings').toEqual([]);
  expect(result.checked, 'checked requirements').toEqual(['RFC7644-3.12', 'RFC7643-2.1-case']);
});

test('numeric active fails User', () => {
  const result = checkResource('User', { ...validUser(), active: 1 }, 'user');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7643-4.1']);
  expect(result.findings[0]?.problems.join('\n'), 'problems').toContain('/active');
});

test('two primary emails fail User', () => {
  const emails = [
    { value: 'a@example.test', type: 'work', primary: true },
    { value: 'b@example.test', type: 'home', primary: true },
  ];

  const result = checkResource('User', { ...validUser(), emails }, 'user');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7643-4.1']);
  expect(result.findings[0]?.problems.join('\n'), 'problems').toContain('/emails');
});

test('returned password fails User', () => {
  const result = checkResource('User', { ...validUser(), password: 't1meMa$heen' }, 'user');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7643-4.1']);
  expect(result.findings[0]?.problems.join('\n'), 'problems').toContain('/password');
});

test('numeric employeeNumber fails extension', () => {
  const result = checkResource('User', { ...validUser(), [ENTERPRISE_USER_URN]: { employeeNumber: 7 } }, 'user');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7643-4.3']);
  expect(result.checked, 'checked requirements').toEqual(['RFC7643-4.1', 'RFC7643-4.3', 'RFC7643-2.1-case']);
  expect(result.findings[0]?.problems.join('\n'), 'problems').toContain('/employeeNumber');
});

test('string members fail Group', () => {
  const result = checkResource('Group', { ...validGroup(), members: ['2819c223-7f76-453a-919d-413861904646'] }, 'group');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7643-4.2']);
});

test('lowercase resources reported as name case', () => {
  const { Resources: resources, ...rest } = validList([validUser()]);

  const result = checkListResponse('User', { ...rest, resources }, 'list');

  // Names are case-insensitive, so the list is still read; only the spelling is reported.
  expect(failedIds(result), 'failed requirements').toEqual(['RFC7643-2.1-case']);
  expect(result.findings[0]?.problems.join('\n'), 'problems').toContain('/resources');
  expect(result.checked, 'checked requirements').toContain('RFC7643-4.1');
});

test('lowercase resources in empty list reported', () => {
  const { Resources: resources, ...rest } = validList([]);

  const result = checkListResponse('User', { ...rest, resources }, 'list');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7643-2.1-case']);
});

test('enterprise data without its URN fails', () => {
  const result = checkResource('User', { ...validUser(), schemas: [USER_SCHEMA_URN] }, 'user');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7643-4.3']);
  expect(result.findings[0]?.problems.join('\n'), 'problems').toContain('does not list the extension URN');
});

test('attribute name case read leniently', () => {
  const { userName, ...rest } = validUser();

  const result = checkResource('User', { ...rest, UserName: userName }, 'user');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7643-2.1-case']);
  expect(result.findings[0]?.problems.join('\n'), 'problems').toContain('/UserName');
});

test('wrong itemsPerPage fails ListResponse', () => {
  const result = checkListResponse('User', { ...validList([validUser()]), itemsPerPage: 5 }, 'list');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7644-3.4.2']);
  expect(result.findings[0]?.problems.join('\n'), 'problems').toContain('itemsPerPage');
});

test('zero startIndex fails ListResponse', () => {
  const result = checkListResponse('User', { ...validList([validUser()]), startIndex: 0 }, 'list');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7644-3.4.2']);
  expect(result.findings[0]?.problems.join('\n'), 'problems').toContain('/startIndex');
});

test('invalid resource in list charged to User', () => {
  const result = checkListResponse('User', validList([{ ...validUser(), active: 'True' }]), 'list');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7643-4.1']);
  expect(result.findings[0]?.subject, 'finding subject').toBe('list, Resources[0]');
});

test('numeric status fails Error', () => {
  const result = checkError({ schemas: [ERROR_URN], status: 404, detail: 'not found' }, 404, 'error');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7644-3.12']);
  expect(result.checked, 'checked requirements').toEqual(['RFC7644-3.12', 'RFC7643-2.1-case']);
  expect(result.findings[0]?.problems.join('\n'), 'problems').toContain('/status');
});

test('status unlike HTTP status fails', () => {
  const result = checkError({ schemas: [ERROR_URN], status: '400', detail: 'not found' }, 404, 'error');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7644-3.12']);
  expect(result.findings[0]?.problems.join('\n'), 'problems').toContain('404');
});

test('wrapped error fails Error', () => {
  const body = { error: { schemas: [ERROR_URN], status: '404', detail: 'not found' } };

  const result = checkError(body, 404, 'error');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7644-3.12']);
});

test('4xx without JSON body fails', () => {
  const result = checkError(undefined, 401, 'error');

  expect(failedIds(result), 'failed requirements').toEqual(['RFC7644-3.12']);
  expect(result.checked, 'checked requirements').toEqual(['RFC7644-3.12']);
  expect(result.findings[0]?.problems.join('\n'), 'problems').toContain('401');
});
