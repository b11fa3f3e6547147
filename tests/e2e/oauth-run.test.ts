// An end-to-end run whose bearer tokens come from an OAuth token endpoint started here, against a
// target that echoes every Authorization header it receives. No report, attachment or console
// line may contain the client secret or an issued access token.

import { randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { filesContaining, runConformance } from './run-conformance.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

test('OAuth run leaks no secret', async () => {
  test.setTimeout(120_000);
  const secret = `SECRET-${randomBytes(12).toString('hex')}`;
  const issued: string[] = [];
  const tokenServer = createServer((_request, response) => {
    const token = `ACCESS-${randomBytes(12).toString('hex')}`;
    issued.push(token);
    response.writeHead(200, { 'Content-Type': 'application/json' });
    // A 2 s lifetime makes the workers renew tokens during the run.
    response.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 2 }));
  });
  const target = createServer((request, response) => {
    const echo = request.headers.authorization ?? '';
    response.writeHead(500, { 'Content-Type': 'text/html', 'X-Echo': echo });
    response.end(`<html><body><pre>${echo}</pre></body></html>`);
  });
  const tokenOrigin = await listen(tokenServer);
  const targetOrigin = await listen(target);
  try {
    const run = await runConformance(
      {
        SCIM_BASE_URL: `${targetOrigin}/scim/v2/`,
        SCIM_OAUTH_TOKEN_URL: `${tokenOrigin}/oauth2/token`,
        SCIM_OAUTH_CLIENT_ID: 'conformance-client',
        SCIM_OAUTH_CLIENT_SECRET: secret,
      },
      ['--grep', '@ENTRA-TEST-CONNECTION|@RFC7644-3.12-404|@RFC7644-3.4.1'],
    );

    expect(run.exitCode, `exit code; output:\n${run.output.slice(-3000)}`).toBe(1);
    expect(issued.length, 'tokens issued').toBeGreaterThan(1);
    expect(run.output, 'console output shows the echo, redacted').toContain('Bearer [REDACTED]');
    expect(run.output.includes(secret), 'console output contains the client secret').toBe(false);
    expect(filesContaining(run.folder, secret).matches, 'files that contain the client secret').toEqual([]);
    for (const token of issued) {
      expect(run.output.includes(token), `console output contains ${token}`).toBe(false);
      expect(filesContaining(run.folder, token).matches, `files that contain ${token}`).toEqual([]);
    }
  } finally {
    await close(tokenServer);
    await close(target);
  }
});
