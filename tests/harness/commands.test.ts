// Tests of the scim-conformance command's option handling that stop before any run starts.

import { expect, test } from '@playwright/test';
import { main } from '../../cli/commands.js';

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
  for (const name of ['run', 'preflight', 'sweep', 'merge', 'report', 'mock']) expect(output, `command ${name}`).toContain(`  ${name} `);
});

test('unknown command rejected', async () => {
  const { code, output } = await command(['certify']);

  expect(code, 'exit code').toBe(2);
  expect(output, 'output').toContain('Unknown command "certify"');
});

test('unknown option rejected', async () => {
  const { code, output } = await command(['run', '--tokne', 'x']);

  expect(code, 'exit code').toBe(2);
  expect(output, 'output').toContain("Unknown option '--tokne'");
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
