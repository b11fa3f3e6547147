// The full conformance run against the embedded mock, timed from the outside, and the same
// requests replayed by a bare client against a mock roster in a child process.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSettings } from '../fixtures/settings.js';
import { startRosterProcess } from '../mocks/roster/fork.js';
import type { RecordedRequest } from '../mocks/roster/server.js';
import { type ThroughputFigures, measure } from './mock-lookup.js';
import type { BareRequest, BareResponse } from './http-load.js';

const require = createRequire(import.meta.url);
const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const REALM_PREFIX = /^\/scim\/v1\/Realms\/([^/?]+)/;
// Resource ids of the mock roster: UUIDs.
const ID_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

export interface ConformanceBenchResult {
  command: string;
  exitCode: number | null;
  // The whole command: tsx start, Playwright, every check and the Allure report.
  wallMs: number;
  checks: number;
  checksPerSecond: number;
  requests: number;
  requestsPerSecond: number;
  // From the first request the mock received to its last response.
  requestSpanMs: number;
  replay: ThroughputFigures & {
    concurrency: number;
    // Replayed responses whose status differs from the run's, such as 412 for a version the run got.
    statusDifferences: number;
  };
  // wallMs over the replay's time, and the request span over it.
  overheadRatio: number;
  requestSpanRatio: number;
}

/** Runs `scim-conformance run` against the embedded mock with recording on, then replays what it sent. */
export async function benchConformance(log: (line: string) => void): Promise<ConformanceBenchResult> {
  const folder = mkdtempSync(join(tmpdir(), 'scim-bench-'));
  try {
    const recordFile = join(folder, 'requests.jsonl');
    const env: NodeJS.ProcessEnv = {};
    // Settings of the caller's own target would send the run elsewhere.
    for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('SCIM_')) env[name] = value;
    env.SCIM_MOCK_RECORD_FILE = recordFile;
    const args = [require.resolve('tsx/cli'), MAIN, 'run', '--output', join(folder, 'reports')];

    log('  scim-conformance run against the embedded mock');
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
    const wallMs = performance.now() - started;

    const report = JSON.parse(readFileSync(join(folder, 'reports', 'conformance.json'), 'utf8')) as { totals: { tests: { total: number } } };
    const recorded = readFileSync(recordFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as RecordedRequest)
      .sort((left, right) => left.receivedMs - right.receivedMs);
    const requestSpanMs = Math.max(...recorded.map((request) => request.finishedMs)) - recorded[0].receivedMs;

    log(`  replaying ${recorded.length} requests with a bare client`);
    const concurrency = readSettings(env).workers;
    const replay = await replayRequests(recorded, concurrency);
    const checks = report.totals.tests.total;
    return {
      command: 'scim-conformance run (embedded mock)',
      exitCode: result.status,
      wallMs,
      checks,
      checksPerSecond: (checks / wallMs) * 1000,
      requests: recorded.length,
      requestsPerSecond: (recorded.length / wallMs) * 1000,
      requestSpanMs,
      replay,
      overheadRatio: wallMs / replay.elapsedMs,
      requestSpanRatio: requestSpanMs / replay.elapsedMs,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Sends the recorded requests in the order they arrived, with `concurrency` in flight as the
 * run's workers had, to a fresh realm. Requests to the run's realm go to the fresh realm, with
 * its token where the run sent the realm's token. An id the run got from a create is replaced by
 * the id the replayed create got, and a request that names it waits for that create, as the
 * check that sent it did.
 */
async function replayRequests(recorded: RecordedRequest[], concurrency: number): Promise<ConformanceBenchResult['replay']> {
  const roster = await startRosterProcess();
  try {
    const realm = await roster.addRealm();
    const realmPath = new URL(realm.tenantUrl).pathname.replace(/\/$/, '');
    const runRealms = new Set(
      recorded.filter((request) => request.authorization.kind === 'realm-token').map((request) => REALM_PREFIX.exec(request.url)?.[1]),
    );
    const created = new Map<string, { promise: Promise<string>; resolve: (id: string) => void }>();
    for (const request of recorded) {
      if (!request.createdId) continue;
      let resolve!: (id: string) => void;
      const promise = new Promise<string>((done) => (resolve = done));
      created.set(request.createdId, { promise, resolve });
    }
    const build = async (index: number): Promise<BareRequest> => {
      const request = recorded[index];
      const realmId = REALM_PREFIX.exec(request.url)?.[1];
      let path = realmId && runRealms.has(realmId) ? request.url.replace(REALM_PREFIX, realmPath) : request.url;
      let body = request.body;
      for (const id of new Set(`${path} ${body ?? ''}`.match(ID_PATTERN) ?? [])) {
        const replayed = created.get(id);
        if (!replayed || replayed === created.get(request.createdId ?? '')) continue;
        const newId = await replayed.promise;
        path = path.replaceAll(id, newId);
        body = body?.replaceAll(id, newId);
      }
      const headers: Record<string, string> = { ...request.headers };
      if (request.authorization.kind === 'realm-token') headers.Authorization = `Bearer ${realm.token}`;
      if (request.authorization.kind === 'other') headers.Authorization = request.authorization.value;
      return { method: request.method, url: new URL(path, roster.origin), headers, ...(body === undefined ? {} : { body }) };
    };
    // A create that failed in the replay keeps the run's id, so that the requests after it go on.
    const onResponse = (index: number, response: BareResponse | undefined) => {
      const { createdId } = recorded[index];
      if (!createdId) return;
      const location = response?.status === 201 ? response.location : undefined;
      created.get(createdId)!.resolve(location ? location.slice(location.lastIndexOf('/') + 1) : createdId);
    };
    const figures = await measure(
      roster,
      { concurrency, durationMs: 600_000, warmupRequests: 0, timeoutMs: 10_000 },
      build,
      recorded.length,
      (index) => recorded[index].status,
      onResponse,
    );
    return { ...figures, concurrency, statusDifferences: figures.unexpectedStatus };
  } finally {
    await roster.close();
  }
}
