// Runs the case-insensitive sort check alone against mock realms with one fault each. A
// case-sensitive sort must fail it. A case-sensitive filter must not, because the check selects
// its users with a filter that names both spellings of their userName.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { FaultName } from '../../mocks/roster/faults.js';
import { type RosterServer, startRosterServer } from '../../mocks/roster/server.js';
import { readJson, runConformance } from './run-conformance.js';

const REQUIREMENT = 'RFC7644-3.4.2.3-case';

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

/** Runs the sort check against a realm with the fault and returns the status of its requirement. */
async function sortCaseStatus(fault: FaultName): Promise<string | undefined> {
  const token = `TOKEN-${randomBytes(12).toString('hex')}`;
  const realm = server.addRealm({ token, faults: [fault] });
  const run = await runConformance({ SCIM_BASE_URL: server.tenantUrl(realm.id), SCIM_TOKEN: token, SCIM_DIALECT: 'entra' }, [
    '--grep',
    'userName sort ignores case',
  ]);
  expect([0, 1], `exit code; output:\n${run.output.slice(-3000)}`).toContain(run.exitCode);
  const report = readJson<ConformanceFile>(join(run.reportsDir, 'conformance.json'));
  return report.requirements.find((entry) => entry.id === REQUIREMENT)?.status;
}

test('case-sensitive sort fails the sort check', async () => {
  test.setTimeout(60_000);
  expect(await sortCaseStatus('sort-case-sensitive'), `${REQUIREMENT} with sort-case-sensitive`).toBe('failed');
});

test('case-sensitive filter leaves the sort check passing', async () => {
  test.setTimeout(60_000);
  expect(await sortCaseStatus('filter-case-sensitive'), `${REQUIREMENT} with filter-case-sensitive`).toBe('passed');
});
