// Playwright configuration of the conformance run: the suites under suites/, against the target
// chosen in the global setup, reported as conformance.json, conformance.md, junit.xml and Allure
// results. A sharded run also writes a blob report, which `npm run merge` combines.

import { type ReporterDescription, defineConfig } from '@playwright/test';
import { conformanceReporters } from './fixtures/reporting/reporters.js';
import { runMetadata } from './fixtures/reporting/run-metadata.js';
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
// Set by `npm run conformance` when its arguments include --shard.
const sharded = process.env.SCIM_SHARDED === '1';

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
  metadata: { run: runMetadata(settings) },
  reporter: [
    ['list'],
    ...conformanceReporters(reportsDir),
    ...(sharded ? [['blob', { outputDir: `${reportsDir}/blob-report` }] as ReporterDescription] : []),
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
