// `npm run conformance`: runs the conformance suites, renders the Allure report and exits with
// the verdict. Arguments after `--` go to `playwright test`, e.g. `-- --grep @ENTRA-DISABLE`.
//
// Exit codes: 0 when no MUST requirement failed, 1 when one failed or could not be verified,
// 2 when the run did not start (invalid settings, or a target that is unreachable or rejects
// the token), 3 when the harness itself failed.

import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const reportsDir = resolve(process.env.SCIM_REPORTS_DIR ?? 'reports');
const resultsDir = join(reportsDir, 'allure-results');
const reportDir = join(reportsDir, 'allure-report');
const conformanceFile = join(reportsDir, 'conformance.json');

// Exit code when the harness itself failed, such as a report that could not be rendered.
const HARNESS_ERROR = 3;

function run(command: string, args: string[]): number {
  const result = spawnSync(process.execPath, [command, ...args], { stdio: 'inherit', env: process.env });
  if (result.error) {
    console.error(`conformance: could not start ${command}: ${result.error.message}`);
    return HARNESS_ERROR;
  }
  return result.status ?? HARNESS_ERROR;
}

function main(): number {
  // Results of an earlier run would mix into this run's report and verdict.
  for (const stale of [resultsDir, reportDir, conformanceFile]) rmSync(stale, { recursive: true, force: true });

  const playwright = require.resolve('@playwright/test/cli');
  const testStatus = run(playwright, ['test', '--config', resolve('playwright.config.ts'), ...process.argv.slice(2)]);

  if (!existsSync(conformanceFile)) {
    console.error('No report was written: the run stopped before any check. See the message above.');
    return testStatus === 0 ? HARNESS_ERROR : testStatus;
  }
  // The package exports only dist/index.js; its command-line entry sits at the package root.
  const allure = join(dirname(require.resolve('allure')), '..', 'cli.js');
  const reportStatus = run(allure, ['generate', resultsDir, '--output', reportDir, '--name', 'SCIM conformance']);
  const index = join(reportDir, 'index.html');
  if (reportStatus !== 0 || !existsSync(index)) {
    console.error(`conformance: rendering the Allure report failed (exit ${reportStatus}); results stay in ${resultsDir}.`);
    return testStatus === 0 ? HARNESS_ERROR : testStatus;
  }

  console.log(`\nReport:      ${index}`);
  console.log(`Conformance: ${conformanceFile}`);
  console.log('Open the report with: npm run report');
  return testStatus;
}

process.exitCode = main();
