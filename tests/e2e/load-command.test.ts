// `npm run load` as a user runs it: against a mock roster started here through SCIM_BASE_URL
// and SCIM_TOKEN, and with invalid options.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { type RosterServer, startRosterServer } from '../../mocks/roster/server.js';

const TSX = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');

interface LoadRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  reportsDir: string;
}

function runLoadCli(args: string[], env: Record<string, string> = {}): Promise<LoadRun> {
  const reportsDir = join(mkdtempSync(join(tmpdir(), 'scim-load-')), 'reports');
  const base: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(TEST_|PW_|PLAYWRIGHT_|SCIM_)/.test(name)) base[name] = value;
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSX, 'cli/load.ts', ...args],
      { env: { ...base, FORCE_COLOR: '0', SCIM_REPORTS_DIR: reportsDir, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ exitCode, stdout, stderr, reportsDir });
      },
    );
  });
}

let server: RosterServer;

test.beforeAll(async () => {
  server = await startRosterServer();
});

test.afterAll(async () => {
  await server.close();
});

test('load run against a tenant URL', async () => {
  const token = `TOKEN-${randomBytes(18).toString('hex')}-SHOULD-NEVER-APPEAR`;
  const realm = server.addRealm({ token });

  const run = await runLoadCli(['--users', '20', '--rate', '500', '--concurrency', '4'], {
    SCIM_BASE_URL: server.tenantUrl(realm.id),
    SCIM_TOKEN: token,
  });
  const reportText = readFileSync(join(run.reportsDir, 'load.json'), 'utf8');
  const report = JSON.parse(reportText) as { users: { created: number }; cleanup: { remaining: unknown } };

  expect(run.exitCode, `exit code; output:\n${run.stdout}${run.stderr}`).toBe(0);
  expect(run.stdout, 'table header').toMatch(/Request\s+Sent\s+Errors\s+429s\s+Retries\s+p50 ms\s+p95 ms\s+p99 ms/);
  expect(run.stdout, 'rate verdict').toContain('Sustains 25 requests per second: not tested');
  expect(run.stdout, 'cleanup line').toContain('Cleanup: deleted 20 users and 3 groups');
  expect(report.users.created, 'users created in load.json').toBe(20);
  expect(report.cleanup.remaining, 'remaining in load.json').toEqual({ users: 0, groups: 0 });
  expect(`${run.stdout}${run.stderr}`, 'output').not.toContain(token);
  expect(reportText, 'load.json').not.toContain(token);
  expect(realm.users.byId.size, 'users left on the realm').toBe(0);
});

test('load rejects invalid options', async () => {
  const unknown = await runLoadCli(['--speed', '5']);
  const invalid = await runLoadCli(['--rate', 'fast']);

  expect(unknown.exitCode, 'exit code for an unknown option').toBe(2);
  expect(unknown.stderr, 'message for an unknown option').toContain('load: unknown option "--speed"');
  expect(unknown.stderr, 'hint for an unknown option').toContain('npm run load -- --help');
  expect(invalid.exitCode, 'exit code for a non-numeric rate').toBe(2);
  expect(invalid.stderr, 'message for a non-numeric rate').toContain('load: --rate "fast" is invalid; give a positive number of requests per second');
});

test('load reports a wrong token', async () => {
  const realm = server.addRealm();

  const run = await runLoadCli([], { SCIM_BASE_URL: server.tenantUrl(realm.id), SCIM_TOKEN: 'not-the-realm-token' });

  expect(run.exitCode, 'exit code').toBe(2);
  expect(run.stderr, 'message').toContain('the target rejected the bearer token');
  expect(run.stderr, 'message').not.toContain('not-the-realm-token');
});
