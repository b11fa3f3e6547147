// `npm run mock`: the standalone mock roster prints a working tenant URL and token, and stops
// cleanly on Ctrl-C.

import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { FAULTS } from '../../mocks/roster/faults.js';

const TSX = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');

function startMock(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [TSX, 'mocks/cli.ts', ...args], { env: { ...process.env, FORCE_COLOR: '0' } });
}

function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no match for ${pattern} within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
  });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

test('mock prints a tenant URL that serves SCIM', async () => {
  const child = startMock(['--token', 'local-mock-token', '--quiet']);
  try {
    const output = await waitForOutput(child, /Press Ctrl-C/);
    const tenantUrl = /Tenant URL:\s+(\S+)/.exec(output)?.[1] ?? '';
    expect(tenantUrl, 'printed tenant URL').toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v1\/Realms\/[^/]+\/$/);
    expect(output, 'printed token').toContain('Secret token:  local-mock-token');

    const response = await fetch(`${tenantUrl}Users?filter=${encodeURIComponent('userName eq "nobody"')}`, {
      headers: { Authorization: 'Bearer local-mock-token' },
    });
    expect(response.status, 'status of a query on the printed tenant URL').toBe(200);
    const body = (await response.json()) as { totalResults: number };
    expect(body.totalResults, 'totalResults').toBe(0);

    const exited = exitOf(child);
    child.kill('SIGINT');
    expect(await exited, 'exit code after SIGINT').toBe(0);
  } finally {
    child.kill('SIGKILL');
  }
});

test('mock lists every fault', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [TSX, 'mocks/cli.ts', '--list-faults']);

  for (const name of Object.keys(FAULTS)) expect(stdout, `listing of fault ${name}`).toContain(name);
});

test('mock rejects an unknown fault', async () => {
  const failure = await promisify(execFile)(process.execPath, [TSX, 'mocks/cli.ts', '--fault', 'no-such-fault']).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  );

  expect(failure?.code, 'exit code').toBe(2);
  expect(failure?.stderr, 'error message').toContain('Unknown fault "no-such-fault"');
});
