// `npm run report`: serves the Allure report of the last run on a local port. The report loads
// its data over HTTP, so it is served rather than opened as a file.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const reportDir = join(resolve(process.env.SCIM_REPORTS_DIR ?? 'reports'), 'allure-report');

if (!existsSync(join(reportDir, 'index.html'))) {
  console.error(`No report in ${reportDir}: run "npm run conformance" first, or give the folder that run wrote to with --output.`);
  process.exit(1);
}
// The package exports only dist/index.js; its command-line entry sits at the package root.
const allure = join(dirname(require.resolve('allure')), '..', 'cli.js');
const result = spawnSync(process.execPath, [allure, 'open', reportDir, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
