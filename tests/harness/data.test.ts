// Unit tests of the seeded test data in fixtures/entra-data.ts and the run identity in fixtures/run.ts.

import { expect, test } from '@playwright/test';
import { EntraDataFactory } from '../../fixtures/entra-data.js';
import { loadMappings } from '../../fixtures/mappings.js';
import { chooseSeed, runPrefix, testIdentity } from '../../fixtures/run.js';
import { ENTERPRISE_USER_URN, USER_SCHEMA_URN } from '../../fixtures/validation.js';

const RUN_SEED = 424242;

/** Builds the data factory that fixtures/index.ts gives a test, from the run seed and the test id. */
function factoryFor(seed: number, testId: string): EntraDataFactory {
  const identity = testIdentity(seed, testId);
  return new EntraDataFactory({ seed: identity.seed, runPrefix: runPrefix(seed), testKey: identity.key, mappings: loadMappings(undefined) });
}

test('same seed gives same users', () => {
  const first = factoryFor(RUN_SEED, 'test-1');
  const second = factoryFor(RUN_SEED, 'test-1');

  const firstUsers = [first.user(), first.user(), first.group()];
  const secondUsers = [second.user(), second.user(), second.group()];

  expect(secondUsers, 'data built twice from the same seed and test id').toEqual(firstUsers);
});

test('different tests get different values', () => {
  const first = factoryFor(RUN_SEED, 'test-1');
  const second = factoryFor(RUN_SEED, 'test-2');

  const [userA, userB] = [first.user().source, second.user().source];
  const [groupA, groupB] = [first.group(), second.group()];

  expect(userB.userPrincipalName, 'userName').not.toBe(userA.userPrincipalName);
  expect(userB.mailNickname, 'externalId').not.toBe(userA.mailNickname);
  expect(userB.mail, 'mail').not.toBe(userA.mail);
  expect(groupB.displayName, 'group displayName').not.toBe(groupA.displayName);
});

test('parallel workers share no values', () => {
  const workers = 8;
  const testsPerWorker = 50;
  const usersPerTest = 3;
  const userNames = new Set<string>();
  const externalIds = new Set<string>();
  const mails = new Set<string>();

  for (let worker = 0; worker < workers; worker += 1) {
    for (let index = 0; index < testsPerWorker; index += 1) {
      const factory = factoryFor(RUN_SEED, `test-${worker * testsPerWorker + index}`);
      for (let count = 0; count < usersPerTest; count += 1) {
        const { source } = factory.user();
        // userName and mail are caseExact=false in SCIM, so values that differ only in case collide.
        userNames.add(source.userPrincipalName.toLowerCase());
        externalIds.add(source.mailNickname);
        mails.add(source.mail.toLowerCase());
      }
    }
  }

  const total = workers * testsPerWorker * usersPerTest;
  expect(userNames.size, 'distinct userName values').toBe(total);
  expect(externalIds.size, 'distinct externalId values').toBe(total);
  expect(mails.size, 'distinct mail values').toBe(total);
});

test('userName starts with run prefix', () => {
  const prefix = runPrefix(RUN_SEED);

  for (let index = 0; index < 20; index += 1) {
    const factory = factoryFor(RUN_SEED, `test-${index}`);
    const user = factory.user();
    const group = factory.group();

    expect(user.body.userName, `userName of test-${index}`).toMatch(new RegExp(`^${prefix}-`));
    expect(group.displayName, `group displayName of test-${index}`).toMatch(new RegExp(`^${prefix}-`));
  }
});

test('userName is ASCII', () => {
  for (let index = 0; index < 200; index += 1) {
    const user = factoryFor(RUN_SEED, `test-${index}`).user();

    expect(user.body.userName, `userName of test-${index}`).toMatch(/^[\x21-\x7e]+$/);
  }
});

test('chooseSeed accepts integer', () => {
  expect(chooseSeed({ SCIM_SEED: '12345' }), 'seed from "12345"').toBe(12345);
  expect(chooseSeed({ SCIM_SEED: ' 77 ' }), 'seed from " 77 "').toBe(77);
});

test('chooseSeed rejects non-integer', () => {
  for (const text of ['abc', '-1', '1.5', '1e3']) {
    expect(() => chooseSeed({ SCIM_SEED: text }), `SCIM_SEED ${JSON.stringify(text)}`).toThrow(/SCIM_SEED/);
  }
});

test('chooseSeed draws seed when unset', () => {
  const seed = chooseSeed({});

  expect(Number.isInteger(seed), 'seed is an integer').toBe(true);
  expect(seed, 'seed').toBeGreaterThan(0);
});

test('body matches Entra create shape', () => {
  const { source, body } = factoryFor(RUN_SEED, 'test-1').user();

  const emails = body.emails as { primary?: boolean; type?: string; value?: string }[];
  const enterprise = body[ENTERPRISE_USER_URN] as Record<string, unknown>;
  expect(body.schemas, 'schemas').toEqual([USER_SCHEMA_URN, ENTERPRISE_USER_URN]);
  expect(body.userName, 'userName').toBe(source.userPrincipalName);
  expect(body.externalId, 'externalId').toBe(source.mailNickname);
  expect(body.active, 'active').toBe(true);
  expect(emails.length, 'number of emails').toBe(1);
  expect(emails[0], 'email').toEqual({ primary: true, type: 'work', value: source.mail });
  expect(enterprise.employeeNumber, 'enterprise employeeNumber').toBe(source.employeeId);
  expect(typeof enterprise.employeeNumber, 'type of employeeNumber').toBe('string');
  expect(enterprise.department, 'enterprise department').toBe(source.department);
  expect(body.meta, 'meta').toEqual({ resourceType: 'User' });
});
