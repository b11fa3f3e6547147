// Renders docs/benchmarks.md from the figures of a benchmark run.

import type { BenchReport } from './run.js';

const MEGABYTE = 1024 * 1024;

const fixed = (value: number, digits = 0) => value.toFixed(digits);
const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));

export function renderPage(report: BenchReport): string {
  const { machine, conformance, mock, load, goals } = report;
  const lines = [
    '# Benchmarks',
    '',
    `Figures from \`${report.command}\` on ${report.date}. Regenerate them with the same command; it`,
    'writes this page and `reports/bench.json`. The goals below are evaluated and recorded, never asserted by a test.',
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpuModel}, ${machine.cores} logical cores`,
    `- Memory: ${fixed(machine.memoryBytes / MEGABYTE / 1024, 1)} GB`,
    `- Node.js: ${machine.node}`,
    `- OS: ${machine.os}`,
    `- One-minute load average at the start: ${fixed(machine.loadAverageAtStart, 2)}`,
    ...(report.note ? ['', `NOTE: ${report.note}`] : []),
    '',
    '## Goals',
    '',
    '| Goal | Measured | Limit | Met |',
    '| --- | ---: | ---: | --- |',
    ...goals.map((goal) => `| ${goal.description} | ${fixed(goal.measured, 2)} | ${goal.limit} | ${goal.met ? 'yes' : '**no**'} |`),
    '',
    '## Conformance run against the embedded mock',
    '',
    `\`${conformance.command}\` with its default ${conformance.replay.concurrency} workers, timed from outside the process:`,
    'tsx start, Playwright start, every check and the Allure report. The mock recorded every request it',
    'received, and a bare client on `node:http` (bench/http-load.ts) then sent the same requests in the',
    `same order, ${conformance.replay.concurrency} in flight, to a fresh realm of a mock roster in its own process.`,
    '',
    '| Figure | Value |',
    '| --- | ---: |',
    `| Wall time | ${fixed(conformance.wallMs / 1000, 1)} s |`,
    `| Checks | ${conformance.checks} |`,
    `| Checks per second | ${fixed(conformance.checksPerSecond, 1)} |`,
    `| Requests | ${conformance.requests} |`,
    `| Requests per second over the wall time | ${fixed(conformance.requestsPerSecond, 1)} |`,
    `| First request to last response | ${fixed(conformance.requestSpanMs / 1000, 1)} s |`,
    `| Bare client, same requests | ${fixed(conformance.replay.elapsedMs / 1000, 2)} s (${fixed(conformance.replay.requestsPerSecond)} per second) |`,
    `| Overhead ratio, wall time over bare client | ${fixed(conformance.overheadRatio, 1)} |`,
    `| Ratio of the request span over bare client | ${fixed(conformance.requestSpanRatio, 1)} |`,
    `| Replayed responses with another status than in the run | ${conformance.replay.statusDifferences} |`,
    '',
    'The replay swaps each id the run got from a create for the id the replayed create got, and a',
    'request that names it waits for that create. Responses can still differ where a request names',
    'a version (If-Match) or depends on timing; the last row counts them.',
    '',
    '## Mock lookups by userName',
    '',
    `\`GET /Users?filter=userName eq "…"\` with ${mock.settings.concurrency} requests in flight for ${fixed(mock.settings.durationMs / 1000)} s after`,
    `${mock.settings.warmupRequests} warm-up requests, from the closed-loop client in bench/http-load.ts. The names are spread over`,
    'the whole realm. The bare server is a `node:http` server in its own process that responds to every',
    `request with one fixed lookup response (${mock.bareBodyBytes} bytes), measured by the same client in the same run.`,
    'CPU is the share of one core each process used.',
    '',
    '| Server | Users | Requests per second | p50 ms | p95 ms | p99 ms | Errors | Server CPU | Client CPU |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...mock.lookups.map(
      (lookup) =>
        `| mock (${lookup.queryPlan}) | ${lookup.users} | ${fixed(lookup.requestsPerSecond)} | ${ms(lookup.latencyMs.p50)} | ${ms(lookup.latencyMs.p95)} | ` +
        `${ms(lookup.latencyMs.p99)} | ${lookup.errors + lookup.unexpectedStatus} | ${fixed(lookup.serverCpu, 2)} | ${fixed(lookup.clientCpu, 2)} |`,
    ),
    `| bare node:http | - | ${fixed(mock.bareServer.requestsPerSecond)} | ${ms(mock.bareServer.latencyMs.p50)} | ${ms(mock.bareServer.latencyMs.p95)} | ` +
      `${ms(mock.bareServer.latencyMs.p99)} | ${mock.bareServer.errors + mock.bareServer.unexpectedStatus} | ${fixed(mock.bareServer.serverCpu, 2)} | ${fixed(mock.bareServer.clientCpu, 2)} |`,
    '',
    `Mock memory after a garbage collection: ${fixed(mock.memory.emptyRealm.rss / MEGABYTE)} MB resident with an empty realm,`,
    `${fixed(mock.memory.largestRealm.rss / MEGABYTE)} MB resident (${fixed(mock.memory.largestRealm.heapUsed / MEGABYTE)} MB of heap in use) with ${mock.memory.largestRealm.users} users.`,
    `Seeding the users over IPC took ${fixed(mock.seedingMs / 1000, 1)} s.`,
    '',
    '## Load command against the mock',
    '',
    `\`scim-conformance load\` logic with ${load.options.users} users, ${load.options.groups} groups, ${load.options.batchSize} members per PATCH,`,
    `rate set to ${load.options.rate} per second and ${load.options.concurrency} requests in flight, against the mock in its own process.`,
    '',
    '| Figure | Value |',
    '| --- | ---: |',
    `| Achieved rate | ${fixed(load.achievedRate)} requests per second |`,
    `| Cycle requests | ${load.overall.requests} in ${fixed(load.cycleMs / 1000, 1)} s |`,
    `| Latency p50 / p95 / p99 | ${ms(load.overall.latencyMs.p50)} / ${ms(load.overall.latencyMs.p95)} / ${ms(load.overall.latencyMs.p99)} ms |`,
    `| Errors | ${load.errors} |`,
    `| Left on the mock after cleanup | ${load.leftOnTarget.users ?? 'unknown'} users, ${load.leftOnTarget.groups ?? 'unknown'} groups |`,
    '',
    ...(report.findings.length > 0 ? ['## Goals not met', '', ...report.findings.map((finding) => `- ${finding}`), ''] : []),
  ];
  return `${lines.join('\n')}\n`;
}
