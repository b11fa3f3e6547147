// Component tests of fixtures/http.ts against HTTP and TCP servers started on 127.0.0.1.

import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { expect, test } from '@playwright/test';
import { loadDialect } from '../../fixtures/dialects.js';
import { type HttpSettings, type RequestSpec, TransportError, send, silentRecorder } from '../../fixtures/http.js';
import { createRedactor } from '../../fixtures/redact.js';
import { closeServers, listen } from './local-servers.js';

// Contains characters that URL encoding and JSON escaping both change.
const TOKEN = 'Tk9/secret+token="value"\\end';
const TIMEOUT_MS = 300;
// The rfc dialect sends both Content-Type and Accept, so tests can see each header come and go.
const RFC_HEADERS = loadDialect('rfc').headers;

interface ReceivedRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
}

interface LocalServer {
  port: number;
  received: ReceivedRequest[];
}

test.describe.configure({ timeout: 5_000 });

test.afterEach(closeServers);

/** Starts an HTTP server that records every request before passing it to the handler. */
async function startHttpServer(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<LocalServer> {
  const received: ReceivedRequest[] = [];
  const server = createHttpServer((request, response) => {
    received.push({ method: request.method, url: request.url, headers: request.headers });
    handler(request, response);
  });
  const port = await listen(server);
  return { port, received };
}

/** Returns a port on 127.0.0.1 that nothing listens on, by opening and closing a server. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function settingsFor(port: number, overrides: Partial<HttpSettings> = {}): HttpSettings {
  return {
    target: { kind: 'remote', baseUrl: `http://127.0.0.1:${port}/scim/v1/Realms/r1/`, token: TOKEN, displayUrl: '' },
    timeoutMs: TIMEOUT_MS,
    headers: RFC_HEADERS,
    redact: createRedactor([TOKEN]),
    maxResponseBytes: 64 * 1024,
    userAgent: 'scim-conformance-test',
    ...overrides,
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/scim+json' });
  response.end(JSON.stringify(body));
}

/** Returns the TransportError a request raises, or fails the test when the request succeeds. */
async function transportErrorOf(request: Promise<unknown>): Promise<TransportError> {
  try {
    await request;
  } catch (error) {
    expect(error, 'error class').toBeInstanceOf(TransportError);
    return error as TransportError;
  }
  throw new Error('expected a TransportError, but the request succeeded');
}

const getUsers: RequestSpec = { method: 'GET', path: 'Users' };

test('JSON response parsed and recorded', async () => {
  const body = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0 };
  const server = await startHttpServer((_request, response) => sendJson(response, 200, body));

  const response = await send(settingsFor(server.port), { ...getUsers, query: { startIndex: '1' } }, silentRecorder);

  const expectedUrl = `http://127.0.0.1:${server.port}/scim/v1/Realms/r1/Users?startIndex=1`;
  expect(response.status, 'status').toBe(200);
  expect(response.json, 'parsed body').toEqual(body);
  expect(response.jsonError, 'parse error').toBeUndefined();
  expect(response.exchange.request.method, 'recorded method').toBe('GET');
  expect(response.exchange.request.url, 'recorded URL').toBe(expectedUrl);
  expect(response.exchange.request.headers.Authorization, 'recorded Authorization').toBe('Bearer [REDACTED]');
  expect(response.exchange.response?.status, 'recorded status').toBe(200);
  expect(response.exchange.response?.body, 'recorded body').toEqual(body);
  expect(server.received[0]?.url, 'path the server received').toBe('/scim/v1/Realms/r1/Users?startIndex=1');
});

test('token absent from exchange record', async () => {
  const server = await startHttpServer((request, response) => {
    const authorization = request.headers.authorization ?? '';
    response.setHeader('X-Echo-Authorization', authorization);
    response.setHeader('X-Echo-Encoded', encodeURIComponent(authorization));
    sendJson(response, 401, { detail: `rejected ${authorization}`, headers: request.headers });
  });

  const response = await send(settingsFor(server.port), getUsers, silentRecorder);

  const recorded = JSON.stringify(response.exchange);
  expect(server.received[0]?.headers.authorization, 'token the server received').toBe(`Bearer ${TOKEN}`);
  expect(response.text, 'body the test sees').toContain('Bearer [REDACTED]');
  expect(response.text, 'JSON-escaped token in the body the test sees').not.toContain(JSON.stringify(TOKEN).slice(1, -1));
  expect(recorded, 'raw token in the record').not.toContain(TOKEN);
  expect(recorded, 'JSON-escaped token in the record').not.toContain(JSON.stringify(TOKEN).slice(1, -1));
  expect(recorded, 'URL-encoded token in the record').not.toContain(encodeURIComponent(TOKEN));
  expect(response.exchange.response?.headers['x-echo-authorization'], 'echoed header').toBe('Bearer [REDACTED]');
});

test('token absent from cut excerpt', async () => {
  const token = 'eyJhbGciOiJIUzI1NiJ9.long-opaque-signature-value';
  const leakedLength = 30;
  const server = await startHttpServer((request, response) => {
    const authorization = request.headers.authorization ?? '';
    const padding = 'x'.repeat(4000 - 'Bearer '.length - leakedLength);
    response.writeHead(401, { 'Content-Type': 'text/html' });
    response.end(`${padding}${authorization}</p></html>`);
  });
  const settings = settingsFor(server.port, {
    target: { kind: 'remote', baseUrl: `http://127.0.0.1:${server.port}/`, token, displayUrl: '' },
    redact: createRedactor([token]),
  });

  const response = await send(settings, getUsers, silentRecorder);

  const recorded = JSON.stringify(response.exchange);
  expect(recorded.includes(token.slice(0, leakedLength)), 'record contains the first 30 characters of the token').toBe(false);
});

test('silent server times out', async () => {
  const server = await startHttpServer(() => {});
  const started = performance.now();

  const error = await transportErrorOf(send(settingsFor(server.port), getUsers, silentRecorder));

  const elapsed = performance.now() - started;
  expect(error.message, 'error message').toContain(`${TIMEOUT_MS} ms`);
  expect(error.exchange.error, 'recorded error').toBe(error.message);
  expect(elapsed, 'milliseconds before the error').toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  expect(elapsed, 'milliseconds before the error').toBeLessThan(TIMEOUT_MS + 1_500);
});

test('stalled body times out', async () => {
  const server = await startHttpServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/scim+json' });
    response.write('{"schemas":');
  });

  const error = await transportErrorOf(send(settingsFor(server.port), getUsers, silentRecorder));

  expect(error.message, 'error message').toContain(`${TIMEOUT_MS} ms`);
});

test('reset mid-response reported', async () => {
  const port = await listen(
    createTcpServer((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"schemas":');
        setTimeout(() => socket.resetAndDestroy(), 20);
      });
    }),
  );

  const error = await transportErrorOf(send(settingsFor(port), getUsers, silentRecorder));

  expect(error.message, 'error message').toContain('reset');
  expect(error.message, 'error message').not.toContain(TOKEN);
});

test('refused connection reported', async () => {
  const port = await closedPort();

  const error = await transportErrorOf(send(settingsFor(port), getUsers, silentRecorder));

  expect(error.message, 'error message').toContain('refused');
  expect(error.message, 'error message').toContain(`127.0.0.1:${port}`);
});

test('redirect not followed', async () => {
  const other = await startHttpServer((_request, response) => sendJson(response, 200, {}));
  const location = `http://127.0.0.1:${other.port}/scim/v1/Realms/r1/Users`;
  const server = await startHttpServer((_request, response) => {
    response.writeHead(302, { Location: location });
    response.end();
  });

  const response = await send(settingsFor(server.port), getUsers, silentRecorder);

  expect(response.status, 'status').toBe(302);
  expect(response.headers.location, 'Location header').toBe(location);
  expect(server.received.length, 'requests the redirecting server received').toBe(1);
  expect(other.received.length, 'requests the redirect target received').toBe(0);
});

test('oversized body rejected', async () => {
  const server = await startHttpServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/scim+json' });
    response.end(JSON.stringify({ detail: 'x'.repeat(5_000) }));
  });

  const error = await transportErrorOf(send(settingsFor(server.port, { maxResponseBytes: 1_000 }), getUsers, silentRecorder));

  expect(error.message, 'error message').toContain('1000 bytes');
  expect(error.exchange.response, 'recorded response').toBeUndefined();
});

test('HTML body kept unparsed', async () => {
  const page = '<html><body><h1>502 Bad Gateway</h1></body></html>';
  const server = await startHttpServer((_request, response) => {
    response.writeHead(502, { 'Content-Type': 'text/html' });
    response.end(page);
  });

  const response = await send(settingsFor(server.port), getUsers, silentRecorder);

  expect(response.status, 'status').toBe(502);
  expect(response.text, 'body text').toBe(page);
  expect(response.json, 'parsed body').toBeUndefined();
  expect(response.jsonError, 'parse error').toBeTruthy();
  expect(response.exchange.response?.body, 'recorded body').toBe(page);
});

test('Content-Type only with body', async () => {
  const server = await startHttpServer((_request, response) => sendJson(response, 200, {}));
  const settings = settingsFor(server.port);

  await send(settings, getUsers, silentRecorder);
  await send(settings, { method: 'POST', path: 'Users', body: { userName: 'a@example.test' } }, silentRecorder);
  await send(settings, { method: 'POST', path: 'Users', rawBody: '{"userName":' }, silentRecorder);

  const [get, post, raw] = server.received;
  expect(get?.headers['content-type'], 'Content-Type of GET without body').toBeUndefined();
  expect(post?.headers['content-type'], 'Content-Type of POST with JSON body').toBe('application/scim+json');
  expect(raw?.headers['content-type'], 'Content-Type of POST with raw body').toBe('application/scim+json');
});

test('null header removes dialect header', async () => {
  const server = await startHttpServer((_request, response) => sendJson(response, 200, {}));

  const response = await send(settingsFor(server.port), { ...getUsers, headers: { accept: null } }, silentRecorder);

  const recordedNames = Object.keys(response.exchange.request.headers).map((name) => name.toLowerCase());
  expect(recordedNames, 'recorded request header names').not.toContain('accept');
  expect(server.received[0]?.headers.accept, 'Accept the server received').toBeUndefined();
});

test('no header is added implicitly', async () => {
  const server = await startHttpServer((_request, response) => sendJson(response, 200, {}));

  await send(settingsFor(server.port), { ...getUsers, headers: { accept: null, 'user-agent': null } }, silentRecorder);

  const names = Object.keys(server.received[0]?.headers ?? {}).sort();
  expect(names, 'header names the server received').toEqual(['authorization', 'connection', 'host']);
});

test('auth none omits Authorization', async () => {
  const server = await startHttpServer((_request, response) => sendJson(response, 401, {}));

  const response = await send(settingsFor(server.port), { ...getUsers, auth: 'none' }, silentRecorder);

  expect(response.status, 'status').toBe(401);
  expect(server.received[0]?.headers.authorization, 'Authorization the server received').toBeUndefined();
  expect(response.exchange.request.headers.Authorization, 'recorded Authorization').toBeUndefined();
});

test('auth token object sends it', async () => {
  const server = await startHttpServer((_request, response) => sendJson(response, 401, {}));

  await send(settingsFor(server.port), { ...getUsers, auth: { token: 'other-token' } }, silentRecorder);

  expect(server.received[0]?.headers.authorization, 'Authorization the server received').toBe('Bearer other-token');
});
