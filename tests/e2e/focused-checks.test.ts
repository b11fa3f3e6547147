// Runs single checks against mock realms with one fault each, to show which faults a check
// catches and which it must leave alone because another requirement covers them.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { FaultName } from '../../mocks/roster/faults.js';
import { type RosterServer, startRosterServer } from '../../mocks/roster/server.js';
import { readJson, runConformance } from './run-conformance.js';

interface ConformanceFile {
  requirements: { id: string; status: string }[];
}

let server: RosterServer;

test.beforeAll(async () => {
  server = await startRosterServer();
});

test.afterAll(async () => {
  await server.close();
});

/** Runs the checks whose title matches against a realm with the fault, and returns each requirement's status. */
async function statusesWith(fault: FaultName | undefined, grep: string): Promise<Map<string, string>> {
  const token = `TOKEN-${randomBytes(12).toString('hex')}`;
  const realm = server.addRealm({ token, faults: fault ? [fault] : [] });
  const env = { SCIM_BASE_URL: server.tenantUrl(realm.id), SCIM_TOKEN: token, SCIM_DIALECT: 'entra' };
  const run = await runConformance(env, ['--grep', grep]);
  expect([0, 1], `exit code; output:\n${run.output.slice(-3000)}`).toContain(run.exitCode);
  const report = readJson<ConformanceFile>(join(run.reportsDir, 'conformance.json'));
  return new Map(report.requirements.map((entry) => [entry.id, entry.status]));
}

// The case-insensitive sort check selects its users with a filter that names both spellings of
// their userName, so only the sort order decides it.
test('case-sensitive sort fails the sort check', async () => {
  test.setTimeout(60_000);
  const statuses = await statusesWith('sort-case-sensitive', 'userName sort ignores case');
  expect(statuses.get('RFC7644-3.4.2.3-case'), 'RFC7644-3.4.2.3-case').toBe('failed');
});

test('case-sensitive filter passes the sort check', async () => {
  test.setTimeout(60_000);
  const statuses = await statusesWith('filter-case-sensitive', 'userName sort ignores case');
  expect(statuses.get('RFC7644-3.4.2.3-case'), 'RFC7644-3.4.2.3-case').toBe('passed');
});

// A 500 for a body that is not JSON fails the MUST. A 400 without scimType fails only the
// SHOULD, because RFC 7644 §3.12 makes scimType OPTIONAL.
const MALFORMED_JSON_CHECKS = 'malformed JSON (body returns 400|400 names invalidSyntax)';

test('malformed JSON 500 fails the MUST', async () => {
  test.setTimeout(60_000);
  const statuses = await statusesWith('malformed-json-500', MALFORMED_JSON_CHECKS);
  expect(statuses.get('RFC7644-3.12-invalidSyntax'), 'RFC7644-3.12-invalidSyntax').toBe('failed');
});

test('missing scimType fails only the SHOULD', async () => {
  test.setTimeout(60_000);
  const statuses = await statusesWith('malformed-json-no-scimtype', MALFORMED_JSON_CHECKS);
  expect(statuses.get('RFC7644-3.12-invalidSyntax'), 'RFC7644-3.12-invalidSyntax').toBe('passed');
  expect(statuses.get('RFC7644-3.12-scimType'), 'RFC7644-3.12-scimType').toBe('failed');
});

test('malformed JSON on clean realm passes both', async () => {
  test.setTimeout(60_000);
  const statuses = await statusesWith(undefined, MALFORMED_JSON_CHECKS);
  expect(statuses.get('RFC7644-3.12-invalidSyntax'), 'RFC7644-3.12-invalidSyntax').toBe('passed');
  expect(statuses.get('RFC7644-3.12-scimType'), 'RFC7644-3.12-scimType').toBe('passed');
});
