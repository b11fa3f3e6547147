// Messages for transport failures that a server on 127.0.0.1 cannot produce: DNS and TLS errors
// of a remote tenant. nock intercepts the requests in-process, so none leaves the machine.

import nock from 'nock';
import { expect, test } from '@playwright/test';
import { loadDialect } from '../../fixtures/dialects.js';
import { type HttpSettings, TransportError, send } from '../../fixtures/http.js';
import { createRedactor } from '../../fixtures/redact.js';

const TOKEN = 'nock-secret-token-4f1d9b';
const ORIGIN = 'https://roster.example.test';

const settings: HttpSettings = {
  target: { kind: 'remote', baseUrl: `${ORIGIN}/scim/v1/Realms/r1/`, token: TOKEN, displayUrl: '' },
  timeoutMs: 2_000,
  headers: loadDialect('entra').headers,
  redact: createRedactor([TOKEN]),
  maxResponseBytes: 64 * 1024,
  userAgent: 'scim-conformance-test',
};

// Importing nock switches interception on for the whole worker. It stays on only while a test of
// this file runs, because the worker goes on to run other files against servers on 127.0.0.1.
nock.restore();

test.beforeEach(() => {
  nock.activate();
  nock.disableNetConnect();
});

test.afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
});

/** Sends GET /Users while the interceptor fails it with the error, and returns the message. */
async function messageFor(error: { code: string; message: string }): Promise<string> {
  // An Error instance, because the interceptor treats a plain object as a response.
  nock(ORIGIN).get('/scim/v1/Realms/r1/Users').replyWithError(Object.assign(new Error(error.message), { code: error.code }));
  try {
    await send(settings, { method: 'GET', path: 'Users' });
  } catch (caught) {
    expect(nock.isDone(), 'request reached the interceptor').toBe(true);
    expect(caught, 'error class').toBeInstanceOf(TransportError);
    return (caught as TransportError).message;
  }
  throw new Error('expected a TransportError, but the request succeeded');
}

const CASES: { name: string; error: { code: string; message: string }; expected: string }[] = [
  {
    name: 'unknown host',
    error: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND roster.example.test' },
    expected: 'DNS lookup of roster.example.test failed (ENOTFOUND). Check the host name in SCIM_BASE_URL.',
  },
  {
    name: 'DNS timeout',
    error: { code: 'EAI_AGAIN', message: 'getaddrinfo EAI_AGAIN roster.example.test' },
    expected: 'DNS lookup of roster.example.test failed (EAI_AGAIN).',
  },
  {
    name: 'expired certificate',
    error: { code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' },
    expected: 'TLS handshake with roster.example.test failed (CERT_HAS_EXPIRED). Check the certificate chain',
  },
  {
    name: 'self-signed certificate',
    error: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' },
    expected: 'TLS handshake with roster.example.test failed (DEPTH_ZERO_SELF_SIGNED_CERT).',
  },
  {
    name: 'unreachable network',
    error: { code: 'ENETUNREACH', message: 'connect ENETUNREACH' },
    expected: 'connect ENETUNREACH (ENETUNREACH).',
  },
];

for (const { name, error, expected } of CASES) {
  test(`${name} named in message`, async () => {
    const message = await messageFor(error);

    expect(message, 'message names the request').toContain(`GET ${ORIGIN}/scim/v1/Realms/r1/Users failed`);
    expect(message, 'message names the cause').toContain(expected);
    expect(message, 'message contains the token').not.toContain(TOKEN);
  });
}

test('nock intercepts the transport', async () => {
  const seen: (string | undefined)[] = [];
  nock(ORIGIN)
    .get('/scim/v1/Realms/r1/Users')
    .reply(function reply() {
      seen.push(this.req.headers.authorization);
      return [200, { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] }];
    });

  const response = await send(settings, { method: 'GET', path: 'Users' });

  expect(response.status, 'status').toBe(200);
  expect(seen, 'Authorization headers the interceptor received').toEqual([`Bearer ${TOKEN}`]);
});
