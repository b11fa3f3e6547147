// Unit tests of the per-requirement results and the verdict in fixtures/reporting/ledger.ts.

import { expect, test } from '@playwright/test';
import { requirement } from '../../fixtures/requirements.js';
import {
  type RequirementResult,
  type TestOutcome,
  requirementResults,
  statusFor,
  verdictOf,
} from '../../fixtures/reporting/ledger.js';

const CREATE = 'RFC7644-3.3';
const USER_SCHEMA = 'RFC7643-4.1';
const READ = 'RFC7644-3.4.1';
const FIDELITY = 'ENTRA-VALUE-FIDELITY';
const FINISHED = { runStatus: 'failed', audience: 'Entra provisioning' };

function outcome(overrides: Partial<TestOutcome>): TestOutcome {
  return {
    title: 'create user',
    project: 'entra',
    location: 'suites/users.spec.ts:10',
    status: 'passed',
    expectedToFail: false,
    durationMs: 5,
    declared: [CREATE],
    checked: [],
    violations: [],
    warnings: [],
    unattributedErrors: 0,
    errors: [],
    blocked: false,
    knownFindings: [],
    churn: [],
    cleanupFailures: [],
    ...overrides,
  };
}

function resultsFor(ids: string[], outcomes: TestOutcome[]): Record<string, RequirementResult> {
  const results = requirementResults(ids.map(requirement), outcomes);
  return Object.fromEntries(results.map((result) => [result.id, result]));
}

test('violation fails only its requirement', () => {
  const schemaFinding = outcome({
    status: 'failed',
    checked: [USER_SCHEMA],
    violations: [USER_SCHEMA],
    errors: [`${USER_SCHEMA}: POST Users response is invalid\n/active must be boolean`],
  });

  const results = resultsFor([CREATE, USER_SCHEMA, READ], [schemaFinding]);

  expect(statusFor(schemaFinding, CREATE), 'status of the declared requirement').toBe('passed');
  expect(statusFor(schemaFinding, USER_SCHEMA), 'status of the violated requirement').toBe('failed');
  expect(results[CREATE]?.status, 'result of the declared requirement').toBe('passed');
  expect(results[USER_SCHEMA]?.status, 'result of the violated requirement').toBe('failed');
  expect(results[USER_SCHEMA]?.tests[0]?.reason, 'reason of the violated requirement').toBe(`${USER_SCHEMA}: POST Users response is invalid\n/active must be boolean`);
  expect(results[READ]?.tests, 'tests of an untouched requirement').toEqual([]);
});

test('unattributed error fails declared', () => {
  const failed = outcome({
    status: 'failed',
    checked: [USER_SCHEMA],
    unattributedErrors: 1,
    errors: ['Error: expected status 201, received 200'],
  });

  const results = resultsFor([CREATE, USER_SCHEMA], [failed]);

  expect(statusFor(failed, CREATE), 'status of the declared requirement').toBe('failed');
  expect(statusFor(failed, USER_SCHEMA), 'status of a checked requirement').toBe('passed');
  expect(results[CREATE]?.status, 'result of the declared requirement').toBe('failed');
  expect(results[CREATE]?.tests[0]?.reason, 'reason').toBe('expected status 201, received 200');
});

test('failure without message fails declared', () => {
  const failed = outcome({ status: 'failed' });

  expect(statusFor(failed, CREATE), 'status of the declared requirement').toBe('failed');
});

test('skipped test gives skipped', () => {
  const skipped = outcome({ status: 'skipped', checked: [USER_SCHEMA], skipReason: 'Blocked: create user failed' });

  const results = resultsFor([CREATE, USER_SCHEMA], [skipped]);

  expect(statusFor(skipped, CREATE), 'status of the declared requirement').toBe('skipped');
  expect(results[CREATE]?.status, 'result of the declared requirement').toBe('skipped');
  expect(results[CREATE]?.tests[0]?.reason, 'reason').toBe('Blocked: create user failed');
});

test('passed and failed tests give failed', () => {
  const passed = outcome({});
  const failed = outcome({ status: 'failed', unattributedErrors: 1, errors: ['Error: expected status 201, received 500'] });

  const results = resultsFor([CREATE], [passed, failed]);

  expect(results[CREATE]?.status, 'result').toBe('failed');
  expect(results[CREATE]?.tests.length, 'number of tests').toBe(2);
});

test('verdict fails on MUST failure', () => {
  const results = resultsFor(
    [CREATE, FIDELITY],
    [outcome({ status: 'failed', unattributedErrors: 1, errors: ['Error: expected status 201, received 500'] }), outcome({ declared: [FIDELITY] })],
  );

  const verdict = verdictOf(Object.values(results), FINISHED);

  expect(verdict.conformant, 'conformant').toBe(false);
  expect(verdict.level, 'level').toBe('none');
  expect(verdict.mustFailed, 'failed MUST requirements').toEqual([CREATE]);
  expect(verdict.summary, 'summary').toContain('Not conformant');
});

test('verdict conformant despite SHOULD failure', () => {
  const results = resultsFor(
    [CREATE, FIDELITY],
    [outcome({}), outcome({ declared: [FIDELITY], status: 'failed', unattributedErrors: 1, errors: ['Error: title changed'] })],
  );

  const verdict = verdictOf(Object.values(results), FINISHED);

  expect(verdict.conformant, 'conformant').toBe(true);
  expect(verdict.level, 'level').toBe('MUST');
  expect(verdict.shouldFailed, 'failed SHOULD requirements').toEqual([FIDELITY]);
  expect(verdict.summary, 'summary').toContain('at MUST level');
});

test('strict verdict fails on SHOULD failure', () => {
  const results = resultsFor(
    [CREATE, FIDELITY],
    [outcome({}), outcome({ declared: [FIDELITY], status: 'failed', unattributedErrors: 1, errors: ['Error: title changed'] })],
  );

  const verdict = verdictOf(Object.values(results), { ...FINISHED, strict: true });

  expect(verdict.conformant, 'conformant').toBe(false);
  expect(verdict.level, 'level').toBe('none');
  expect(verdict.shouldFailed, 'failed SHOULD requirements').toEqual([FIDELITY]);
  expect(verdict.summary, 'summary').toContain('in strict mode');
});

test('read-only skips give no verdict', () => {
  const results = resultsFor(
    [CREATE, READ],
    [outcome({ declared: [READ] }), outcome({ status: 'skipped', skipKind: 'read-only', skipReason: 'Read-only run: writes refused' })],
  );

  const verdict = verdictOf(Object.values(results), FINISHED);

  expect(verdict.mustUnverified, 'unverified MUST requirements').toEqual([]);
  expect(verdict.complete, 'complete').toBe(false);
  expect(verdict.conformant, 'conformant').toBe(false);
  expect(verdict.summary, 'summary').toContain('read-only run with 1 of 2 requirements checked');
});

test('verdict fails on unverified MUST', () => {
  const results = resultsFor([CREATE, READ], [outcome({}), outcome({ declared: [READ], status: 'skipped', skipReason: 'blocked' })]);

  const verdict = verdictOf(Object.values(results), FINISHED);

  expect(verdict.conformant, 'conformant').toBe(false);
  expect(verdict.level, 'level').toBe('none');
  expect(verdict.mustFailed, 'failed MUST requirements').toEqual([]);
  expect(verdict.mustUnverified, 'unverified MUST requirements').toEqual([READ]);
  expect(verdict.summary, 'summary').toContain('could not be verified');
});

test('verdict conformant when all pass', () => {
  const results = resultsFor([CREATE, FIDELITY], [outcome({}), outcome({ declared: [FIDELITY] })]);

  const verdict = verdictOf(Object.values(results), FINISHED);

  expect(verdict.conformant, 'conformant').toBe(true);
  expect(verdict.level, 'level').toBe('MUST and SHOULD');
});

test('blocked check leaves its claim unverified', () => {
  const blocked = outcome({
    status: 'failed',
    blocked: true,
    violations: [USER_SCHEMA],
    errors: ['Error: RFC7643-4.1: POST Users response is invalid'],
    skipReason: 'create user: the response carried no "id"',
  });

  expect(statusFor(blocked, CREATE), 'declared requirement').toBe('skipped');
  expect(statusFor(blocked, USER_SCHEMA), 'violated requirement').toBe('failed');
});

test('partial run gives no verdict', () => {
  const results = resultsFor([CREATE, READ], [outcome({})]);

  const verdict = verdictOf(Object.values(results), FINISHED);

  expect(verdict.complete, 'complete').toBe(false);
  expect(verdict.conformant, 'conformant').toBe(false);
  expect(verdict.requirementsChecked, 'requirements checked').toBe(1);
  expect(verdict.summary, 'summary').toContain('No verdict: partial run with 1 of 2 requirements checked');
});

test('interrupted run gives no verdict', () => {
  const results = resultsFor([CREATE], [outcome({})]);

  const verdict = verdictOf(Object.values(results), { ...FINISHED, runStatus: 'interrupted' });

  expect(verdict.conformant, 'conformant').toBe(false);
  expect(verdict.summary, 'summary').toContain('the run ended early (interrupted)');
});

test('interrupted checks leave nothing unverified', () => {
  const stopped = outcome({ title: 'stopped', status: 'skipped', skipKind: 'other', skipReason: 'Interrupted before it finished.' });
  const results = resultsFor([CREATE, READ], [outcome({}), { ...stopped, declared: [READ] }]);

  const verdict = verdictOf(Object.values(results), { ...FINISHED, runStatus: 'interrupted' });

  expect(verdict.summary, 'summary').toMatch(/^No verdict: the run ended early \(interrupted\)/);
  expect(verdict.conformant, 'conformant').toBe(false);
});

test('failure reason skips violation messages', () => {
  const failing = outcome({
    status: 'failed',
    violations: [USER_SCHEMA],
    unattributedErrors: 1,
    errors: ['Error: RFC7643-4.1: POST Users response is invalid\n\nexpect(received)', 'Error: status of POST /Users\n\nExpected: 201\nReceived: 200\n\n  12 | code'],
  });

  const results = resultsFor([CREATE, USER_SCHEMA], [failing]);

  expect(results[CREATE]?.tests[0]?.reason, 'reason of the declared requirement').toBe('status of POST /Users\n\nExpected: 201\nReceived: 200');
  expect(results[USER_SCHEMA]?.tests[0]?.reason, 'reason of the violated requirement').toContain('RFC7643-4.1: POST Users response is invalid');
});

test('known deviation spares the verdict', () => {
  const known = { reason: 'Location missing', link: 'https://tracker.example.test/7' };
  const deviating = outcome({
    status: 'failed',
    expectedToFail: true,
    knownDeviation: known,
    checked: [USER_SCHEMA],
    unattributedErrors: 1,
    errors: ['Error: Location header of the create response'],
  });

  const results = resultsFor([CREATE, USER_SCHEMA], [deviating]);
  const verdict = verdictOf(Object.values(results), FINISHED);

  expect(results[CREATE]?.knownDeviation, 'declared requirement is a known deviation').toBe(true);
  expect(results[USER_SCHEMA]?.tests[0]?.knownDeviation, 'touched requirement carries no deviation').toBeUndefined();
  expect(verdict.mustFailed, 'MUST failures').toEqual([]);
  expect(verdict.knownDeviations, 'known deviations').toEqual([CREATE]);
  expect(verdict.fixedDeviations, 'fixed deviations').toEqual([]);
});

test('known finding spares other checks', () => {
  const finding = { requirement: USER_SCHEMA, subject: 'GET Users response', reason: 'schemas missing', link: 'https://tracker.example.test/8' };
  const reading = outcome({ declared: [READ], checked: [USER_SCHEMA], violations: [USER_SCHEMA], knownFindings: [finding] });

  const results = resultsFor([READ, USER_SCHEMA], [reading]);
  const verdict = verdictOf(Object.values(results), FINISHED);

  expect(results[READ]?.status, 'declared requirement').toBe('passed');
  expect(results[USER_SCHEMA]?.status, 'listed requirement').toBe('failed');
  expect(results[USER_SCHEMA]?.knownDeviation, 'listed requirement is a known deviation').toBe(true);
  expect(results[USER_SCHEMA]?.tests[0]?.reason, 'reason').toBe(`${USER_SCHEMA}: GET Users response is invalid`);
  expect(results[USER_SCHEMA]?.tests[0]?.knownDeviation, 'deviation carried').toEqual({ reason: 'schemas missing', link: 'https://tracker.example.test/8' });
  expect(verdict.mustFailed, 'MUST failures').toEqual([]);
  expect(verdict.knownDeviations, 'known deviations').toEqual([USER_SCHEMA]);
});

test('known finding beside a real violation', () => {
  const finding = { requirement: USER_SCHEMA, subject: 'GET Users response', reason: 'schemas missing' };
  const known = outcome({ declared: [READ], violations: [USER_SCHEMA], knownFindings: [finding] });
  const real = outcome({ title: 'create user', status: 'failed', violations: [USER_SCHEMA], errors: [`Error: ${USER_SCHEMA}: POST Users response is invalid`] });

  const results = resultsFor([READ, CREATE, USER_SCHEMA], [known, real]);
  const verdict = verdictOf(Object.values(results), FINISHED);

  expect(results[USER_SCHEMA]?.knownDeviation, 'a violation outside the listing keeps the requirement failed').toBe(false);
  expect(verdict.mustFailed, 'MUST failures').toEqual([USER_SCHEMA]);
});

test('blocked known deviation is not unverified', () => {
  const blocked = outcome({ status: 'skipped', blocked: true, skipKind: 'blocked', expectedToFail: true, knownDeviation: { reason: 'disable fails first' } });

  const verdict = verdictOf(Object.values(resultsFor([CREATE], [blocked])), FINISHED);

  expect(verdict.mustUnverified, 'unverified MUST requirements').toEqual([]);
  expect(verdict.knownDeviations, 'known deviations').toEqual([CREATE]);
  expect(verdict.conformant, 'conformant').toBe(false);
});

test('blocked check without deviation is unverified', () => {
  const blocked = outcome({ status: 'skipped', blocked: true, skipKind: 'blocked' });

  const verdict = verdictOf(Object.values(resultsFor([CREATE], [blocked])), FINISHED);

  expect(verdict.mustUnverified, 'unverified MUST requirements').toEqual([CREATE]);
});

test('passing known deviation is reported', () => {
  const fixed = outcome({ expectedToFail: true, knownDeviation: { reason: 'was broken' } });

  const verdict = verdictOf(Object.values(resultsFor([CREATE], [fixed])), FINISHED);

  expect(verdict.fixedDeviations, 'fixed deviations').toEqual(['create user']);
  expect(verdict.summary, 'summary').toContain('remove their entries from the expectations file');
});
