// End-to-end runs of `npm run conformance` against a mock roster started here, reached through
// SCIM_BASE_URL and SCIM_TOKEN exactly as a remote tenant would be.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { FaultName } from '../../mocks/roster/faults.js';
import { type RosterServer, startRosterServer } from '../../mocks/roster/server.js';
import { filesContaining, readJson, runConformance } from './run-conformance.js';

interface ConformanceFile {
  target: { kind: string; baseUrl: string };
  seed: number;
  dialects: string[];
  verdict: { conformant: boolean; level: string; mustFailed: string[]; shouldFailed: string[] };
  requirements: { id: string; status: string; dialects: Record<string, string>; tests: { status: string }[] }[];
}

// Distinctive enough that any copy of it in an artifact is a leak, never a coincidence.
const distinctiveToken = () => `TOKEN-${randomBytes(18).toString('hex')}-SHOULD-NEVER-APPEAR`;

let server: RosterServer;

test.beforeAll(async () => {
  server = await startRosterServer();
});

test.afterAll(async () => {
  await server.close();
});

function realmWith(faults: FaultName[] = []) {
  const token = distinctiveToken();
  const realm = server.addRealm({ token, faults });
  // No trailing slash: the harness must keep the realm segment when it joins paths.
  const baseUrl = server.tenantUrl(realm.id).replace(/\/$/, '');
  return { realm, token, baseUrl };
}

test('clean target passes in every dialect', async () => {
  test.setTimeout(180_000);
  const { realm, token, baseUrl } = realmWith();

  const run = await runConformance({ SCIM_BASE_URL: baseUrl, SCIM_TOKEN: token, SCIM_DIALECT: 'all' }, [], 170_000);

  expect(run.exitCode, `exit code; output:\n${run.output.slice(-3000)}`).toBe(0);
  expect(existsSync(join(run.reportsDir, 'allure-report', 'index.html')), 'Allure report index.html').toBe(true);
  const report = readJson<ConformanceFile>(join(run.reportsDir, 'conformance.json'));
  expect(report.verdict.conformant, 'verdict').toBe(true);
  expect(report.dialects, 'dialects of the run').toEqual(['entra', 'entra-aadoptscim062020', 'rfc']);
  const notPassed = report.requirements.filter((entry) =>
    Object.values(entry.dialects).some((status) => status === 'failed'),
  );
  expect(notPassed.map((entry) => entry.id), 'requirements that failed in some dialect').toEqual([]);
  expect(report.target.baseUrl, 'target in conformance.json').toBe(`${baseUrl}/`);
  expect(typeof report.seed, 'seed in conformance.json').toBe('number');
  expect(run.output, 'the run prints its seed').toContain(`SCIM_SEED=${report.seed}`);

  const scan = filesContaining(run.folder, token);
  expect(scan.files, 'files written by the run').toBeGreaterThan(10);
  expect(scan.matches, 'files that contain the token').toEqual([]);
  expect(run.output.includes(token), 'console output contains the token').toBe(false);
  expect(realm.users.byId.size, 'users left on the target').toBe(0);
  expect(realm.groups.byId.size, 'groups left on the target').toBe(0);
});

test('MUST failure exits 1 and names the requirement', async () => {
  test.setTimeout(120_000);
  const { realm, token, baseUrl } = realmWith(['member-remove-clears-all']);

  const run = await runConformance({ SCIM_BASE_URL: baseUrl, SCIM_TOKEN: token }, ['--grep', '@ENTRA-MEMBER-REMOVE']);

  expect(run.exitCode, `exit code; output:\n${run.output.slice(-3000)}`).toBe(1);
  const report = readJson<ConformanceFile>(join(run.reportsDir, 'conformance.json'));
  expect(report.verdict.conformant, 'verdict').toBe(false);
  expect(report.verdict.mustFailed, 'MUST requirements failed').toEqual(['ENTRA-MEMBER-REMOVE']);
  expect(existsSync(join(run.reportsDir, 'allure-report', 'index.html')), 'Allure report index.html').toBe(true);
  const removal = filesContaining(join(run.reportsDir, 'allure-results'), '"op": "Remove"');
  expect(removal.matches.length, 'attachments holding the removal exchange').toBeGreaterThan(0);
  expect(filesContaining(run.folder, token).matches, 'files that contain the token').toEqual([]);
  expect(realm.groups.byId.size, 'groups left on the target').toBe(0);
});

test('SHOULD failure alone exits 0', async () => {
  test.setTimeout(120_000);
  // Names are read case-insensitively, so a lowercase "resources" breaks only a SHOULD.
  const { token, baseUrl } = realmWith(['list-lowercase-resources']);

  const run = await runConformance({ SCIM_BASE_URL: baseUrl, SCIM_TOKEN: token });

  expect(run.exitCode, `exit code; output:\n${run.output.slice(-3000)}`).toBe(0);
  const report = readJson<ConformanceFile>(join(run.reportsDir, 'conformance.json'));
  expect(report.verdict.shouldFailed, 'SHOULD requirements failed').toEqual(['RFC7643-2.1-case']);
  expect(report.verdict.level, 'conformance level').toBe('MUST');
  expect(report.verdict.conformant, 'verdict').toBe(true);
});

/**
 * Starts a target that echoes the Authorization header and URL back in every response: in a JSON
 * list for Test Connection and in an HTML error page for everything else.
 */
async function startEchoTarget(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const echo = `${request.headers.authorization ?? ''} url=${request.url ?? ''}`;
    if (request.method === 'GET' && request.url?.includes('filter=')) {
      const body = JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        totalResults: 0,
        Resources: [],
        echo,
      });
      response.writeHead(200, { 'Content-Type': 'application/scim+json', 'X-Echo': echo });
      response.end(body);
      return;
    }
    response.writeHead(500, { 'Content-Type': 'text/html', 'X-Echo': echo });
    response.end(`<html><body><h1>Internal error</h1><pre>${echo}</pre></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/scim/v1/Realms/echo/` };
}

test('target echoing secrets leaks none', async () => {
  test.setTimeout(120_000);
  const token = distinctiveToken();
  const key = `QKEY${randomBytes(12).toString('hex')}`;
  const echo = await startEchoTarget();
  try {
    const run = await runConformance(
      { SCIM_BASE_URL: `${echo.url}?code=${key}`, SCIM_TOKEN: token },
      ['--grep', '@ENTRA-TEST-CONNECTION|@RFC7644-3.12-404|@RFC7644-3.4.1'],
    );

    expect(run.exitCode, `exit code; output:\n${run.output.slice(-3000)}`).toBe(1);
    expect(run.output, 'console output shows the echo, redacted').toContain('[REDACTED]');
    expect(run.output.includes(token), 'console output contains the token').toBe(false);
    expect(run.output.includes(key), 'console output contains the query key').toBe(false);
    expect(filesContaining(run.folder, token).matches, 'files that contain the token').toEqual([]);
    expect(filesContaining(run.folder, key).matches, 'files that contain the query key').toEqual([]);
  } finally {
    await new Promise<void>((resolve) => echo.server.close(() => resolve()));
  }
});

test('unreachable target fails fast with the cause', async () => {
  test.setTimeout(60_000);
  const closed = await startRosterServer();
  const url = `${closed.origin}/scim/v1/Realms/gone/`;
  await closed.close();

  const run = await runConformance({ SCIM_BASE_URL: url, SCIM_TOKEN: distinctiveToken() });

  expect(run.exitCode, 'exit code').toBe(2);
  expect(run.output, 'output names the refused connection').toContain('refused the connection');
  expect(run.output, 'output says no check ran').toContain('The conformance run did not start');
  expect(existsSync(join(run.reportsDir, 'conformance.json')), 'conformance.json written').toBe(false);
  expect(run.durationMs, 'duration of the run in milliseconds').toBeLessThan(30_000);
});

test('missing token stops before any check', async () => {
  const run = await runConformance({ SCIM_BASE_URL: 'http://127.0.0.1:9/scim/v1/Realms/r1/' });

  expect(run.exitCode, 'exit code').toBe(2);
  expect(run.output, 'output names the missing variable').toContain('SCIM_TOKEN is not set');
  expect(run.output, 'output carries no stack trace').not.toMatch(/\n\s+at /);
});

test('wrong token stops before any check', async () => {
  const { baseUrl } = realmWith();

  const run = await runConformance({ SCIM_BASE_URL: baseUrl, SCIM_TOKEN: distinctiveToken() });

  expect(run.exitCode, 'exit code').toBe(2);
  expect(run.output, 'output names the rejected token').toContain('the target rejected the bearer token');
  expect(run.output, 'output names the setting to fix').toContain('Check SCIM_TOKEN');
});

test('wrong token file named in the message', async () => {
  const { baseUrl } = realmWith();
  const folder = mkdtempSync(join(tmpdir(), 'scim-e2e-token-'));
  const tokenFile = join(folder, 'roster-token');
  writeFileSync(tokenFile, `${distinctiveToken()}\n`);

  const run = await runConformance({ SCIM_BASE_URL: baseUrl }, ['--token-file', tokenFile], 60_000, folder);

  expect(run.exitCode, 'exit code').toBe(2);
  expect(run.output, 'output names the file').toContain(`Check the file ${tokenFile} (--token-file)`);
});

test('MOCK_FAULTS reaches the embedded mock', async () => {
  test.setTimeout(120_000);

  const run = await runConformance({ MOCK_FAULTS: 'create-no-location' }, ['--grep', '@RFC7644-3.3-location']);

  expect(run.exitCode, `exit code; output:\n${run.output.slice(-2000)}`).toBe(1);
  expect(run.output, 'fault named at the start').toContain('Mock faults: create-no-location (MOCK_FAULTS)');
  const report = readJson<ConformanceFile>(join(run.reportsDir, 'conformance.json'));
  expect(report.verdict.mustFailed, 'failed MUST requirements').toEqual(['RFC7644-3.3-location']);
});

test('unknown MOCK_FAULTS name stops the run', async () => {
  const run = await runConformance({ MOCK_FAULTS: 'no-such-fault' });

  expect(run.exitCode, 'exit code').toBe(2);
  expect(run.output, 'message names the fault').toContain('MOCK_FAULTS: Unknown fault "no-such-fault"');
  expect(run.output, 'output carries no stack trace').not.toMatch(/\n\s+at /);
});

test('failed start keeps previous reports', async () => {
  test.setTimeout(120_000);
  const { token, baseUrl } = realmWith();
  const first = await runConformance({ SCIM_BASE_URL: baseUrl, SCIM_TOKEN: token }, ['--grep', '@ENTRA-TEST-CONNECTION']);
  const before = readJson<{ startedAt: string }>(join(first.reportsDir, 'conformance.json')).startedAt;

  const second = await runConformance({ SCIM_BASE_URL: baseUrl, SCIM_TOKEN: distinctiveToken() }, [], 60_000, first.folder);

  expect(first.exitCode, 'exit code of the first run').toBe(0);
  expect(second.exitCode, 'exit code of the run that could not start').toBe(2);
  expect(second.output, 'output says the reports stayed').toContain('still holds the reports of the previous run');
  expect(readJson<{ startedAt: string }>(join(second.reportsDir, 'conformance.json')).startedAt, 'conformance.json of the first run').toBe(before);
  expect(existsSync(join(second.reportsDir, 'junit.xml')), 'junit.xml of the first run').toBe(true);
  expect(existsSync(join(second.reportsDir, 'allure-report', 'index.html')), 'Allure report of the first run').toBe(true);
  expect(existsSync(join(second.reportsDir, '.previous-run')), 'folder of the moved reports').toBe(false);
});

test('wrong realm stops before any check', async () => {
  const { token, baseUrl } = realmWith();

  const run = await runConformance({ SCIM_BASE_URL: baseUrl.replace(/Realms\/[^/]+/, 'Realms/no-such-realm'), SCIM_TOKEN: token });

  expect(run.exitCode, 'exit code').toBe(2);
  expect(run.output, 'output shows what the target said').toContain('Realm "no-such-realm" not found');
  expect(run.output, 'output names the realm id').toContain('the realm id');
});

test('partial run gives no verdict', async () => {
  test.setTimeout(120_000);
  const { token, baseUrl } = realmWith();

  const run = await runConformance({ SCIM_BASE_URL: baseUrl, SCIM_TOKEN: token }, ['--grep', '@ENTRA-DISABLE']);

  expect(run.exitCode, `exit code; output:\n${run.output.slice(-3000)}`).toBe(0);
  const report = readJson<ConformanceFile & { verdict: { complete: boolean; summary: string } }>(join(run.reportsDir, 'conformance.json'));
  expect(report.verdict.complete, 'complete').toBe(false);
  expect(report.verdict.conformant, 'conformant').toBe(false);
  expect(report.verdict.summary, 'summary').toContain('No verdict: partial run');
});

test('known deviation keeps the gate green', async () => {
  test.setTimeout(120_000);
  const { token, baseUrl } = realmWith(['member-remove-clears-all']);
  const expectations = join(mkdtempSync(join(tmpdir(), 'scim-e2e-expectations-')), 'expectations.json');
  writeFileSync(
    expectations,
    JSON.stringify({
      target: 'mock roster with one known fault',
      deviations: [
        { requirement: 'ENTRA-MEMBER-REMOVE', reason: 'removal by value array clears the group', link: 'https://tracker.example.test/1' },
        { requirement: 'ENTRA-CYCLE-MEMBERS-REMOVE', reason: 'the same fault, in the provisioning cycle' },
      ],
    }),
  );

  const run = await runConformance({ SCIM_BASE_URL: baseUrl, SCIM_TOKEN: token, SCIM_EXPECTATIONS: expectations });

  expect(run.exitCode, `exit code; output:\n${run.output.slice(-3000)}`).toBe(0);
  const report = readJson<ConformanceFile & { verdict: { knownDeviations: string[] } }>(join(run.reportsDir, 'conformance.json'));
  expect(report.verdict.knownDeviations.sort(), 'known deviations').toEqual(['ENTRA-CYCLE-MEMBERS-REMOVE', 'ENTRA-MEMBER-REMOVE']);
  expect(report.verdict.mustFailed, 'MUST failures outside the known deviations').toEqual([]);
  expect(report.verdict.conformant, 'verdict').toBe(false);
});

test('fixed deviation fails the gate', async () => {
  test.setTimeout(120_000);
  const { token, baseUrl } = realmWith();
  const expectations = join(mkdtempSync(join(tmpdir(), 'scim-e2e-expectations-')), 'expectations.json');
  writeFileSync(expectations, JSON.stringify({ deviations: [{ requirement: 'ENTRA-MEMBER-REMOVE', reason: 'was broken once' }] }));

  const run = await runConformance({ SCIM_BASE_URL: baseUrl, SCIM_TOKEN: token, SCIM_EXPECTATIONS: expectations }, [
    '--grep',
    '@ENTRA-MEMBER-REMOVE',
  ]);

  expect(run.exitCode, `exit code; output:\n${run.output.slice(-3000)}`).toBe(1);
  expect(run.output, 'output asks to remove the entry').toContain('remove their entries from the expectations file');
});
