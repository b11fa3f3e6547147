// Tests of request pacing and of retries on 429 and 503, against targets started on 127.0.0.1.

import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { expect, test } from '@playwright/test';
import { describeResponse } from '../../fixtures/assertions.js';
import { loadDialect } from '../../fixtures/dialects.js';
import { type HttpSettings, type RequestSpec, send, silentRecorder } from '../../fixtures/http.js';
import { httpSettings } from '../../fixtures/http-settings.js';
import { pacerFor } from '../../fixtures/pacer.js';
import { type RetryPolicy, retryAfterMs } from '../../fixtures/retry.js';
import { closeServers, listen } from './local-servers.js';

const TOKEN = 'pacing-test-token';
const getUsers: RequestSpec = { method: 'GET', path: 'Users' };

test.describe.configure({ timeout: 10_000 });

test.afterEach(closeServers);

/** Starts a target on 127.0.0.1 that records when each request arrived, in performance.now() ms. */
async function startTarget(handler: (request: IncomingMessage, response: ServerResponse, count: number) => void): Promise<{ port: number; arrivals: number[] }> {
  const arrivals: number[] = [];
  const server = createServer((request, response) => {
    arrivals.push(performance.now());
    handler(request, response, arrivals.length);
  });
  return { port: await listen(server), arrivals };
}

function answer(response: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/scim+json', ...headers });
  response.end(JSON.stringify(status === 200 ? { totalResults: 0, Resources: [] } : { detail: 'slow down', status: String(status) }));
}

function settingsFor(port: number, options: { maxRps?: number; processes?: number; retry?: RetryPolicy } = {}): HttpSettings {
  const baseUrl = `http://127.0.0.1:${port}/scim/v2/`;
  return httpSettings(
    { kind: 'remote', baseUrl, token: TOKEN, displayUrl: baseUrl },
    {
      timeoutMs: 2_000,
      headers: loadDialect('entra').headers,
      ...(options.maxRps === undefined ? {} : { maxRequestsPerSecond: options.maxRps }),
      ...(options.processes === undefined ? {} : { processes: options.processes }),
      ...(options.retry ? { retry: options.retry } : {}),
    },
  );
}

/** Returns the largest number of arrivals within any window of the given length. */
function busiestWindow(arrivals: number[], windowMs: number): number {
  let busiest = 0;
  for (const [index, start] of arrivals.entries()) {
    const inWindow = arrivals.slice(index).filter((time) => time < start + windowMs).length;
    busiest = Math.max(busiest, inWindow);
  }
  return busiest;
}

test('pacing keeps rate under limit', async () => {
  const target = await startTarget((_request, response) => answer(response, 200));
  // 80 per second split over 2 processes: this process sends at most 40 per second.
  const settings = settingsFor(target.port, { maxRps: 80, processes: 2 });

  await Promise.all(Array.from({ length: 24 }, () => send(settings, getUsers, silentRecorder)));

  const arrivals = [...target.arrivals].sort((left, right) => left - right);
  const spanMs = arrivals[arrivals.length - 1] - arrivals[0];
  expect(settings.pacer?.requestsPerSecond, 'share of the limit').toBe(40);
  expect(arrivals.length, 'requests received').toBe(24);
  // 24 requests 25 ms apart span at least 575 ms; a little slack covers timer rounding.
  expect(spanMs, 'time from first to last request, ms').toBeGreaterThanOrEqual(540);
  // At 40 per second, a 250 ms window contains 10 slots, and at most one more for a request at its edge.
  expect(busiestWindow(arrivals, 250), 'requests in the busiest 250 ms').toBeLessThanOrEqual(11);
});

test('pacer absent without limit', () => {
  expect(pacerFor(0, 4), 'pacer for limit 0').toBeUndefined();
  expect(pacerFor(25, 4)?.requestsPerSecond, 'share of 25 per second for 4 processes').toBe(6.25);
});

test('429 retried after Retry-After', async () => {
  const target = await startTarget((_request, response, count) => {
    if (count === 1) answer(response, 429, { 'Retry-After': '1' });
    else answer(response, 200);
  });

  const response = await send(settingsFor(target.port, { retry: { maxRetries: 2, maxWaitMs: 5_000 } }), getUsers, silentRecorder);

  expect(response.status, 'status').toBe(200);
  expect(target.arrivals.length, 'requests received').toBe(2);
  expect(target.arrivals[1] - target.arrivals[0], 'wait before the retry, ms').toBeGreaterThanOrEqual(950);
  expect(response.exchange.attempts?.map((attempt) => attempt.status), 'recorded attempts').toEqual([429, 200]);
  expect(response.exchange.attempts?.[0]?.waitedMs, 'recorded wait').toBe(1_000);
});

test('503 with HTTP date retried', async () => {
  const target = await startTarget((_request, response, count) => {
    // An HTTP date has whole seconds, so a date 1 s ahead means a wait of up to 1 s.
    if (count === 1) answer(response, 503, { 'Retry-After': new Date(Date.now() + 1_000).toUTCString() });
    else answer(response, 200);
  });

  const response = await send(settingsFor(target.port, { retry: { maxRetries: 2, maxWaitMs: 5_000 } }), getUsers, silentRecorder);

  expect(response.status, 'status').toBe(200);
  expect(target.arrivals.length, 'requests received').toBe(2);
});

test('retries bounded by max retries', async () => {
  const target = await startTarget((_request, response) => answer(response, 429, { 'Retry-After': '0' }));

  const response = await send(settingsFor(target.port, { retry: { maxRetries: 2, maxWaitMs: 5_000 } }), getUsers, silentRecorder);

  const message = describeResponse(response);
  expect(response.status, 'status').toBe(429);
  expect(target.arrivals.length, 'requests received').toBe(3);
  expect(message, 'message names the status and Retry-After').toContain('answered 429 (Retry-After 0)');
  expect(message, 'message names the limit').toContain('gave up after 2 retries, the limit SCIM_MAX_RETRIES sets');
});

test('long Retry-After not waited for', async () => {
  const target = await startTarget((_request, response) => answer(response, 429, { 'Retry-After': '30' }));
  const started = performance.now();

  const response = await send(settingsFor(target.port, { retry: { maxRetries: 2, maxWaitMs: 1_000 } }), getUsers, silentRecorder);

  expect(response.status, 'status').toBe(429);
  expect(target.arrivals.length, 'requests received').toBe(1);
  expect(performance.now() - started, 'time until the 429 was returned, ms').toBeLessThan(1_000);
  expect(response.exchange.notRetried, 'reason recorded').toBe(
    'not retried, because Retry-After asks for 30 s and SCIM_RETRY_MAX_WAIT_MS allows 1000 ms',
  );
});

test('request opting out not retried', async () => {
  const target = await startTarget((_request, response) => answer(response, 429, { 'Retry-After': '0' }));

  const response = await send(settingsFor(target.port, { retry: { maxRetries: 2, maxWaitMs: 5_000 } }), { ...getUsers, retry: false }, silentRecorder);

  expect(response.status, 'status').toBe(429);
  expect(target.arrivals.length, 'requests received').toBe(1);
});

test('503 without Retry-After not retried', async () => {
  const target = await startTarget((_request, response) => answer(response, 503));

  const response = await send(settingsFor(target.port, { retry: { maxRetries: 2, maxWaitMs: 5_000 } }), getUsers, silentRecorder);

  expect(response.status, 'status').toBe(503);
  expect(target.arrivals.length, 'requests received').toBe(1);
});

test('Retry-After forms parsed', () => {
  const now = Date.parse('Sun, 06 Nov 1994 08:49:37 GMT');

  expect(retryAfterMs('120', now), 'delta-seconds').toBe(120_000);
  expect(retryAfterMs('Sun, 06 Nov 1994 08:49:47 GMT', now), 'HTTP date 10 s ahead').toBe(10_000);
  expect(retryAfterMs('Sun, 06 Nov 1994 08:49:00 GMT', now), 'HTTP date in the past').toBe(0);
  expect(retryAfterMs('Sunday, 06-Nov-94 08:49:47 GMT', now), 'obsolete RFC 850 date').toBe(10_000);
  expect(retryAfterMs('Sun Nov  6 08:49:47 1994', now), 'asctime date').toBe(10_000);
  expect(retryAfterMs('1994-11-06', now), 'ISO date').toBeUndefined();
  expect(retryAfterMs('soon', now), 'text').toBeUndefined();
  expect(retryAfterMs(undefined, now), 'absent').toBeUndefined();
});
