// End-to-end checks that the command is safe to point at a real target: a read-only run writes
// nothing, a run interrupted midway and then swept leaves no resource behind, a sweep removes
// only its run's resources, and preflight distinguishes a usable target from an unusable one.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { runPrefix } from '../../fixtures/run.js';
import type { Realm } from '../../mocks/roster/realm.js';
import { type RosterServer, startRosterServer } from '../../mocks/roster/server.js';
import { readJson, runCli, runConformance } from './run-conformance.js';

const TOKEN = 'SAFETY-TOKEN-5d1e8c2a7f-SHOULD-NEVER-APPEAR';
const TSX = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');

let server: RosterServer;

test.beforeAll(async () => {
  server = await startRosterServer();
});

test.afterAll(async () => {
  await server.close();
});

function newRealm(): { realm: Realm; env: Record<string, string> } {
  const realm = server.addRealm({ token: TOKEN });
  return { realm, env: { SCIM_BASE_URL: server.tenantUrl(realm.id), SCIM_TOKEN: TOKEN } };
}

function namesIn(realm: Realm): string[] {
  return [...realm.users.byId.values()].map((user) => String(user.userName)).concat([...realm.groups.byId.values()].map((group) => String(group.displayName)));
}

/** Creates a user and a group through the realm's HTTP API, as a run or another client would. */
async function seedResources(baseUrl: string, name: string): Promise<void> {
  const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/scim+json' };
  const user = await fetch(new URL('Users', baseUrl), {
    method: 'POST',
    headers,
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `${name}@example.test`, active: true }),
  });
  expect(user.status, 'status of the seeded user').toBe(201);
  const { id } = (await user.json()) as { id: string };
  const group = await fetch(new URL('Groups', baseUrl), {
    method: 'POST',
    headers,
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `${name} group`, members: [{ value: id }] }),
  });
  expect(group.status, 'status of the seeded group').toBe(201);
}

test('read-only run writes nothing', async () => {
  test.setTimeout(120_000);
  const { realm, env } = newRealm();

  const run = await runConformance({ ...env, SCIM_READ_ONLY: 'true' });

  expect(run.exitCode, `exit code; output:\n${run.output.slice(-3000)}`).toBe(0);
  expect(run.output, 'write policy line').toContain('Writes: rejected, because the run is read-only');
  const report = readJson<{ verdict: { complete: boolean; summary: string }; totals: { tests: { passed: number } } }>(
    join(run.reportsDir, 'conformance.json'),
  );
  expect(report.verdict.complete, 'complete').toBe(false);
  expect(report.verdict.summary, 'summary').toContain('read-only run');
  expect(report.totals.tests.passed, 'checks that read and passed').toBeGreaterThan(10);
  expect(namesIn(realm), 'resources on the target').toEqual([]);
});

test('interrupted run swept clean', async () => {
  test.setTimeout(120_000);
  const { realm, env } = newRealm();
  const seed = '31337';
  const prefix = runPrefix(Number(seed));
  const folder = mkdtempSync(join(tmpdir(), 'scim-e2e-interrupt-'));
  const child = spawn(process.execPath, [TSX, 'cli/main.ts', 'run', '--only', 'cycle,groups,queries'], {
    env: { ...process.env, ...env, SCIM_SEED: seed, SCIM_WORKERS: '2', SCIM_REPORTS_DIR: join(folder, 'reports'), FORCE_COLOR: '0' },
    detached: true,
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  // Ctrl-C reaches the whole process group, once the run has resources on the target.
  const deadline = Date.now() + 60_000;
  while (!namesIn(realm).some((name) => name.startsWith(prefix)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  process.kill(-child.pid!, 'SIGINT');
  await exited;
  const swept = await runCli(['sweep', '--seed', seed], env, 60_000, folder);

  expect(swept.exitCode, `sweep exit code; output:\n${swept.output}`).toBe(0);
  expect(swept.output, 'sweep summary').toMatch(/\d+ of \d+ resource\(s\) removed\./);
  expect(namesIn(realm).filter((name) => name.startsWith(prefix)), 'resources of the run left on the target').toEqual([]);
});

test('sweep removes only its run', async () => {
  const { realm, env } = newRealm();
  const prefix = runPrefix(4711);
  await seedResources(env.SCIM_BASE_URL, `${prefix}-left-behind`);
  await seedResources(env.SCIM_BASE_URL, `${runPrefix(4712)}-other-run`);
  await seedResources(env.SCIM_BASE_URL, 'colleague');
  const folder = mkdtempSync(join(tmpdir(), 'scim-e2e-sweep-'));

  const dryRun = await runCli(['sweep', '--prefix', prefix, '--dry-run'], env, 60_000, folder);

  expect(dryRun.exitCode, `dry-run exit code; output:\n${dryRun.output}`).toBe(0);
  expect(dryRun.output, 'dry-run summary').toContain('2 of 2 resource(s) would be removed.');
  expect(namesIn(realm).length, 'resources after the dry run').toBe(6);

  const swept = await runCli(['sweep', '--prefix', prefix], env, 60_000, folder);

  expect(swept.exitCode, `sweep exit code; output:\n${swept.output}`).toBe(0);
  expect(swept.output, 'sweep summary').toContain('2 of 2 resource(s) removed.');
  expect(namesIn(realm).sort(), 'resources left').toEqual(
    [`${runPrefix(4712)}-other-run group`, `${runPrefix(4712)}-other-run@example.test`, 'colleague group', 'colleague@example.test'].sort(),
  );
  expect(swept.output.includes(TOKEN), 'output contains the token').toBe(false);
});

test('sweep rejects a prefix of no run', async () => {
  const { env } = newRealm();

  const run = await runCli(['sweep', '--prefix', 'col'], env, 60_000, mkdtempSync(join(tmpdir(), 'scim-e2e-sweep-')));

  expect(run.exitCode, 'exit code').toBe(2);
  expect(run.output, 'message').toContain('is not a run prefix');
});

test('preflight reports a usable target', async () => {
  const { env } = newRealm();
  const folder = mkdtempSync(join(tmpdir(), 'scim-e2e-preflight-'));
  const tokenFile = join(folder, 'token');
  writeFileSync(tokenFile, `${TOKEN}\n`);

  const run = await runCli(['preflight', '--target', env.SCIM_BASE_URL, '--token-file', tokenFile], {}, 60_000, folder);

  expect(run.exitCode, `exit code; output:\n${run.output}`).toBe(0);
  expect(run.output, 'Test Connection line').toContain('Test Connection: 200, ListResponse with totalResults 0');
  expect(run.output, 'write policy line').toContain('Writes: allowed');
  expect(run.output.includes(TOKEN), 'output contains the token').toBe(false);
});

test('preflight rejects a web page', async () => {
  const page = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end('<html><body>Sign in to continue</body></html>');
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', () => resolve()));
  const { port } = page.address() as AddressInfo;
  try {
    const run = await runCli(
      ['preflight', '--target', `http://127.0.0.1:${port}/scim/v2/`],
      { SCIM_TOKEN: TOKEN },
      60_000,
      mkdtempSync(join(tmpdir(), 'scim-e2e-preflight-')),
    );

    expect(run.exitCode, 'exit code').toBe(2);
    expect(run.output, 'message').toContain('a body that is not JSON (text/html)');
    expect(run.output, 'hint').toContain('rather than the SCIM endpoint');
  } finally {
    await new Promise<void>((resolve) => page.close(() => resolve()));
  }
});
