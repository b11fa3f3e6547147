// The fault matrix: the conformance suites run once against a clean mock realm, then against one
// realm per fault listed in tests/matrix/expectations/, in one Playwright run with a project per
// realm. A fault's project runs only the checks of the requirements listed for it. Every check
// still runs under some fault, so each can be shown to fail.

import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { RUN_SEED_VARIABLE, chooseSeed } from '../../fixtures/run.js';
import { loadFaultExpectations } from './expectations.js';

process.env[RUN_SEED_VARIABLE] ??= String(chooseSeed(process.env));

export const BASELINE_PROJECT = 'no-fault';
// A clean realm with a rate limit, where checks that need one to apply pass; elsewhere they skip.
export const RATE_LIMITED_PROJECT = 'no-fault-rate-limited';

const expectations = loadFaultExpectations();

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function splitEntry(entry: string): { fault: string; dialect?: string } {
  const [fault, dialect] = entry.split('@');
  return { fault, dialect };
}

/** Selects the tests tagged with any of the ids, and not ids that merely start the same way. */
function taggedWith(ids: string[]): RegExp {
  return new RegExp(ids.map((id) => `@${escape(id)}(?=\\s|$)`).join('|'));
}

export default defineConfig<object, { mockFaults: string[]; mockRateLimit?: number; expectedFailures: string[]; dialectId?: string }>({
  testDir: '../../suites',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: process.env.MATRIX_WORKERS ? Number(process.env.MATRIX_WORKERS) : availableParallelism(),
  timeout: 30_000,
  globalSetup: '../../fixtures/global-setup.ts',
  outputDir: process.env.MATRIX_TEST_RESULTS_DIR ?? '../../test-results/matrix',
  // Reporter options are not resolved against this file's folder, so the default path is built here.
  reporter: [['./matrix-reporter.ts', { outputFile: process.env.MATRIX_RESULT_FILE ?? fileURLToPath(new URL('../../test-results/matrix.json', import.meta.url)) }]],
  use: { trace: 'off' },
  projects: [
    { name: BASELINE_PROJECT, use: { mockFaults: [] } },
    { name: RATE_LIMITED_PROJECT, use: { mockFaults: [], mockRateLimit: 20 }, grep: taggedWith(['ENTRA-RETRY-AFTER']) },
    // An entry named "fault@dialect" runs that fault's checks in another dialect than the default.
    ...Object.entries(expectations).map(([entry, ids]) => {
      const { fault, dialect } = splitEntry(entry);
      return {
        name: entry,
        use: { mockFaults: [fault], expectedFailures: ids, ...(dialect ? { dialectId: dialect } : {}) },
        grep: taggedWith(ids),
      };
    }),
  ],
});
