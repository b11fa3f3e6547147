// End-to-end runs against a target that fails at the transport level on user creates: each run
// must finish in bounded time with a failed check whose message names the cause, and exit 1.

import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Realm } from '../../mocks/roster/realm.js';
import { type RosterServer, startRosterServer } from '../../mocks/roster/server.js';
import { type FaultyTarget, type TransportFault, startFaultyTarget } from './faulty-target.js';
import { filesContaining, readJson, runConformance } from './run-conformance.js';

interface ConformanceFile {
  requirements: { id: string; status: string; tests: { title: string; status: string; reason?: string }[] }[];
}

const REQUEST_TIMEOUT_MS = 1500;
const TOKEN = 'TRANSPORT-FAULT-TOKEN-7f3e9a1c5b-SHOULD-NEVER-APPEAR';

// For each fault, the text that names its cause in the failed check's message.
const CAUSES: Record<TransportFault, RegExp> = {
  silent: new RegExp(`no complete answer within ${REQUEST_TIMEOUT_MS} ms`),
  reset: /the connection was reset before a complete response arrived/,
  'plain-text': /answered 201 with a body that is not JSON \(text\/plain;/,
  'html-error-page': /answered 502 with a body that is not JSON \(text\/html;.*Bad Gateway/,
  'truncated-json': /answered 201 with a body that is not JSON \(application\/scim\+json;/,
  'huge-body': /the response body exceeded \d+ bytes/,
  'server-error': /answered 503 with detail "The roster is under maintenance\."/,
  'too-many-requests': /answered 429 \(Retry-After 30\)/,
  'redirect-elsewhere': /answered 307 redirecting to http:\/\/127\.0\.0\.1:\d+\/.* which the harness does not follow/,
};

let roster: RosterServer;
let realm: Realm;
let target: FaultyTarget;

test.beforeAll(async () => {
  roster = await startRosterServer();
  realm = roster.addRealm({ token: TOKEN });
  target = await startFaultyTarget(roster.tenantUrl(realm.id));
});

test.afterAll(async () => {
  await target?.close();
  await roster?.close();
});

for (const [fault, cause] of Object.entries(CAUSES) as [TransportFault, RegExp][]) {
  test(`${fault} create fails the check`, async () => {
    test.setTimeout(60_000);

    const run = await runConformance(
      { SCIM_BASE_URL: target.tenantUrl(fault), SCIM_TOKEN: TOKEN, SCIM_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
      ['suites/users/create-user.spec.ts', '--grep', 'returns 201 with an id'],
      50_000,
    );

    expect(run.exitCode, `exit code; output:\n${run.output.slice(-3000)}`).toBe(1);
    const report = readJson<ConformanceFile>(join(run.reportsDir, 'conformance.json'));
    const create = report.requirements.find((entry) => entry.id === 'RFC7644-3.3');
    expect(create?.status, 'status of RFC7644-3.3').toBe('failed');
    expect(create?.tests[0]?.reason ?? '', 'message of the failed check').toMatch(cause);
    expect(run.durationMs, 'duration of the run in milliseconds').toBeLessThan(40_000);
    expect(filesContaining(run.folder, TOKEN).matches, 'files that contain the token').toEqual([]);
    expect(target.followed, 'requests that followed the redirect').toEqual([]);
    expect(realm.users.byId.size, 'users left on the target').toBe(0);
  });
}
