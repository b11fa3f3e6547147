// Renders the Allure HTML report from a reports folder's allure-results, with the harness's
// Allure configuration: grouping, failure categories and the history that shows trends.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ALLURE_CONFIG = fileURLToPath(new URL('../fixtures/reporting/allurerc.mjs', import.meta.url));

// Exit code when the harness itself failed, such as a report that could not be rendered.
export const HARNESS_ERROR = 3;

/** Runs a Node.js script with the same console, and returns its exit code. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit', env });
  if (result.error) {
    console.error(`conformance: could not start ${script}: ${result.error.message}`);
    return HARNESS_ERROR;
  }
  return result.status ?? HARNESS_ERROR;
}

/** Renders reports/allure-report from reports/allure-results; returns the index file, or undefined when rendering failed. */
export function renderAllure(reportsDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const resultsDir = join(reportsDir, 'allure-results');
  const reportDir = join(reportsDir, 'allure-report');
  // The package exports only dist/index.js; its command-line entry sits at the package root.
  const allure = join(dirname(require.resolve('allure')), '..', 'cli.js');
  const status = runScript(allure, ['generate', resultsDir, '--config', ALLURE_CONFIG, '--output', reportDir], {
    ...env,
    SCIM_REPORTS_DIR: reportsDir,
  });
  const index = join(reportDir, 'index.html');
  if (status !== 0 || !existsSync(index)) {
    console.error(`conformance: rendering the Allure report failed (exit ${status}); results stay in ${resultsDir}.`);
    return undefined;
  }
  writeFileSync(index, withoutAnalytics(readFileSync(index, 'utf8')));
  return index;
}

// The Google Analytics tag that Allure's report page carries, with no option to leave it out
// (allure 3.18). A report opened on a reviewer's machine should contact no one.
const ANALYTICS_TAG = /<script async src="https:\/\/www\.googletagmanager\.com\/[^"]*"><\/script>\s*<script>(?:(?!<\/script>)[\s\S])*gtag\([\s\S]*?<\/script>/g;

/** Removes the analytics tag from a rendered report page. */
export function withoutAnalytics(html: string): string {
  return html.replace(ANALYTICS_TAG, '');
}
