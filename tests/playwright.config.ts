// Playwright configuration of the harness's own tests: the mock roster driven over HTTP with
// supertest, unit tests of the fixtures, the fault matrix and end-to-end runs of the CLI.

import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.test.ts',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  outputDir: '../test-results/self-tests',
  reporter: [['list']],
  use: { trace: 'off' },
});
