// End-to-end checks of the reports a run leaves. The Allure report must show grouping, fix hints,
// exchanges, categories and a trend across runs. conformance.md, junit.xml, strict mode and a
// sharded run merged into one report are checked too.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { XMLParser } from 'fast-xml-parser';
import type { FaultName } from '../../mocks/roster/faults.js';
import { type RosterServer, startRosterServer } from '../../mocks/roster/server.js';
import { filesContaining, readJson, runConformance, runMerge } from './run-conformance.js';

interface AllureResult {
  name: string;
  status: string;
  description?: string;
  labels: { name: string; value: string }[];
  steps: { name: string; attachments: { name: string }[]; steps: unknown[] }[];
}

interface ConformanceSummary {
  gate: string;
  verdict: { conformant: boolean; mustFailed: string[]; shouldFailed: string[]; summary: string };
  totals: { tests: { total: number; passed: number; failed: number } };
}

const TOKEN = 'REPORTS-TOKEN-2b7c41d9e0-SHOULD-NEVER-APPEAR';

let server: RosterServer;

test.beforeAll(async () => {
  server = await startRosterServer();
});

test.afterAll(async () => {
  await server.close();
});

function targetWith(faults: FaultName[] = []): Record<string, string> {
  const realm = server.addRealm({ token: TOKEN, faults });
  return { SCIM_BASE_URL: server.tenantUrl(realm.id), SCIM_TOKEN: TOKEN };
}

function allureResults(reportsDir: string): AllureResult[] {
  const folder = join(reportsDir, 'allure-results');
  return readdirSync(folder)
    .filter((name) => name.endsWith('-result.json'))
    .map((name) => readJson<AllureResult>(join(folder, name)));
}

/** Lists the names of every attachment in a result's step tree. */
function attachmentNames(steps: AllureResult['steps']): string[] {
  return steps.flatMap((step) => [...step.attachments.map((attachment) => attachment.name), ...attachmentNames(step.steps as AllureResult['steps'])]);
}

test('fault run writes every report', async () => {
  test.setTimeout(120_000);
  const env = targetWith(['member-remove-clears-all']);
  const args = ['--grep', '@ENTRA-MEMBER-REMOVE'];

  const first = await runConformance(env, args);

  expect(first.exitCode, `exit code; output:\n${first.output.slice(-3000)}`).toBe(1);
  const failed = allureResults(first.reportsDir).find((result) => result.status === 'failed');
  expect(failed, 'failed Allure result').toBeDefined();
  const label = (name: string) => failed!.labels.filter((entry) => entry.name === name).map((entry) => entry.value);
  expect(label('epic'), 'epic').toEqual(['Groups']);
  expect(label('feature'), 'feature').toEqual(['Group membership']);
  expect(label('story')[0], 'story').toMatch(/^ENTRA-MEMBER-REMOVE: /);
  expect(label('severity'), 'severity').toEqual(['critical']);
  expect(failed!.description, 'description').toMatch(/How to fix: \w/);
  expect(attachmentNames(failed!.steps), 'attachments').toContain('HTTP exchange');
  const environment = readFileSync(join(first.reportsDir, 'allure-results', 'environment.properties'), 'utf8');
  expect(environment, 'Allure environment').toMatch(/^realm = [\w-]+$/m);
  expect(environment, 'Allure environment').toMatch(/^harness\.version = scim-conformance \d/m);
  const categories = readFileSync(join(first.reportsDir, 'allure-report', 'widgets', 'categories.json'), 'utf8');
  expect(categories, 'Allure categories').toContain('Target non-conformance');
  const page = readFileSync(join(first.reportsDir, 'allure-report', 'index.html'), 'utf8');
  expect(page, 'report page without the analytics tag').not.toMatch(/googletagmanager|gtag\(/);
  expect(page, 'report page still loads its app').toContain('<div id="app"></div>');

  const markdown = readFileSync(join(first.reportsDir, 'conformance.md'), 'utf8');
  expect(markdown, 'conformance.md verdict').toContain('**Not conformant for Entra provisioning');
  expect(markdown, 'conformance.md failure').toContain('### 1. ENTRA-MEMBER-REMOVE (MUST)');
  expect(markdown, 'conformance.md request').toMatch(/Request: `PATCH .*\/Groups\//);
  expect(markdown, 'conformance.md fix hint').toMatch(/How to fix: \w/);
  expect(markdown, 'conformance.md fix hint').not.toContain('How to fix: undefined');

  const junit = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(
    readFileSync(join(first.reportsDir, 'junit.xml'), 'utf8'),
  );
  const cases = junit.testsuites.testsuite.flatMap((suite: { testcase?: unknown[] }) => suite.testcase ?? []) as {
    failure?: unknown;
    properties?: { property: { '@_name': string; '@_value': string }[] };
  }[];
  const failing = cases.filter((entry) => entry.failure !== undefined);
  expect(failing.length, 'failed JUnit test cases').toBeGreaterThan(0);
  const properties = failing.flatMap((entry) => entry.properties?.property ?? []).map((property) => property['@_value']);
  expect(properties.some((value) => value.includes('ENTRA-MEMBER-REMOVE')), 'requirement id in JUnit properties').toBe(true);

  const second = await runConformance(env, args, 120_000, first.folder);

  expect(second.exitCode, 'exit code of the second run').toBe(1);
  const history = readFileSync(join(second.reportsDir, 'history', 'history.jsonl'), 'utf8').trim().split('\n');
  expect(history.length, 'runs in the Allure history').toBe(2);
  const charts = readJson<{ general: Record<string, { type: string; data: unknown[] }> }>(
    join(second.reportsDir, 'allure-report', 'widgets', 'charts.json'),
  );
  const dynamics = Object.values(charts.general).find((chart) => chart.type === 'statusDynamics');
  expect(dynamics?.data.length, 'runs in the status trend').toBe(2);
});

test('strict mode fails on SHOULD', async () => {
  test.setTimeout(120_000);

  const run = await runConformance({ ...targetWith(['list-lowercase-resources']), SCIM_STRICT: 'true' }, ['--grep', '@RFC7643-2.1-case']);

  expect(run.exitCode, `exit code; output:\n${run.output.slice(-3000)}`).toBe(1);
  const report = readJson<ConformanceSummary>(join(run.reportsDir, 'conformance.json'));
  expect(report.verdict.shouldFailed, 'failed SHOULD requirements').toEqual(['RFC7643-2.1-case']);
  expect(report.verdict.mustFailed, 'failed MUST requirements').toEqual([]);
  expect(report.gate, 'gate').toBe('failed');
});

test('sharded run merges into one report', async () => {
  test.setTimeout(180_000);
  const env = { ...targetWith(['member-remove-clears-all']), SCIM_SEED: '4242' };
  const args = ['--grep', '@ENTRA-MEMBER-REMOVE|@RFC7644-3.3 '];
  const shards = await Promise.all([1, 2].map((index) => runConformance(env, [...args, `--shard=${index}/2`])));
  const blobs = mkdtempSync(join(tmpdir(), 'scim-e2e-blobs-'));
  for (const shard of shards) {
    expect(shard.exitCode, `shard exit code; output:\n${shard.output.slice(-2000)}`).toBeLessThan(2);
    // A shard that swept the shared prefix at its end would delete what the other one still uses.
    expect(shard.output, 'shard leaves the sweep for later').toContain('leaves the final sweep to');
    expect(existsSync(join(shard.reportsDir, 'allure-report')), 'Allure report of a shard').toBe(false);
    for (const name of readdirSync(join(shard.reportsDir, 'blob-report'))) {
      copyFileSync(join(shard.reportsDir, 'blob-report', name), join(blobs, name));
    }
  }
  const merged = mkdtempSync(join(tmpdir(), 'scim-e2e-merged-'));
  mkdirSync(join(merged, 'reports'));

  const run = await runMerge({}, [blobs], merged);

  expect(run.exitCode, `merge exit code; output:\n${run.output.slice(-3000)}`).toBe(1);
  const report = readJson<ConformanceSummary>(join(run.reportsDir, 'conformance.json'));
  const shardTotals = shards.map((shard) => readJson<ConformanceSummary>(join(shard.reportsDir, 'conformance.json')).totals.tests.total);
  expect(report.totals.tests.total, 'checks in the merged report').toBe(shardTotals[0] + shardTotals[1]);
  expect(report.verdict.mustFailed, 'failed MUST requirements').toEqual(['ENTRA-MEMBER-REMOVE']);
  expect(existsSync(join(run.reportsDir, 'allure-report', 'index.html')), 'merged Allure report').toBe(true);
  expect(readFileSync(join(run.reportsDir, 'allure-report', 'index.html'), 'utf8'), 'merged page without the analytics tag').not.toContain('googletagmanager');
  expect(existsSync(join(run.reportsDir, 'junit.xml')), 'merged junit.xml').toBe(true);
  expect(filesContaining(merged, TOKEN).matches, 'merged files that contain the token').toEqual([]);
});

test('merge without blobs exits 2', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'scim-e2e-noblobs-'));

  const run = await runMerge({}, [empty], empty);

  expect(run.exitCode, 'exit code').toBe(2);
  expect(run.output, 'message').toContain('holds no blob report');
});
