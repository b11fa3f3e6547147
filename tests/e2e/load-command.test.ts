// `scim-conformance load` as a user runs it: against a mock roster started here, against the mock
// roster the command starts itself, with a host where writes are not allowed, and with invalid
// options.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { LoadReport } from '../../load/report.js';
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
      [TSX, 'cli/main.ts', 'load', ...args],
      { env: { ...base, FORCE_COLOR: '0', SCIM_REPORTS_DIR: reportsDir, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        let exitCode = 0;
        if (error) exitCode = typeof error.code === 'number' ? error.code : -1;
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

test('load against the mock it starts', async () => {
  const run = await runLoadCli(['--users', '30', '--rate', '400', '--concurrency', '4', '--groups', '2', '--batch', '5']);
  const report = JSON.parse(readFileSync(join(run.reportsDir, 'load.json'), 'utf8')) as LoadReport;
  const overall = report.cycle.overall;

  expect(run.exitCode, `exit code; output:\n${run.stdout}${run.stderr}`).toBe(0);
  expect(run.stdout, 'target line').toContain('(embedded mock roster)');
  expect(report.target.kind, 'target kind').toBe('embedded-mock');
  expect(report.options.users, 'users option').toBe(30);
  expect(report.users.created, 'users created').toBe(30);
  expect(report.groups.created, 'groups created').toBe(2);
  expect(report.membersAdded, 'members added').toBe(30);
  // 2 group queries and creates, 30 user queries and creates, 3 PATCHes of 5 members per group.
  expect(overall.requests, 'cycle requests').toBe(2 * 2 + 30 * 2 + 6);
  expect(overall.errors, 'errors').toBe(0);
  expect(overall.throttled, '429s').toBe(0);
  expect(overall.latencyMs.count, 'latencies counted').toBe(overall.requests);
  expect(overall.latencyMs.p50, 'p50').toBeGreaterThan(0);
  expect(overall.latencyMs.p95, 'p95 at least p50').toBeGreaterThanOrEqual(overall.latencyMs.p50);
  expect(overall.latencyMs.p99, 'p99 at least p95').toBeGreaterThanOrEqual(overall.latencyMs.p95);
  expect(report.cycle.achievedRate, 'achieved rate').toBeGreaterThan(0);
  expect(report.cycle.kinds.map((kind) => kind.kind), 'request kinds').toEqual(['query group', 'create group', 'query user', 'create user', 'add members']);
  expect(report.sustained.requiredRate, 'required rate').toBe(25);
  expect(report.sustained.result, 'verdict on 25 requests per second').toBe('not tested');
  expect(report.cleanup.deleted, 'deleted').toEqual({ users: 30, groups: 2 });
  expect(report.cleanup.remaining, 'left on the mock by name').toEqual({ users: 0, groups: 0 });
  expect(report.errors.count, 'error count').toBe(0);
});

test('load rejects unknown host', async () => {
  // The .invalid top-level domain never resolves (RFC 2606), and the policy check comes first.
  const run = await runLoadCli(['--target', 'https://scim.load-refused.invalid/scim/v1/', '--token-env', 'LOAD_TOKEN'], {
    LOAD_TOKEN: 'load-token-for-refused-host',
  });

  expect(run.exitCode, 'exit code').toBe(2);
  expect(run.stderr, 'message').toContain('scim.load-refused.invalid is not known to be a non-production host, so nothing was sent');
  expect(run.stderr, 'hint').toContain('--allow-writes');
  expect(existsSync(join(run.reportsDir, 'load.json')), 'load.json written').toBe(false);
});

test('read-only load sends nothing', async () => {
  let received = 0;
  const counter = createServer((request, response) => {
    received += 1;
    request.resume();
    response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', () => resolve()));
  try {
    const { port } = counter.address() as AddressInfo;

    const run = await runLoadCli(['--target', `http://127.0.0.1:${port}/scim/`, '--token-env', 'LOAD_TOKEN'], {
      LOAD_TOKEN: 'load-token-for-read-only',
      SCIM_READ_ONLY: 'true',
    });

    expect(run.exitCode, 'exit code').toBe(2);
    expect(run.stderr, 'message').toContain('the run is read-only');
    expect(received, 'requests the target received').toBe(0);
  } finally {
    counter.close();
  }
});

test('load rejects invalid options', async () => {
  const unknown = await runLoadCli(['--speed', '5']);
  const invalid = await runLoadCli(['--rate', 'fast']);
  const zero = await runLoadCli(['--users', '0']);

  expect(unknown.exitCode, 'exit code for an unknown option').toBe(2);
  expect(unknown.stderr, 'message for an unknown option').toContain('Unknown option --speed. Run "scim-conformance load --help" for its options.');
  expect(invalid.exitCode, 'exit code for a non-numeric rate').toBe(2);
  expect(invalid.stderr, 'message for a non-numeric rate').toContain('--rate "fast" is invalid; give a positive number of requests per second');
  expect(invalid.stderr, 'hint for a non-numeric rate').toContain('scim-conformance load --help');
  expect(zero.exitCode, 'exit code for no users').toBe(2);
  expect(zero.stderr, 'message for no users').toContain('--users "0" is invalid; give a whole number of users from 1 to 1000000');
});

test('load help lists its options', async () => {
  const run = await runLoadCli(['--help']);

  expect(run.exitCode, 'exit code').toBe(0);
  for (const option of ['--users', '--rate', '--concurrency', '--target', '--token-env', '--allow-writes', '--timeout']) {
    expect(run.stdout, `option ${option}`).toContain(`  ${option} `);
  }
});

test('load reports a wrong token', async () => {
  const realm = server.addRealm();

  const run = await runLoadCli([], { SCIM_BASE_URL: server.tenantUrl(realm.id), SCIM_TOKEN: 'not-the-realm-token' });

  expect(run.exitCode, 'exit code').toBe(2);
  expect(run.stderr, 'message').toContain('the target rejected the bearer token');
  expect(run.stderr, 'message').not.toContain('not-the-realm-token');
});
