// The goals a benchmark is held to. They are evaluated and recorded, never asserted: a goal not
// met is a finding for the page, not a failed run.

import type { ConformanceBenchResult } from './conformance.js';
import type { LoadCapacityResult } from './load-capacity.js';
import type { MockBenchResult } from './mock-lookup.js';

export interface Goal {
  id: string;
  description: string;
  // The measured value, in the unit the description names.
  measured: number;
  limit: number;
  met: boolean;
}

const MEGABYTE = 1024 * 1024;

export function evaluateGoals(conformance: ConformanceBenchResult, mock: MockBenchResult, load: LoadCapacityResult): Goal[] {
  const smallest = mock.lookups[0];
  const largest = mock.lookups[mock.lookups.length - 1];
  const slowestLookupRate = Math.min(...mock.lookups.map((lookup) => lookup.requestsPerSecond));
  const lookupRatio = largest.latencyMs.p50 / smallest.latencyMs.p50;
  const memoryMb = mock.memory.largestRealm.rss / MEGABYTE;
  return [
    {
      id: 'harness-overhead',
      description: 'Wall time of the conformance run over the time a bare client takes to send the same requests (ratio)',
      measured: conformance.overheadRatio,
      limit: 1.5,
      met: conformance.overheadRatio <= 1.5,
    },
    {
      id: 'mock-throughput',
      description: `Lowest mock lookup throughput over the bare node:http server's (ratio, at least)`,
      measured: slowestLookupRate / mock.bareServer.requestsPerSecond,
      limit: 0.5,
      met: slowestLookupRate / mock.bareServer.requestsPerSecond >= 0.5,
    },
    {
      id: 'lookup-scaling',
      description: `Median lookup latency at ${largest.users} users over that at ${smallest.users} (ratio)`,
      measured: lookupRatio,
      limit: 1.2,
      met: lookupRatio <= 1.2,
    },
    {
      id: 'mock-memory',
      description: `Resident memory of the mock process at ${mock.memory.largestRealm.users} users (MB)`,
      measured: memoryMb,
      limit: 300,
      met: memoryMb < 300,
    },
    {
      id: 'load-rate',
      description: 'Rate the load command achieves against the mock (requests per second, at least)',
      measured: load.achievedRate,
      limit: 1000,
      met: load.achievedRate >= 1000 && load.errors === 0,
    },
  ];
}

/** Explains each goal not met with the measured numbers behind it. */
export function explainUnmetGoals(goals: Goal[], conformance: ConformanceBenchResult, mock: MockBenchResult, load: LoadCapacityResult): string[] {
  const unmet = new Set(goals.filter((goal) => !goal.met).map((goal) => goal.id));
  const findings: string[] = [];
  if (unmet.has('harness-overhead')) {
    const outsideSpan = (conformance.wallMs - conformance.requestSpanMs) / 1000;
    findings.push(
      `Harness overhead: the run took ${(conformance.wallMs / 1000).toFixed(1)} s where the bare client sent the same ` +
        `${conformance.requests} requests in ${(conformance.replay.elapsedMs / 1000).toFixed(2)} s. ${outsideSpan.toFixed(1)} s of the wall time ` +
        'fall outside the requests: starting tsx and Playwright, loading the suites and rendering the Allure report. ' +
        `The remaining ${(conformance.requestSpanMs / 1000).toFixed(1)} s span the requests, which each check sends one after ` +
        'another and validates as they arrive, and include two waits of 1.1 s in suites/queries/filter-operators.spec.ts so ' +
        'that two meta timestamps differ by more than a second. The ratio measures fixed costs of a run more than per-request cost: ' +
        `the harness's own HTTP client, as the load command drives it with ${load.options.concurrency} requests in flight, sent ` +
        `${load.achievedRate.toFixed(0)} requests per second to the mock in this run, and the bare client's replay, with ` +
        `${conformance.replay.concurrency} in flight, ${conformance.replay.requestsPerSecond.toFixed(0)}.`,
    );
  }
  if (unmet.has('mock-throughput')) {
    const slowest = mock.lookups.reduce((low, lookup) => (lookup.requestsPerSecond < low.requestsPerSecond ? lookup : low));
    findings.push(
      `Mock throughput: ${slowest.requestsPerSecond.toFixed(0)} lookups per second at ${slowest.users} users against ` +
        `${mock.bareServer.requestsPerSecond.toFixed(0)} for the bare server. The mock process used ${slowest.serverCpu.toFixed(2)} of a core ` +
        `and the client ${slowest.clientCpu.toFixed(2)}; with the bare server, ${mock.bareServer.serverCpu.toFixed(2)} and ` +
        `${mock.bareServer.clientCpu.toFixed(2)}. ` +
        (slowest.serverCpu >= 0.8
          ? 'The mock kept a core busy, so its own work per request limits it: routing, the token check, parsing the filter and serialising the ListResponse.'
          : 'Neither process kept a core busy, so other work on the machine limited this measurement more than the mock did.'),
    );
  }
  if (unmet.has('lookup-scaling')) {
    findings.push(
      `Lookup scaling: median latency ${mock.lookups.map((lookup) => `${lookup.latencyMs.p50.toFixed(2)} ms at ${lookup.users} users (${lookup.queryPlan})`).join(', ')}. ` +
        'Every size used the plan shown, so a difference between sizes comes from the memory the realm occupies ' +
        '(garbage collection, cache misses) or from other work on the machine.',
    );
  }
  if (unmet.has('mock-memory')) {
    const { users, rss, heapUsed } = mock.memory.largestRealm;
    const perUser = (heapUsed - mock.memory.emptyRealm.heapUsed) / users;
    findings.push(`Mock memory: ${(rss / MEGABYTE).toFixed(0)} MB resident at ${users} users, about ${perUser.toFixed(0)} bytes of heap per user.`);
  }
  if (unmet.has('load-rate')) {
    findings.push(
      `Load rate: the load command achieved ${load.achievedRate.toFixed(0)} requests per second with rate ${load.options.rate} and ` +
        `${load.options.concurrency} in flight, p50 latency ${load.overall.latencyMs.p50.toFixed(2)} ms, ${load.errors} errors.`,
    );
  }
  return findings;
}
