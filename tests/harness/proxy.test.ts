// Tests of proxy selection from HTTP_PROXY and NO_PROXY, with proxies started on 127.0.0.1.

import { type IncomingMessage, createServer } from 'node:http';
import { expect, test } from '@playwright/test';
import { createProxy } from 'proxy';
import { loadDialect } from '../../fixtures/dialects.js';
import { type HttpSettings, send, silentRecorder } from '../../fixtures/http.js';
import { httpSettings } from '../../fixtures/http-settings.js';
import { closeServers, listen } from './local-servers.js';

const TOKEN = 'proxy-test-token';
const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];

let savedEnv: Record<string, string | undefined> = {};

test.describe.configure({ timeout: 5_000 });

test.beforeEach(() => {
  savedEnv = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of PROXY_VARIABLES) delete process.env[name];
});

test.afterEach(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await closeServers();
});

/** Starts a target on 127.0.0.1 that responds to every request with an empty list. */
async function startTarget(): Promise<{ port: number; received: number }> {
  const state = { port: 0, received: 0 };
  state.port = await listen(
    createServer((_request, response) => {
      state.received += 1;
      response.writeHead(200, { 'Content-Type': 'application/scim+json' });
      response.end(JSON.stringify({ totalResults: 0, Resources: [] }));
    }),
  );
  return state;
}

/** Starts a forwarding proxy on 127.0.0.1 and lists the request URLs it forwarded. */
async function startForwardProxy(): Promise<{ url: string; forwarded: string[] }> {
  const forwarded: string[] = [];
  const server = createProxy(createServer());
  server.prependListener('request', (request: IncomingMessage) => forwarded.push(request.url ?? ''));
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, forwarded };
}

/**
 * Starts a proxy that responds to each request itself, so that a target at a name that does not
 * resolve can be reached through it without any request leaving this machine.
 */
async function startAnsweringProxy(): Promise<{ url: string; seen: { url: string; authorization?: string }[] }> {
  const seen: { url: string; authorization?: string }[] = [];
  const port = await listen(
    createServer((request, response) => {
      seen.push({ url: request.url ?? '', authorization: request.headers.authorization });
      // Echoes the proxy credentials, so that tests can check they are redacted.
      response.writeHead(200, { 'Content-Type': 'application/scim+json' });
      response.end(JSON.stringify({ totalResults: 0, Resources: [], proxyAuthorization: request.headers['proxy-authorization'] }));
    }),
  );
  return { url: `http://127.0.0.1:${port}`, seen };
}

function settingsFor(baseUrl: string, proxyLoopback = false): HttpSettings {
  return httpSettings(
    { kind: 'remote', baseUrl, token: TOKEN, displayUrl: baseUrl },
    { timeoutMs: 2_000, headers: loadDialect('entra').headers, ...(proxyLoopback ? { proxyLoopback: true } : {}) },
  );
}

test('HTTP_PROXY used for remote host', async () => {
  const proxy = await startAnsweringProxy();
  process.env.HTTP_PROXY = proxy.url;

  const response = await send(settingsFor('http://scim.example.test/scim/v2/'), { method: 'GET', path: 'Users' }, silentRecorder);

  expect(response.status, 'status').toBe(200);
  expect(proxy.seen.map((request) => request.url), 'URLs the proxy saw').toEqual(['http://scim.example.test/scim/v2/Users']);
  expect(proxy.seen[0]?.authorization, 'Authorization the proxy forwarded').toBe(`Bearer ${TOKEN}`);
});

test('lower-case http_proxy used', async () => {
  const proxy = await startAnsweringProxy();
  process.env.http_proxy = proxy.url;

  await send(settingsFor('http://scim.example.test/scim/v2/'), { method: 'GET', path: 'Users' }, silentRecorder);

  expect(proxy.seen.length, 'requests the proxy saw').toBe(1);
});

test('proxy forwards to target', async () => {
  const target = await startTarget();
  const proxy = await startForwardProxy();
  process.env.HTTP_PROXY = proxy.url;

  const response = await send(settingsFor(`http://127.0.0.1:${target.port}/scim/v2/`, true), { method: 'GET', path: 'Users' }, silentRecorder);

  expect(response.status, 'status').toBe(200);
  expect(proxy.forwarded, 'URLs the proxy forwarded').toEqual([`http://127.0.0.1:${target.port}/scim/v2/Users`]);
  expect(target.received, 'requests the target received').toBe(1);
});

test('loopback target bypasses proxy', async () => {
  const target = await startTarget();
  const proxy = await startForwardProxy();
  process.env.HTTP_PROXY = proxy.url;

  const response = await send(settingsFor(`http://127.0.0.1:${target.port}/scim/v2/`), { method: 'GET', path: 'Users' }, silentRecorder);

  expect(response.status, 'status').toBe(200);
  expect(proxy.forwarded, 'URLs the proxy forwarded').toEqual([]);
  expect(target.received, 'requests the target received').toBe(1);
});

test('NO_PROXY host bypasses proxy', async () => {
  const target = await startTarget();
  const proxy = await startForwardProxy();
  process.env.HTTP_PROXY = proxy.url;
  process.env.NO_PROXY = 'scim.example.test,127.0.0.1';

  const response = await send(settingsFor(`http://127.0.0.1:${target.port}/scim/v2/`, true), { method: 'GET', path: 'Users' }, silentRecorder);

  expect(response.status, 'status').toBe(200);
  expect(proxy.forwarded, 'URLs the proxy forwarded').toEqual([]);
  expect(target.received, 'requests the target received').toBe(1);
});

test('proxy password redacted', async () => {
  const proxy = await startAnsweringProxy();
  const password = 'proxy-password-9f3c';
  process.env.HTTP_PROXY = proxy.url.replace('http://', `http://user:${password}@`);

  const response = await send(settingsFor('http://scim.example.test/scim/v2/'), { method: 'GET', path: 'Users' }, silentRecorder);

  const recorded = JSON.stringify(response.exchange);
  const basic = Buffer.from(`user:${password}`).toString('base64');
  expect(response.text, 'echoed credentials shown redacted').toContain('Basic [REDACTED]');
  expect(recorded.includes(basic), 'record contains the Basic credentials').toBe(false);
  expect(response.text.includes(basic), 'body contains the Basic credentials').toBe(false);
});
