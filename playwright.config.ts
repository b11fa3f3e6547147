// Playwright configuration of the conformance run: the suites under suites/, against the target
// chosen in the global setup, reported as conformance.json and Allure results.

import { defineConfig } from '@playwright/test';
import { RUN_SEED_VARIABLE, chooseSeed } from './fixtures/run.js';

// The runner process fixes the seed before workers start, and workers inherit it.
process.env[RUN_SEED_VARIABLE] ??= String(chooseSeed(process.env));

const reportsDir = process.env.SCIM_REPORTS_DIR ?? 'reports';
const workers = process.env.SCIM_WORKERS ? Number(process.env.SCIM_WORKERS) : 4;

export default defineConfig({
  testDir: './suites',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers,
  timeout: 60_000,
  globalSetup: './fixtures/global-setup.ts',
  outputDir: process.env.SCIM_TEST_RESULTS_DIR ?? 'test-results',
  reporter: [
    ['list'],
    ['./fixtures/reporting/conformance-reporter.ts', { outputFile: `${reportsDir}/conformance.json` }],
    [
      'allure-playwright',
      {
        resultsDir: `${reportsDir}/allure-results`,
        detail: false,
        suiteTitle: false,
        environmentInfo: {
          target: process.env.SCIM_BASE_URL ? 'remote SCIM endpoint' : 'embedded mock Cerner roster',
          dialect: process.env.SCIM_DIALECT || 'entra',
          seed: process.env[RUN_SEED_VARIABLE],
          node: process.version,
        },
      },
    ],
  ],
  use: { trace: 'off' },
  projects: [{ name: 'conformance' }],
});
