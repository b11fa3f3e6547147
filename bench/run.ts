// `npm run bench`: measures the conformance run, the mock roster and the load command on this
// machine, and writes reports/bench.json and docs/benchmarks.md. Everything runs on 127.0.0.1.
//
// Options, for a shorter run while changing the bench: --sizes 1000,10000 (realm sizes) and
// --duration 2 (seconds per throughput measurement). The page records the command as given.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchConformance, type ConformanceBenchResult } from './conformance.js';
import { type Goal, evaluateGoals, explainUnmetGoals } from './goals.js';
import { benchLoadCapacity, type LoadCapacityResult } from './load-capacity.js';
import { type Machine, describeMachine } from './machine.js';
import { benchMockLookups, type MockBenchResult } from './mock-lookup.js';
import { renderPage } from './page.js';

export interface BenchReport {
  command: string;
  date: string;
  machine: Machine;
  note?: string;
  conformance: ConformanceBenchResult;
  mock: MockBenchResult;
  load: LoadCapacityResult;
  goals: Goal[];
  findings: string[];
}

const DEFAULT_SIZES = [1000, 10_000, 100_000];
const DEFAULT_DURATION_SECONDS = 5;
// Requests in flight for the lookup measurements: enough to keep one server core busy.
const LOOKUP_CONCURRENCY = 16;
const LOAD_CAPACITY = { users: 2000, groups: 10, batchSize: 20, rate: 5000, concurrency: 32 };

function readOptions(args: string[]): { sizes: number[]; durationMs: number } {
  const { values } = parseArgs({ args, options: { sizes: { type: 'string' }, duration: { type: 'string' } } });
  const sizes = values.sizes === undefined ? DEFAULT_SIZES : values.sizes.split(',').map((text) => Number(text.trim()));
  if (sizes.length === 0 || sizes.some((size) => !Number.isInteger(size) || size < 1 || size > 1_000_000)) {
    throw new Error(`--sizes ${values.sizes} is invalid; give realm sizes from 1 to 1000000 separated by commas.`);
  }
  const seconds = values.duration === undefined ? DEFAULT_DURATION_SECONDS : Number(values.duration);
  if (!(seconds > 0 && seconds <= 60)) throw new Error(`--duration ${values.duration} is invalid; give seconds from 1 to 60.`);
  return { sizes, durationMs: seconds * 1000 };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const { sizes, durationMs } = readOptions(args);
  const command = ['npm run bench', ...(args.length > 0 ? ['--', ...args] : [])].join(' ');
  const machine = describeMachine();
  const started = performance.now();
  const log = (line: string) => console.log(line);

  log('Conformance run');
  const conformance = await benchConformance(log);
  log('Mock lookups');
  const mock = await benchMockLookups(sizes, { concurrency: LOOKUP_CONCURRENCY, durationMs, warmupRequests: 2000, timeoutMs: 10_000 }, log);
  log('Load command');
  const load = await benchLoadCapacity(LOAD_CAPACITY);

  const goals = evaluateGoals(conformance, mock, load);
  const report: BenchReport = {
    command,
    date: new Date().toISOString().slice(0, 10),
    machine,
    // Above half the cores, other work most likely ran during the first measurements.
    ...(machine.loadAverageAtStart > machine.cores / 2
      ? { note: `the one-minute load average was ${machine.loadAverageAtStart.toFixed(2)} on ${machine.cores} cores at the start, so other work probably shared the CPUs and the figures are noisy.` }
      : {}),
    conformance,
    mock,
    load,
    goals,
    findings: explainUnmetGoals(goals, conformance, mock, load),
  };

  const jsonFile = resolve('reports', 'bench.json');
  const pageFile = resolve('docs', 'benchmarks.md');
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(pageFile, renderPage(report));

  log('');
  for (const goal of goals) log(`${goal.met ? 'met    ' : 'NOT MET'}  ${goal.description}: ${goal.measured.toFixed(2)} (limit ${goal.limit})`);
  log(`\nWritten ${jsonFile} and ${pageFile} in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((error: unknown) => {
  console.error(`bench: failed: ${(error as Error)?.stack ?? error}`);
  process.exitCode = 1;
});
