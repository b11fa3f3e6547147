// Playwright configuration of the conformance run: the suites under suites/, against the target
// chosen in the global setup, reported as conformance.json and Allure results.

import { defineConfig } from '@playwright/test';
import { RUN_SEED_VARIABLE, chooseSeed } from './fixtures/run.js';
import { type Settings, SettingsError, readSettings, stopBeforeChecks } from './fixtures/settings.js';

let settings: Settings;
try {
  settings = readSettings();
  // The runner process fixes the seed before workers start, and workers inherit it.
  process.env[RUN_SEED_VARIABLE] ??= String(chooseSeed(process.env));
} catch (error) {
  if (error instanceof SettingsError) stopBeforeChecks(error.message);
  throw error;
}

const reportsDir = process.env.SCIM_REPORTS_DIR ?? 'reports';

export default defineConfig<object, { dialectId: string }>({
  testDir: './suites',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: settings.workers,
  // A check sends up to a dozen requests, each allowed the full request timeout.
  timeout: Math.max(60_000, settings.requestTimeoutMs * 12),
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
          dialects: settings.dialects.join(', '),
          seed: process.env[RUN_SEED_VARIABLE],
          node: process.version,
        },
      },
    ],
  ],
  use: { trace: 'off' },
  // One project per dialect. Checks tagged @shapes try every dialect's request shapes at once,
  // so they run in the primary dialect's project only.
  projects: settings.dialects.map((dialect, index) => ({
    name: dialect,
    use: { dialectId: dialect },
    ...(index > 0 ? { grepInvert: /@shapes(\s|$)/ } : {}),
  })),
});
