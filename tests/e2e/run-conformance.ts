// Runs `npm run conformance` as a user would, in a child process with its own report folders,
// and scans everything it wrote for a secret.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ConformanceRun {
  exitCode: number;
  output: string;
  folder: string;
  reportsDir: string;
  durationMs: number;
}

const TSX = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');

/**
 * Runs the conformance command with the given variables on top of a clean environment. A run
 * given the folder of an earlier one writes its reports there too, as nightly runs do.
 */
export function runConformance(
  env: Record<string, string>,
  args: string[] = [],
  timeoutMs = 120_000,
  folder = mkdtempSync(join(tmpdir(), 'scim-e2e-')),
): Promise<ConformanceRun> {
  return runCli(['run', ...args], env, timeoutMs, folder);
}

/** Runs `npm run merge` on a folder of blob reports, writing into the reports folder under the given folder. */
export function runMerge(env: Record<string, string>, args: string[], folder: string, timeoutMs = 120_000): Promise<ConformanceRun> {
  return runCli(['merge', ...args], env, timeoutMs, folder);
}

/** Runs the scim-conformance command with the arguments, as the npm scripts do. */
export function runCli(args: string[], env: Record<string, string>, timeoutMs: number, folder: string): Promise<ConformanceRun> {
  const reportsDir = join(folder, 'reports');
  const base: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(TEST_|PW_|PLAYWRIGHT_|SCIM_)/.test(name)) base[name] = value;
  }
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSX, 'cli/main.ts', ...args],
      {
        env: {
          ...base,
          FORCE_COLOR: '0',
          SCIM_REPORTS_DIR: reportsDir,
          SCIM_TEST_RESULTS_DIR: join(folder, 'test-results'),
          SCIM_WORKERS: '2',
          ...env,
        },
        timeout: timeoutMs,
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        let exitCode = 0;
        if (error) exitCode = typeof error.code === 'number' ? error.code : -1;
        resolve({ exitCode, output: `${stdout}${stderr}`, folder, reportsDir, durationMs: Date.now() - started });
      },
    );
  });
}

/** Lists every file under a folder, with the paths of those whose content contains the text. */
export function filesContaining(folder: string, text: string): { files: number; matches: string[] } {
  let files = 0;
  const matches: string[] = [];
  const visit = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) {
        visit(full);
        continue;
      }
      files += 1;
      if (readFileSync(full).includes(text)) matches.push(full);
    }
  };
  visit(folder);
  return { files, matches };
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
