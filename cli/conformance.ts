// The `run` command (`npm run conformance`): runs the conformance suites, renders the Allure
// report and returns the exit code of the verdict. With `--shard=i/n` the run also writes a blob
// report, and the `merge` command renders the report once every shard has run.
//
// Exit codes: 0 when no MUST requirement failed, 1 when one failed or could not be verified (or
// a SHOULD failed with SCIM_STRICT=true), 2 when the run did not start (invalid settings, or a
// target that is unreachable or rejects the token), 3 when the harness itself failed.

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { HARNESS_ERROR, renderAllure, runScript } from './allure.js';

const require = createRequire(import.meta.url);
// Outputs of one run. The Allure history stays, because it carries trends across runs.
const RUN_OUTPUTS = ['allure-results', 'allure-report', 'conformance.json', 'conformance.md', 'junit.xml', 'blob-report'];
// Folder for the outputs of the previous run while a run starts.
const PREVIOUS_RUN = '.previous-run';

/** Runs the suites with the arguments for `playwright test` and the run's environment; returns the exit code. */
export function runSuites(args: string[], baseEnv: NodeJS.ProcessEnv): number {
  const reportsDir = resolve(baseEnv.SCIM_REPORTS_DIR ?? 'reports');
  const conformanceFile = join(reportsDir, 'conformance.json');
  const shard = args.find((arg, index) => arg.startsWith('--shard=') || args[index - 1] === '--shard');
  // Results of an earlier run would mix into this run's report and verdict, so they move aside,
  // and come back only when this run stops before any check.
  const previous = join(reportsDir, PREVIOUS_RUN);
  rmSync(previous, { recursive: true, force: true });
  mkdirSync(previous, { recursive: true });
  for (const name of RUN_OUTPUTS) {
    if (existsSync(join(reportsDir, name))) renameSync(join(reportsDir, name), join(previous, name));
  }

  const playwright = require.resolve('@playwright/test/cli');
  const env = { ...baseEnv, SCIM_REPORTS_DIR: reportsDir, ...(shard ? { SCIM_SHARDED: '1' } : {}) };
  const testStatus = runScript(playwright, ['test', '--config', resolve('playwright.config.ts'), ...args], env);

  if (!existsSync(conformanceFile)) {
    const kept = restorePrevious(reportsDir);
    const note = kept ? ` ${reportsDir} still holds the reports of the previous run.` : '';
    console.error(`No report was written: the run stopped before any check. See the message above.${note}`);
    return testStatus === 0 ? HARNESS_ERROR : testStatus;
  }
  rmSync(previous, { recursive: true, force: true });
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
  const defaultDir = resolve('reports') === resolve(reportsDir);
  console.log(`Open the report with: npm run report${defaultDir ? '' : ` -- --output ${reportsDir}`}`);
  return testStatus;
}

/** Puts back the outputs of the previous run over whatever this run left; returns whether there were any. */
function restorePrevious(reportsDir: string): boolean {
  const previous = join(reportsDir, PREVIOUS_RUN);
  const names = existsSync(previous) ? readdirSync(previous) : [];
  for (const name of RUN_OUTPUTS) rmSync(join(reportsDir, name), { recursive: true, force: true });
  for (const name of names) renameSync(join(previous, name), join(reportsDir, name));
  rmSync(previous, { recursive: true, force: true });
  return names.length > 0;
}
