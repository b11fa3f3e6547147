// Runs `scim-conformance run` against a SCIM server built on the third-party packages scimmy and
// scimmy-routers. The run reaches it through SCIM_BASE_URL and SCIM_TOKEN as a remote tenant, and
// reads that server's known deviations from scimmy.expectations.json.

import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { filesContaining, readJson, runConformance } from '../e2e/run-conformance.js';
import { type ScimmyServer, startScimmyServer } from './scimmy-server.js';

const EXPECTATIONS = 'tests/third-party/scimmy.expectations.json';
// A folder of its own under test-results, apart from the folders of tests running in parallel.
const RUN_FOLDER = join(process.cwd(), 'test-results', 'third-party-scimmy');

interface Expectations {
  deviations: { reason: string }[];
}

interface RequirementTest {
  title: string;
  status: string;
  reason?: string;
  knownDeviation?: { reason: string };
}

interface ConformanceFile {
  verdict: {
    complete: boolean;
    mustFailed: string[];
    shouldFailed: string[];
    mustUnverified: string[];
    knownDeviations: string[];
    fixedDeviations: string[];
  };
  requirements: { id: string; tests: RequirementTest[] }[];
  cleanupFailures: string[];
  testsWithoutRequirement: string[];
}

// Distinctive enough that any copy of it in an artifact is a leak, never a coincidence.
const distinctiveToken = () => `TOKEN-${randomBytes(18).toString('hex')}-SHOULD-NEVER-APPEAR`;

/**
 * Creates a user without emails that the run does not own, as a real tenant has users the
 * harness did not create. scimmy's filter matching throws on a resource that lacks a complex
 * attribute the filter names, so without such a user the outcome of an unscoped value-path query
 * would depend on which other checks happen to hold users at that moment.
 */
async function addResidentUser(server: ScimmyServer): Promise<string> {
  const response = await fetch(new URL('Users', server.tenantUrl), {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/scim+json' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'resident@example.test' }),
  });
  expect(response.status, 'status of the resident user create').toBe(201);
  return ((await response.json()) as { id: string }).id;
}

test('scimmy server fails only known deviations', async () => {
  test.setTimeout(150_000);
  rmSync(RUN_FOLDER, { recursive: true, force: true });
  const server = await startScimmyServer({ token: distinctiveToken() });
  try {
    const residentId = await addResidentUser(server);

    const run = await runConformance(
      { SCIM_BASE_URL: server.tenantUrl, SCIM_TOKEN: server.token, SCIM_EXPECTATIONS: EXPECTATIONS, SCIM_DIALECT: 'entra' },
      [],
      120_000,
      RUN_FOLDER,
    );

    expect(run.exitCode, `exit code; output:\n${run.output.slice(-3000)}`).toBe(0);
    const report = readJson<ConformanceFile>(join(run.reportsDir, 'conformance.json'));
    expect(report.verdict.complete, 'complete run').toBe(true);
    expect(report.verdict.mustFailed, 'MUST failures outside the known deviations').toEqual([]);
    expect(report.verdict.shouldFailed, 'SHOULD failures outside the known deviations').toEqual([]);
    expect(report.verdict.mustUnverified, 'MUST requirements left unverified').toEqual([]);
    expect(report.verdict.fixedDeviations, 'known deviations that no longer occur').toEqual([]);
    expect(report.testsWithoutRequirement, 'checks that declare no requirement').toEqual([]);

    // Each entry of the expectations file must have matched a check that failed, or one that a
    // known deviation blocked.
    const expectations = readJson<Expectations>(EXPECTATIONS);
    const matchedReasons = new Set(
      report.requirements.flatMap((entry) =>
        entry.tests.filter((check) => check.status !== 'passed' && check.knownDeviation).map((check) => check.knownDeviation!.reason),
      ),
    );
    const unmatched = expectations.deviations.map((deviation) => deviation.reason).filter((reason) => !matchedReasons.has(reason));
    expect(unmatched, 'expectations entries that matched no failed or blocked check').toEqual([]);

    expect(report.cleanupFailures, 'deletions that failed').toEqual([]);
    expect([...server.store.users.keys()], 'users left on the server').toEqual([residentId]);
    expect(server.store.groups.size, 'groups left on the server').toBe(0);

    const scan = filesContaining(run.folder, server.token);
    expect(scan.files, 'files written by the run').toBeGreaterThan(10);
    expect(scan.matches, 'files that contain the token').toEqual([]);
    expect(run.output.includes(server.token), 'console output contains the token').toBe(false);
  } finally {
    await server.close();
  }
});
