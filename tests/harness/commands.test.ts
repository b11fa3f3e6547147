// Tests of the scim-conformance command's option handling that stop before any run starts.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { main } from '../../cli/commands.js';

const require = createRequire(import.meta.url);

/** Runs the command in-process and returns its exit code with what it printed. */
async function command(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...values: unknown[]) => lines.push(values.join(' '));
  console.error = (...values: unknown[]) => lines.push(values.join(' '));
  try {
    const code = await main(argv, env);
    return { code, output: lines.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('version printed', async () => {
  const { code, output } = await command(['--version']);

  expect(code, 'exit code').toBe(0);
  expect(output, 'output').toMatch(/^scim-conformance \d+\.\d+\.\d+$/);
});

test('help lists every command', async () => {
  const { code, output } = await command(['--help']);

  expect(code, 'exit code').toBe(0);
  for (const name of ['run', 'preflight', 'sweep', 'merge', 'load', 'report', 'mock']) expect(output, `command ${name}`).toContain(`  ${name} `);
});

test('unknown command rejected', async () => {
  const { code, output } = await command(['certify']);

  expect(code, 'exit code').toBe(2);
  expect(output, 'output').toContain('Unknown command "certify"');
});

test('unknown option rejected', async () => {
  const { code, output } = await command(['run', '--tokne', 'x']);

  expect(code, 'exit code').toBe(2);
  expect(output, 'output').toContain('Unknown option --tokne. Run "scim-conformance run --help" for its options.');
});

test('unset token variable rejected', async () => {
  const { code, output } = await command(['preflight', '--target', 'https://scim.example.test/', '--token-env', 'ROSTER_TOKEN']);

  expect(code, 'exit code').toBe(2);
  expect(output, 'output').toContain('the environment variable ROSTER_TOKEN is not set');
});

test('missing token file rejected', async () => {
  const { code, output } = await command(['preflight', '--token-file', '/nonexistent/token']);

  expect(code, 'exit code').toBe(2);
  expect(output, 'output').toContain('--token-file /nonexistent/token: file not found.');
});

test('unknown capability rejected', async () => {
  const { code, output } = await command(['run', '--only', 'users,billing']);

  expect(code, 'exit code').toBe(2);
  expect(output, 'output').toContain('unknown capability billing');
});

test('malformed shard rejected', async () => {
  const { code, output } = await command(['run', '--shard', '3']);

  expect(code, 'exit code').toBe(2);
  expect(output, 'output').toContain('give it as i/n');
});

test('sweep needs one run', async () => {
  const { code, output } = await command(['sweep', '--target', 'https://scim.example.test/', '--seed', '1', '--all-runs']);

  expect(code, 'exit code').toBe(2);
  expect(output, 'output').toContain('exactly one of --seed, --prefix and --all-runs');
});

test('conflicting write options rejected', async () => {
  const { code, output } = await command(['preflight', '--allow-writes', '--read-only']);

  expect(code, 'exit code').toBe(2);
  expect(output, 'output').toContain('either --allow-writes or --read-only');
});

test('invalid report port rejected', async () => {
  const { code, output } = await command(['report', '--port', 'eighty']);

  expect(code, 'exit code').toBe(2);
  expect(output, 'output').toContain('--port eighty: invalid port');
});

test('report of empty folder explained', () => {
  const folder = mkdtempSync(join(tmpdir(), 'scimc-report-'));
  try {
    const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'cli/main.ts', 'report', '--output', folder], { encoding: 'utf8', timeout: 30_000 });

    expect(result.status, 'exit code').toBe(1);
    expect(result.stderr, 'message names the folder').toContain(join(folder, 'allure-report'));
    expect(result.stderr, 'message names the option').toContain('--output');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('pacing options set their variables', async () => {
  const cases = [
    { option: '--max-rps', variable: 'SCIM_MAX_RPS' },
    { option: '--max-retries', variable: 'SCIM_MAX_RETRIES' },
    { option: '--retry-max-wait', variable: 'SCIM_RETRY_MAX_WAIT_MS' },
  ];

  for (const { option, variable } of cases) {
    const { code, output } = await command(['preflight', option, 'soon']);

    expect(code, `exit code for ${option}`).toBe(2);
    expect(output, `output for ${option}`).toContain(`${variable} "soon" is invalid`);
  }
});

test('help names OAuth and proxy variables', async () => {
  const { code, output } = await command(['preflight', '--help']);

  expect(code, 'exit code').toBe(0);
  for (const name of ['--max-rps', '--max-retries', '--retry-max-wait', 'SCIM_OAUTH_TOKEN_URL', 'SCIM_OAUTH_CLIENT_SECRET', 'HTTPS_PROXY', 'NO_PROXY']) {
    expect(output, `help text, searched for ${name}`).toContain(name);
  }
});
