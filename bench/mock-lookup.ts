// Throughput of the mock roster for Entra's matching query, GET /Users?filter=userName eq "…", at
// growing realm sizes, next to a bare node:http server that returns one fixed body. Both servers
// run in child processes and get the same closed-loop load from bench/http-load.ts.

import { EntraDataFactory } from '../fixtures/entra-data.js';
import { loadMappings } from '../fixtures/mappings.js';
import { type RosterProcess, startRosterProcess } from '../mocks/roster/fork.js';
import { summarize, type LatencySummary } from '../load/stats.js';
import { startFixedServer } from './fixed-server-process.js';
import { type BareRequest, type ClosedLoopOptions, bareRequest, runClosedLoop } from './http-load.js';
import http from 'node:http';

export interface LoadSettings {
  concurrency: number;
  durationMs: number;
  warmupRequests: number;
  timeoutMs: number;
}

export interface ThroughputFigures {
  requests: number;
  errors: number;
  unexpectedStatus: number;
  elapsedMs: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  // CPU time over wall time during the measurement: 1.0 is one core kept busy.
  serverCpu: number;
  clientCpu: number;
}

export interface LookupFigures extends ThroughputFigures {
  users: number;
  // Plan of the mock's last query: its userName index, or a scan.
  queryPlan: string;
}

export interface MemoryFigures {
  // Bytes after a garbage collection in the mock's process.
  rss: number;
  heapUsed: number;
}

export interface MockBenchResult {
  settings: LoadSettings;
  lookups: LookupFigures[];
  bareServer: ThroughputFigures;
  // Size of the body the bare server sends: a lookup response of the mock, one user long.
  bareBodyBytes: number;
  memory: { emptyRealm: MemoryFigures; largestRealm: MemoryFigures & { users: number } };
  seedingMs: number;
}

const SEED_BATCH = 1000;
// Names looked up per realm size, spread evenly over the users that exist at that size.
const LOOKUP_NAMES = 2000;

/** Seeds one realm up to each size in turn, and measures lookups at each size and the bare server once. */
export async function benchMockLookups(sizes: number[], settings: LoadSettings, log: (line: string) => void): Promise<MockBenchResult> {
  const roster = await startRosterProcess({ timeoutMs: 120_000 });
  try {
    const realm = await roster.addRealm();
    const emptyRealm = await memoryOf(roster);
    const factory = new EntraDataFactory({ seed: 1, runPrefix: 'scimc-bench00', testKey: 'lookup', mappings: loadMappings(undefined) });
    const userNames: string[] = [];
    const headers = { Authorization: `Bearer ${realm.token}`, 'User-Agent': 'scim-conformance-bench', Accept: 'application/scim+json' };
    const lookupOf = (names: string[]) => (index: number): BareRequest => ({
      method: 'GET',
      url: new URL(`${realm.tenantUrl}Users?filter=${encodeURIComponent(`userName eq "${names[index % names.length]}"`)}`),
      headers,
    });

    const lookups: LookupFigures[] = [];
    let seedingMs = 0;
    for (const size of [...sizes].sort((left, right) => left - right)) {
      const seedStarted = performance.now();
      while (userNames.length < size) {
        const bodies = Array.from({ length: Math.min(SEED_BATCH, size - userNames.length) }, () => factory.user().body);
        for (const body of bodies) userNames.push(String(body.userName));
        await roster.seedUsers(realm.id, bodies);
      }
      seedingMs += performance.now() - seedStarted;
      const step = Math.max(1, Math.floor(size / LOOKUP_NAMES));
      const names = userNames.filter((_, index) => index % step === 0);
      log(`  ${size} users: measuring lookups`);
      const figures = await measure(roster, settings, lookupOf(names));
      const stats = await roster.realmStats(realm.id);
      lookups.push({ users: size, queryPlan: stats.lastQueryPlan, ...figures });
    }
    const largestRealm = { users: userNames.length, ...(await memoryOf(roster)) };

    // The bare server sends a real lookup response, so that both move the same bytes.
    const agent = new http.Agent({ keepAlive: true });
    const sample = await bareRequest(agent, lookupOf(userNames)(0), settings.timeoutMs, true);
    agent.destroy();
    const body = sample.text ?? '';
    const fixed = await startFixedServer({ status: 200, contentType: 'application/scim+json; charset=utf-8', body }, 30_000);
    try {
      log('  bare node:http server: measuring');
      const fixedUrl = (index: number): BareRequest => {
        const request = lookupOf(userNames)(index);
        return { ...request, url: new URL(`${fixed.origin}${request.url.pathname}${request.url.search}`) };
      };
      const bareServer = await measure(fixed, settings, fixedUrl);
      return { settings, lookups, bareServer, bareBodyBytes: Buffer.byteLength(body), memory: { emptyRealm, largestRealm }, seedingMs };
    } finally {
      await fixed.close();
    }
  } finally {
    await roster.close();
  }
}

async function memoryOf(roster: RosterProcess): Promise<MemoryFigures> {
  const { rss, heapUsed } = await roster.memory();
  return { rss, heapUsed };
}

/** Runs the closed loop against a server and adds the CPU time both sides used. */
export async function measure(
  server: { cpuUsage(): Promise<NodeJS.CpuUsage> },
  settings: LoadSettings,
  request: ClosedLoopOptions['request'],
  maxRequests = Number.MAX_SAFE_INTEGER,
  expectedStatus?: ClosedLoopOptions['expectedStatus'],
  onResponse?: ClosedLoopOptions['onResponse'],
): Promise<ThroughputFigures> {
  const serverBefore = await server.cpuUsage();
  const clientBefore = process.cpuUsage();
  const result = await runClosedLoop({ ...settings, maxRequests, request, expectedStatus, onResponse });
  const clientUsed = process.cpuUsage(clientBefore);
  const serverAfter = await server.cpuUsage();
  // The warm-up also runs between the two readings, so CPU shares are over the whole interval.
  const cpuShare = (microseconds: number) => microseconds / 1000 / (result.elapsedMs + result.warmupMs);
  return {
    requests: result.requests,
    errors: result.errors,
    unexpectedStatus: result.unexpectedStatus,
    elapsedMs: result.elapsedMs,
    requestsPerSecond: result.requestsPerSecond,
    latencyMs: summarize(result.latenciesMs),
    serverCpu: cpuShare(serverAfter.user + serverAfter.system - serverBefore.user - serverBefore.system),
    clientCpu: cpuShare(clientUsed.user + clientUsed.system),
  };
}
