// 429 handling of load runs: reading Retry-After, the bound on retries and on the wait, and a
// run against a rate-limited mock realm on 127.0.0.1.

import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { httpSettings } from '../../fixtures/http-settings.js';
import { MAX_LAG_MS, Pacer } from '../../fixtures/pacer.js';
import { retryAfterMs } from '../../fixtures/retry.js';
import { runLoad } from '../../load/run.js';
import { Traffic } from '../../load/traffic.js';
import { REQUEST_TIMEOUT_MS, loadOptions, loadTarget, startRosterServer } from './load-target.js';

// The rate-limited run waits for one or two Retry-After periods of 1 s.
test.describe.configure({ timeout: 15_000 });

test('Retry-After in seconds', () => {
  expect(retryAfterMs('3'), 'delay of "3"').toBe(3000);
  expect(retryAfterMs(' 0 '), 'delay of " 0 "').toBe(0);
});

test('Retry-After as HTTP date', () => {
  const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');

  expect(retryAfterMs('Wed, 21 Oct 2026 07:28:05 GMT', now), 'delay of a date 5 s ahead').toBe(5000);
  expect(retryAfterMs('Wed, 21 Oct 2026 07:27:00 GMT', now), 'delay of a past date').toBe(0);
});

test('Retry-After invalid or missing', () => {
  expect(retryAfterMs(undefined), 'missing header').toBeUndefined();
  expect(retryAfterMs(''), 'empty header').toBeUndefined();
  expect(retryAfterMs('-1'), 'negative seconds').toBeUndefined();
  expect(retryAfterMs('1.5'), 'fractional seconds').toBeUndefined();
  expect(retryAfterMs('soon'), 'a word').toBeUndefined();
});

/** Starts a server on 127.0.0.1 that responds to every request with 429 and the given Retry-After. */
async function alwaysThrottled(retryAfter: string): Promise<{ server: Server; traffic: (maxRetries: number, maxRetryWaitMs: number) => Traffic; received: () => number }> {
  let received = 0;
  const server = createServer((request, response) => {
    received += 1;
    request.resume();
    response.writeHead(429, { 'Retry-After': retryAfter, 'Content-Type': 'application/scim+json' });
    response.end('{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"429"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const http = httpSettings({ kind: 'remote', baseUrl: `http://127.0.0.1:${port}/scim/`, token: 'load-test-token', displayUrl: '' }, { timeoutMs: REQUEST_TIMEOUT_MS, headers: {} });
  return {
    server,
    traffic: (maxRetries, maxRetryWaitMs) => new Traffic(http, new Pacer(1000, { maxLagMs: MAX_LAG_MS }), { maxRetries, maxRetryWaitMs }),
    received: () => received,
  };
}

test('429 retries are bounded', async () => {
  const target = await alwaysThrottled('0');
  try {
    const traffic = target.traffic(2, 30_000);

    const response = await traffic.request({ kind: 'query user', spec: { method: 'GET', path: 'Users' } });
    const [figures] = traffic.figures(['query user']);

    expect(response?.status, 'final status').toBe(429);
    expect(target.received(), 'requests the server received').toBe(3);
    expect(figures.requests, 'requests counted').toBe(3);
    expect(figures.throttled, '429 responses counted').toBe(3);
    expect(figures.retries, 'retries counted').toBe(2);
    expect(figures.errors, 'errors counted').toBe(1);
    expect(traffic.errors.samples, 'error message').toEqual(['query user: still 429 after 2 retries']);
  } finally {
    target.server.close();
  }
});

test('long Retry-After is not waited for', async () => {
  const target = await alwaysThrottled('120');
  try {
    const traffic = target.traffic(3, 30_000);
    const started = performance.now();

    await traffic.request({ kind: 'create user', spec: { method: 'POST', path: 'Users', body: {} } });
    const [figures] = traffic.figures(['create user']);

    expect(performance.now() - started, 'time taken, ms').toBeLessThan(1000);
    expect(target.received(), 'requests the server received').toBe(1);
    expect(figures.retries, 'retries counted').toBe(0);
    expect(figures.errors, 'errors counted').toBe(1);
    expect(traffic.errors.samples[0], 'error message').toContain('Retry-After "120"');
  } finally {
    target.server.close();
  }
});

test('rate-limited realm is retried', async () => {
  const server = await startRosterServer();
  try {
    // The bucket contains 10 requests, and the run needs about 30 at 50 per second.
    const { realm, context } = loadTarget(server, { rateLimit: { requestsPerSecond: 10 } });
    const started = performance.now();

    const report = await runLoad(loadOptions({ users: 8, rate: 50, concurrency: 4, groups: 1, batchSize: 10 }), context);
    const elapsedMs = performance.now() - started;

    expect(report.errors.samples, 'errors').toEqual([]);
    expect(report.cycle.overall.throttled, '429 responses in the cycle').toBeGreaterThan(0);
    expect(report.cycle.overall.retries, 'retries in the cycle').toBe(report.cycle.overall.throttled);
    expect(report.users.created, 'users created').toBe(8);
    expect(report.membersAdded, 'members added').toBe(8);
    // The mock's Retry-After is 1 s; without waiting for it, 30 requests at 50 per second take 0.6 s.
    expect(elapsedMs, 'duration of the run, ms').toBeGreaterThanOrEqual(1000);
    expect(report.sustained.result, 'verdict on 25 requests per second').not.toBe('yes');
    expect(realm.users.byId.size, 'users left on the realm').toBe(0);
  } finally {
    await server.close();
  }
});
