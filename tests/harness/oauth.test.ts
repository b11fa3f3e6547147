// Tests of the OAuth client credentials token source and of requests that use it, against a
// token endpoint and a target started on 127.0.0.1.

import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { expect, test } from '@playwright/test';
import { loadDialect } from '../../fixtures/dialects.js';
import { type ExchangeRecord, type ExchangeRecorder, TransportError, send } from '../../fixtures/http.js';
import { httpSettings } from '../../fixtures/http-settings.js';
import { ClientCredentialsTokens, type OAuthClient, TokenEndpointError, readOAuthClient } from '../../fixtures/oauth.js';
import { createRedactor } from '../../fixtures/redact.js';
import type { Target } from '../../fixtures/target.js';
import { closeServers, listen } from './local-servers.js';

const CLIENT_ID = 'conformance-client';
// Contains characters that form encoding, URL encoding and JSON escaping all change.
const CLIENT_SECRET = 'Cs9/secret+value="x"';
const TIMEOUT_MS = 400;

interface TokenRequest {
  authorization?: string;
  body: string;
}

test.describe.configure({ timeout: 5_000 });

test.afterEach(closeServers);

/** Starts an HTTP server on 127.0.0.1 that reads each request body before calling the handler. */
async function startServer(handler: (request: IncomingMessage, body: string, response: ServerResponse) => void): Promise<string> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  return `http://127.0.0.1:${await listen(server)}`;
}

/** Starts a token endpoint that issues token-1, token-2, … and records every token request. */
async function startTokenServer(expiresIn: number | undefined = 3600): Promise<{ url: string; requests: TokenRequest[] }> {
  const requests: TokenRequest[] = [];
  const origin = await startServer((request, body, response) => {
    requests.push({ authorization: request.headers.authorization, body });
    const token = `access-token-${requests.length}-issued-by-test`;
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ access_token: token, token_type: 'Bearer', ...(expiresIn === undefined ? {} : { expires_in: expiresIn }) }));
  });
  return { url: `${origin}/oauth2/token`, requests };
}

/** Starts a target that echoes the Authorization header it received in its body and a header. */
async function startEchoTarget(): Promise<{ baseUrl: string; authorizations: string[] }> {
  const authorizations: string[] = [];
  const origin = await startServer((request, _body, response) => {
    const authorization = request.headers.authorization ?? '';
    authorizations.push(authorization);
    response.writeHead(200, { 'Content-Type': 'application/scim+json', 'X-Echo': authorization });
    response.end(JSON.stringify({ totalResults: 0, Resources: [], echo: authorization }));
  });
  return { baseUrl: `${origin}/scim/v2/`, authorizations };
}

function client(tokenUrl: string, overrides: Partial<OAuthClient> = {}): OAuthClient {
  return { tokenUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, clientAuth: 'basic', ...overrides };
}

function oauthTarget(baseUrl: string, tokenUrl: string, overrides: Partial<OAuthClient> = {}): Target {
  return { kind: 'remote', baseUrl, oauth: client(tokenUrl, overrides), displayUrl: baseUrl };
}

function settingsFor(target: Target) {
  return httpSettings(target, { timeoutMs: TIMEOUT_MS, headers: loadDialect('entra').headers });
}

/** Returns a recorder that keeps every step title and exchange record, as the report attachments do. */
function keepingRecorder(): ExchangeRecorder & { written: () => string } {
  const titles: string[] = [];
  const records: ExchangeRecord[] = [];
  return {
    step: (title, body) => {
      titles.push(title);
      return body();
    },
    record: async (record) => {
      records.push(record);
    },
    written: () => JSON.stringify({ titles, records }),
  };
}

/** Returns the TokenEndpointError a token request raises, or fails the test when it succeeds. */
async function tokenErrorOf(source: ClientCredentialsTokens): Promise<TokenEndpointError> {
  try {
    await source.token();
  } catch (error) {
    expect(error, 'error class').toBeInstanceOf(TokenEndpointError);
    return error as TokenEndpointError;
  }
  throw new Error('expected a TokenEndpointError, but a token was issued');
}

test('client credentials sent as bearer', async () => {
  const tokens = await startTokenServer();
  const target = await startEchoTarget();

  const response = await send(settingsFor(oauthTarget(target.baseUrl, tokens.url, { scope: 'scim.write' })), { method: 'GET', path: 'Users' }, keepingRecorder());

  const form = new URLSearchParams(tokens.requests[0]?.body);
  const basic = Buffer.from(`${CLIENT_ID}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64');
  expect(response.status, 'status').toBe(200);
  expect(tokens.requests.length, 'token requests').toBe(1);
  expect(form.get('grant_type'), 'grant_type').toBe('client_credentials');
  expect(form.get('scope'), 'scope').toBe('scim.write');
  expect(tokens.requests[0]?.authorization, 'client authentication').toBe(`Basic ${basic}`);
  expect(target.authorizations, 'Authorization the target received').toEqual(['Bearer access-token-1-issued-by-test']);
});

test('client secret sent in body', async () => {
  const tokens = await startTokenServer();
  const source = new ClientCredentialsTokens(client(tokens.url, { clientAuth: 'body' }), { timeoutMs: TIMEOUT_MS, redact: createRedactor([]) });

  await source.token();

  const form = new URLSearchParams(tokens.requests[0]?.body);
  expect(tokens.requests[0]?.authorization, 'Authorization header').toBeUndefined();
  expect(form.get('client_id'), 'client_id').toBe(CLIENT_ID);
  expect(form.get('client_secret'), 'client_secret').toBe(CLIENT_SECRET);
});

test('token renewed before expiry', async () => {
  const tokens = await startTokenServer(100);
  let clock = 0;
  const source = new ClientCredentialsTokens(client(tokens.url), { timeoutMs: TIMEOUT_MS, redact: createRedactor([]), now: () => clock });

  const first = await source.token();
  clock = 89_000;
  const beforeMargin = await source.token();
  // A 100 s token is renewed 10 s early, so at 91 s, before it expires, a new one is fetched.
  clock = 91_000;
  const insideMargin = await source.token();

  expect(first, 'first token').toBe('access-token-1-issued-by-test');
  expect(beforeMargin, 'token before the renewal margin').toBe(first);
  expect(insideMargin, 'token inside the renewal margin').toBe('access-token-2-issued-by-test');
  expect(tokens.requests.length, 'token requests').toBe(2);
});

test('short-lived token renewed between requests', async () => {
  // expires_in of 1 s: the token is renewed after 0.9 s.
  const tokens = await startTokenServer(1);
  const target = await startEchoTarget();
  const settings = settingsFor(oauthTarget(target.baseUrl, tokens.url));

  await send(settings, { method: 'GET', path: 'Users' }, keepingRecorder());
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await send(settings, { method: 'GET', path: 'Users' }, keepingRecorder());

  expect(target.authorizations, 'tokens the target received').toEqual([
    'Bearer access-token-1-issued-by-test',
    'Bearer access-token-2-issued-by-test',
  ]);
});

test('concurrent requests share one renewal', async () => {
  const tokens = await startTokenServer();
  const source = new ClientCredentialsTokens(client(tokens.url), { timeoutMs: TIMEOUT_MS, redact: createRedactor([]) });

  const issued = await Promise.all(Array.from({ length: 8 }, () => source.token()));

  expect(tokens.requests.length, 'token requests').toBe(1);
  expect(new Set(issued).size, 'distinct tokens handed out').toBe(1);
});

test('rejected client secret explained', async () => {
  const url = await startServer((_request, _body, response) => {
    response.writeHead(401, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ error: 'invalid_client', error_description: `Bad secret ${CLIENT_SECRET}` }));
  });
  const source = new ClientCredentialsTokens(client(`${url}/token`), { timeoutMs: TIMEOUT_MS, redact: createRedactor([]) });

  const error = await tokenErrorOf(source);

  expect(error.message, 'message names the status').toContain('answered 401');
  expect(error.message, 'message names the OAuth error').toContain('error "invalid_client"');
  expect(error.message, 'message names the settings to check').toContain('Check SCIM_OAUTH_CLIENT_ID and SCIM_OAUTH_CLIENT_SECRET');
  expect(error.message, 'message contains the secret').not.toContain(CLIENT_SECRET);
});

test('non-JSON token response explained', async () => {
  const url = await startServer((_request, _body, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end('<html>Sign in</html>');
  });
  const source = new ClientCredentialsTokens(client(`${url}/token`), { timeoutMs: TIMEOUT_MS, redact: createRedactor([]) });

  const error = await tokenErrorOf(source);

  expect(error.message, 'message').toContain('answered 200 with a body that is not JSON');
  expect(error.message, 'message names the setting').toContain('SCIM_OAUTH_TOKEN_URL');
});

test('missing access_token explained', async () => {
  const url = await startServer((_request, _body, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3600 }));
  });
  const source = new ClientCredentialsTokens(client(`${url}/token`), { timeoutMs: TIMEOUT_MS, redact: createRedactor([]) });

  const error = await tokenErrorOf(source);

  expect(error.message, 'message').toContain('a JSON object without access_token');
});

test('token endpoint timeout explained', async () => {
  // The handler never responds.
  const url = await startServer(() => {});
  const source = new ClientCredentialsTokens(client(`${url}/token`), { timeoutMs: TIMEOUT_MS, redact: createRedactor([]) });

  const error = await tokenErrorOf(source);

  expect(error.message, 'message names the deadline').toContain(`no complete answer within ${TIMEOUT_MS} ms`);
  expect(error.message, 'message names the server').toContain('the token endpoint');
  expect(error.message, 'message names the setting').toContain('SCIM_REQUEST_TIMEOUT_MS');
});

test('token failure stops the request', async () => {
  const url = await startServer((_request, _body, response) => {
    response.writeHead(401, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ error: 'invalid_client' }));
  });
  const target = await startEchoTarget();
  const settings = settingsFor(oauthTarget(target.baseUrl, `${url}/token`));

  let failure: unknown;
  try {
    await send(settings, { method: 'GET', path: 'Users' }, keepingRecorder());
  } catch (error) {
    failure = error;
  }

  expect(failure, 'error class').toBeInstanceOf(TransportError);
  expect((failure as TransportError).tokenFailure, 'marked as a token failure').toBe(true);
  expect((failure as TransportError).message, 'message').toMatch(/^GET .*\/Users was not sent, because the OAuth token endpoint/);
  expect(target.authorizations, 'requests that reached the target').toEqual([]);
});

test('secrets absent from records', async () => {
  const tokens = await startTokenServer(1);
  const target = await startEchoTarget();
  const settings = settingsFor(oauthTarget(target.baseUrl, tokens.url));
  const recorder = keepingRecorder();

  const responses = [];
  responses.push(await send(settings, { method: 'GET', path: 'Users', purpose: 'first' }, recorder));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  responses.push(await send(settings, { method: 'GET', path: 'Users', purpose: 'after renewal' }, recorder));

  const written = recorder.written() + responses.map((response) => response.text + JSON.stringify(response.headers)).join('');
  expect(target.authorizations.length, 'requests the target received').toBe(2);
  expect(written, 'echoed tokens shown redacted').toContain('Bearer [REDACTED]');
  for (const secret of ['access-token-1-issued-by-test', 'access-token-2-issued-by-test', CLIENT_SECRET, encodeURIComponent(CLIENT_SECRET)]) {
    expect(written.includes(secret), `records contain ${secret.slice(0, 14)}…`).toBe(false);
  }
});

test('OAuth settings read and checked', () => {
  const complete = {
    SCIM_OAUTH_TOKEN_URL: 'https://login.example.test/oauth2/token',
    SCIM_OAUTH_CLIENT_ID: CLIENT_ID,
    SCIM_OAUTH_CLIENT_SECRET: CLIENT_SECRET,
    SCIM_OAUTH_SCOPE: 'scim',
  };

  expect(readOAuthClient({}), 'no variables').toBeUndefined();
  expect(readOAuthClient(complete), 'complete variables').toEqual({ ...client(complete.SCIM_OAUTH_TOKEN_URL), scope: 'scim' });
  expect(() => readOAuthClient({ ...complete, SCIM_OAUTH_CLIENT_SECRET: '' }), 'missing secret').toThrow(
    'SCIM_OAUTH_CLIENT_SECRET is not set',
  );
  expect(() => readOAuthClient({ ...complete, SCIM_OAUTH_TOKEN_URL: 'http://login.example.test/token' }), 'plain http').toThrow(
    'SCIM_OAUTH_TOKEN_URL must use https',
  );
});
