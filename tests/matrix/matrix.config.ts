// The fault matrix: the conformance suites run once against a clean mock realm, then against one
// realm per fault listed in tests/matrix/expectations/, in one Playwright run with a project per
// realm. A fault's project runs only the checks of the requirements listed for it. Every check
// still runs under some fault, so each can be shown to fail.

import { availableParallelism } from 'node:os';
import { defineConfig } from '@playwright/test';
import { RUN_SEED_VARIABLE, chooseSeed } from '../../fixtures/run.js';
import { loadFaultExpectations } from './expectations.js';

process.env[RUN_SEED_VARIABLE] ??= String(chooseSeed(process.env));

export const BASELINE_PROJECT = 'no-fault';

const expectations = loadFaultExpectations();

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Selects the tests tagged with any of the ids, and not ids that merely start the same way. */
function taggedWith(ids: string[]): RegExp {
  return new RegExp(ids.map((id) => `@${escape(id)}(?=\\s|$)`).join('|'));
}

export default defineConfig<object, { mockFaults: string[]; expectedFailures: string[] }>({
  testDir: '../../suites',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: process.env.MATRIX_WORKERS ? Number(process.env.MATRIX_WORKERS) : availableParallelism(),
  timeout: 30_000,
  globalSetup: '../../fixtures/global-setup.ts',
  outputDir: process.env.MATRIX_TEST_RESULTS_DIR ?? '../../test-results/matrix',
  reporter: [['./matrix-reporter.ts', { outputFile: process.env.MATRIX_RESULT_FILE ?? '../../test-results/matrix.json' }]],
  use: { trace: 'off' },
  projects: [
    { name: BASELINE_PROJECT, use: { mockFaults: [] } },
    ...Object.entries(expectations).map(([fault, ids]) => ({
      name: fault,
      use: { mockFaults: [fault], expectedFailures: ids },
      grep: taggedWith(ids),
    })),
  ],
});
