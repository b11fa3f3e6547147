// Proves that the checks can fail: the suites pass against a clean mock realm, and each mock
// fault fails the requirements that tests/matrix/expectations/ lists for it.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { DIALECT_IDS } from '../../fixtures/dialects.js';
import { allRequirements } from '../../fixtures/requirements.js';
import { FAULTS } from '../../mocks/roster/faults.js';
import { loadFaultExpectations } from './expectations.js';
import type { MatrixResult } from './matrix-reporter.js';

const BASELINE = 'no-fault';
const RATE_LIMITED = 'no-fault-rate-limited';
const knownIds = new Set(allRequirements().map((entry) => entry.id));
const expectations = loadFaultExpectations();
// The faults in the matrix: those with recorded expectations. The others await checks that catch them.
const faultNames = Object.keys(expectations);

// Variables of the outer Playwright run and of a remote target must not leak into the matrix run.
function childEnvironment(resultFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(TEST_|PW_|PLAYWRIGHT_|SCIM_)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, MATRIX_RESULT_FILE: resultFile, FORCE_COLOR: '0' };
}

test('fault matrix', async () => {
  test.setTimeout(300_000);
  const matrix = await test.step('run the suites against a clean realm and one realm per fault', runMatrix);

  await test.step('clean mock fails no requirement', () => {
    const baseline = matrix[BASELINE];
    const limited = matrix[RATE_LIMITED];
    // Checks that need a rate limit skip on the plain clean realm and pass on the rate-limited one.
    const passedWithLimit = new Set(limited.passedTests);
    expect.soft(baseline.failedTests, 'checks that failed against the clean mock').toEqual([]);
    expect.soft(limited.failedTests, 'checks that failed against the clean rate-limited mock').toEqual([]);
    expect.soft(limited.skippedTests, 'checks skipped against the clean rate-limited mock').toEqual([]);
    expect
      .soft(baseline.skippedTests.filter((entry) => !passedWithLimit.has(entry.title)), 'checks skipped against the clean mock')
      .toEqual([]);
  });

  await test.step('every entry names a fault and at least one requirement', () => {
    const stale = faultNames.filter((entry) => {
      const [fault, dialect] = entry.split('@');
      return !Object.hasOwn(FAULTS, fault) || (dialect !== undefined && !DIALECT_IDS.includes(dialect));
    });
    const empty = faultNames.filter((fault) => expectations[fault].length === 0);
    const unknown = faultNames.flatMap((fault) => expectations[fault].filter((id) => !knownIds.has(id)));
    expect.soft(stale, 'entries for faults that do not exist').toEqual([]);
    expect.soft(empty, 'entries that list no requirement').toEqual([]);
    expect.soft(unknown, 'requirement ids not in the catalogue').toEqual([]);
  });

  await test.step('each fault fails the requirements it breaks', () => {
    for (const fault of faultNames) {
      const failed = matrix[fault]?.failed ?? [];
      const missed = (expectations[fault] ?? []).filter((id) => !failed.includes(id));
      expect.soft(missed, `requirements that passed with ${fault} switched on`).toEqual([]);
    }
  });

  await test.step('every check fails under some fault', () => {
    const failing = new Set(faultNames.flatMap((fault) => matrix[fault]?.failedTests.map((entry) => entry.title) ?? []));
    const checks = [...matrix[BASELINE].passedTests, ...matrix[RATE_LIMITED].passedTests];
    expect.soft(checks.length, 'checks that passed against the clean mock').toBeGreaterThan(0);
    expect.soft(checks.filter((title) => !failing.has(title)), 'checks no fault makes fail').toEqual([]);
  });

  await test.step('every MUST and SHOULD requirement is tripped by a fault', () => {
    const tripped = new Set(faultNames.flatMap((fault) => matrix[fault]?.failed ?? []));
    const untripped = allRequirements()
      .filter((entry) => entry.level !== 'MAY' && !tripped.has(entry.id))
      .map((entry) => entry.id);
    const detected = faultNames.filter((fault) => (matrix[fault]?.failed.length ?? 0) > 0);
    const score = Math.round((detected.length / faultNames.length) * 100);
    const covered = new Set(faultNames.map((entry) => entry.split('@')[0]));
    const outside = Object.keys(FAULTS).filter((fault) => !covered.has(fault));
    console.log(`Mutation score: ${detected.length}/${faultNames.length} faults in the matrix detected (${score}%)`);
    console.log(`Requirements no fault trips: ${untripped.length === 0 ? 'none' : untripped.join(', ')}`);
    console.log(`Mock faults not in the matrix yet (${outside.length}): ${outside.join(', ') || 'none'}`);
    expect.soft(untripped, 'MUST and SHOULD requirements that no fault trips').toEqual([]);
    expect.soft(detected.length, 'faults detected').toBe(faultNames.length);
  });
});

async function runMatrix(): Promise<MatrixResult> {
  const folder = mkdtempSync(join(tmpdir(), 'scim-matrix-'));
  const resultFile = join(folder, 'matrix.json');
  const cli = join(process.cwd(), 'node_modules', '@playwright', 'test', 'cli.js');
  const run = promisify(execFile)(process.execPath, [cli, 'test', '--config', 'tests/matrix/matrix.config.ts'], {
    env: { ...childEnvironment(resultFile), MATRIX_TEST_RESULTS_DIR: join(folder, 'test-results') },
    timeout: 240_000,
    maxBuffer: 32 * 1024 * 1024,
  });
  const output = await run.then(
    ({ stdout, stderr }) => stdout + stderr,
    (error: { stdout?: string; stderr?: string; message: string }) => `${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}`,
  );
  if (!existsSync(resultFile)) throw new Error(`The matrix run wrote no results. Its output:\n${output.slice(-4000)}`);
  return JSON.parse(readFileSync(resultFile, 'utf8')) as MatrixResult;
}
