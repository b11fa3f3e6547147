// The CI examples under docs/ci/ call the harness's npm scripts. No CI service runs them here, so
// these tests keep them in step with package.json and with the sharding and merge commands.

import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const EXAMPLES = ['docs/ci/github-actions-nightly.yml', 'docs/ci/azure-pipelines-nightly.yml'];

/** Collects every shell command of a workflow: the run and script values at any depth. */
function commands(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(commands);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    (key === 'run' || key === 'script') && typeof value === 'string' ? [value] : commands(value),
  );
}

for (const file of EXAMPLES) {
  test(`${file.split('/').pop()} uses known scripts`, () => {
    const lines = commands(parse(readFileSync(file, 'utf8')));
    const called = lines.flatMap((line) => [...line.matchAll(/npm run (\S+)/g)].map((match) => match[1]));

    expect(lines, 'install step').toContain('npm ci');
    expect(called.length, 'npm scripts called').toBeGreaterThan(0);
    expect(called.filter((name) => !(name in scripts)), 'scripts missing from package.json').toEqual([]);
    expect(lines.some((line) => /npm run conformance -- --shard=.+\/\S+/.test(line)), 'sharded conformance run').toBe(true);
    expect(lines.some((line) => line.startsWith('npm run merge -- ')), 'merge step').toBe(true);
    expect(lines.some((line) => /^npm run sweep -- --seed \S.*$/.test(line)), 'sweep step after the shards').toBe(true);
  });
}
