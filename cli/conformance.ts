// The `run` command (`npm run conformance`): runs the conformance suites, renders the Allure
// report and returns the exit code of the verdict. With `--shard=i/n` the run also writes a blob
// report, and the `merge` command renders the report once every shard has run.
//
// Exit codes: 0 when no MUST requirement failed, 1 when one failed or could not be verified (or
// a SHOULD failed with SCIM_STRICT=true), 2 when the run did not start (invalid settings, or a
// target that is unreachable or rejects the token), 3 when the harness itself failed.

import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { HARNESS_ERROR, renderAllure, runScript } from './allure.js';

const require = createRequire(import.meta.url);
// Outputs of one run. The Allure history stays, because it carries trends across runs.
const RUN_OUTPUTS = ['allure-results', 'allure-report', 'conformance.json', 'conformance.md', 'junit.xml', 'blob-report'];

/** Runs the suites with the arguments for `playwright test` and the run's environment; returns the exit code. */
export function runSuites(args: string[], baseEnv: NodeJS.ProcessEnv): number {
  const reportsDir = resolve(baseEnv.SCIM_REPORTS_DIR ?? 'reports');
  const conformanceFile = join(reportsDir, 'conformance.json');
  const shard = args.find((arg, index) => arg.startsWith('--shard=') || args[index - 1] === '--shard');
  // Results of an earlier run would mix into this run's report and verdict.
  for (const name of RUN_OUTPUTS) rmSync(join(reportsDir, name), { recursive: true, force: true });

  const playwright = require.resolve('@playwright/test/cli');
  const env = { ...baseEnv, SCIM_REPORTS_DIR: reportsDir, ...(shard ? { SCIM_SHARDED: '1' } : {}) };
  const testStatus = runScript(playwright, ['test', '--config', resolve('playwright.config.ts'), ...args], env);

  if (!existsSync(conformanceFile)) {
    console.error('No report was written: the run stopped before any check. See the message above.');
    return testStatus === 0 ? HARNESS_ERROR : testStatus;
  }
  if (shard) {
    console.log(`\nShard ${shard.replace('--shard=', '')} done; its blob report is in ${join(reportsDir, 'blob-report')}.`);
    console.log("Copy every shard's blob report into one folder and run: npm run merge -- <folder>");
    return testStatus;
  }
  const index = renderAllure(reportsDir, env);
  if (!index) return testStatus === 0 ? HARNESS_ERROR : testStatus;

  console.log(`\nReport:      ${index}`);
  console.log(`Conformance: ${conformanceFile} and conformance.md`);
  console.log(`JUnit:       ${join(reportsDir, 'junit.xml')}`);
  console.log('Open the report with: npm run report');
  return testStatus;
}
