// The `merge` command (`npm run merge -- <folder>`): combines the blob reports of a sharded run
// into one conformance.json, conformance.md, junit.xml and Allure report. The folder contains the
// zip files of every shard's blob-report folder. The exit code is the verdict of the whole run, as
// `npm run conformance` gives for an unsharded one.

import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HARNESS_ERROR, renderAllure, runScript } from './allure.js';

const require = createRequire(import.meta.url);
const MERGE_CONFIG = fileURLToPath(new URL('../fixtures/reporting/merge.config.ts', import.meta.url));
const USAGE = 'Usage: npm run merge -- <folder holding the blob report zip files of every shard>';
// Exit code for a merge that could not start, as for a conformance run that could not start.
const NOT_STARTED = 2;

/** Merges the blob reports in the folder given as the only argument; returns the exit code. */
export function mergeShards(args: string[], env: NodeJS.ProcessEnv): number {
  const [folderArgument, ...rest] = args;
  if (!folderArgument || rest.length > 0) {
    console.error(USAGE);
    return NOT_STARTED;
  }
  const folder = resolve(folderArgument);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    console.error(`Blob report folder ${folder} not found. ${USAGE}`);
    return NOT_STARTED;
  }
  const blobs = readdirSync(folder).filter((name) => name.endsWith('.zip'));
  if (blobs.length === 0) {
    console.error(`${folder} holds no blob report (.zip). Copy the blob-report folder of each shard into it first.`);
    return NOT_STARTED;
  }

  const reportsDir = resolve(env.SCIM_REPORTS_DIR ?? 'reports');
  for (const name of ['allure-results', 'allure-report', 'conformance.json', 'conformance.md', 'junit.xml']) {
    rmSync(join(reportsDir, name), { recursive: true, force: true });
  }
  console.log(`Merging ${blobs.length} blob report(s) from ${folder}`);
  const playwright = require.resolve('@playwright/test/cli');
  const status = runScript(playwright, ['merge-reports', '--config', MERGE_CONFIG, folder], { ...env, SCIM_REPORTS_DIR: reportsDir });
  if (!existsSync(join(reportsDir, 'conformance.json'))) {
    console.error('The merge wrote no conformance.json; see the message above.');
    return status === 0 ? HARNESS_ERROR : status;
  }
  // merge-reports exits 0 whatever the tests did, so the exit code comes from the merged verdict.
  const { gate, runStatus } = JSON.parse(readFileSync(join(reportsDir, 'conformance.json'), 'utf8')) as { gate: string; runStatus: string };
  const verdictStatus = gate === 'passed' && runStatus !== 'interrupted' && runStatus !== 'timedout' ? 0 : 1;
  const index = renderAllure(reportsDir, env);
  if (!index) return HARNESS_ERROR;
  console.log(`\nReport:      ${index}`);
  console.log(`Conformance: ${join(reportsDir, 'conformance.json')} and conformance.md`);
  console.log(`JUnit:       ${join(reportsDir, 'junit.xml')}`);
  return status === 0 ? verdictStatus : status;
}
