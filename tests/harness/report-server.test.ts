// Tests of the report server: a static file server on 127.0.0.1 for the rendered Allure report,
// run in-process against a temporary folder, and of `scim-conformance report`, which starts it.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, type Server, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ReportServerError, startReportServer, stopReportServer } from '../../cli/report-server.js';

const require = createRequire(import.meta.url);

// A file next to the report folder: a request that reaches it has escaped the folder.
const OUTSIDE_MARKER = 'outside-the-report-folder';
const INDEX_HTML = '<!DOCTYPE html><title>report</title>';

let base: string;
let root: string;
let server: Server;
let port: number;

test.beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'scimc-report-server-'));
  root = join(base, 'allure-report');
  mkdirSync(join(root, 'widgets', 'default'), { recursive: true });
  mkdirSync(join(root, 'data', 'attachments'), { recursive: true });
  writeFileSync(join(base, 'package.json'), JSON.stringify({ name: OUTSIDE_MARKER }));
  writeFileSync(join(root, 'index.html'), INDEX_HTML);
  writeFileSync(join(root, 'app.js'), 'window.allure = {};');
  writeFileSync(join(root, 'styles.css'), 'body { margin: 0; }');
  writeFileSync(join(root, 'summary.json'), '{"name":"summary"}');
  writeFileSync(join(root, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, 'font.woff'), Buffer.from([0x77, 0x4f, 0x46, 0x46]));
  writeFileSync(join(root, 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(root, 'notes.txt'), 'notes');
  writeFileSync(join(root, 'blob.bin'), Buffer.from([0, 1, 2]));
  writeFileSync(join(root, 'widgets', 'default', 'tree.json'), '{"tree":true}');
  writeFileSync(join(root, 'data', 'attachments', 'shot.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  symlinkSync(join(base, 'package.json'), join(root, 'linked.json'));
  server = await startReportServer(root, 0);
  port = (server.address() as AddressInfo).port;
});

test.afterAll(async () => {
  if (server) await stopReportServer(server);
  rmSync(base, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Sends one request with the path exactly as given. fetch() would normalise `..` and `%2e%2e`
 * in the URL before sending, which hides the traversal attempts under test.
 */
function send(method: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

test('index served at root', async () => {
  const response = await send('GET', '/');

  expect(response.status, 'status').toBe(200);
  expect(response.headers['content-type'], 'content type').toBe('text/html; charset=utf-8');
  expect(response.body, 'body').toBe(INDEX_HTML);
});

test('content type from extension', async () => {
  const cases = [
    { path: '/index.html', type: 'text/html; charset=utf-8' },
    { path: '/app.js', type: 'text/javascript; charset=utf-8' },
    { path: '/styles.css', type: 'text/css; charset=utf-8' },
    { path: '/summary.json', type: 'application/json; charset=utf-8' },
    { path: '/logo.svg', type: 'image/svg+xml' },
    { path: '/data/attachments/shot.png', type: 'image/png' },
    { path: '/font.woff', type: 'font/woff' },
    { path: '/font.woff2', type: 'font/woff2' },
    { path: '/notes.txt', type: 'text/plain; charset=utf-8' },
    { path: '/blob.bin', type: 'application/octet-stream' },
  ];
  for (const { path, type } of cases) {
    const response = await send('GET', path);

    expect(response.status, `status of ${path}`).toBe(200);
    expect(response.headers['content-type'], `content type of ${path}`).toBe(type);
  }
});

test('query string ignored', async () => {
  // The report appends ?v=<cache key> to widget requests and ?attachment to attachment requests.
  const widget = await send('GET', '/widgets/default/tree.json?v=1796417036245');
  const attachment = await send('GET', '/data/attachments/shot.png?attachment');

  expect(widget.status, 'widget status').toBe(200);
  expect(widget.body, 'widget body').toBe('{"tree":true}');
  expect(attachment.status, 'attachment status').toBe(200);
});

test('missing file gives 404', async () => {
  const file = await send('GET', '/widgets/metrics.json');
  const folder = await send('GET', '/widgets/');

  expect(file.status, 'missing file').toBe(404);
  expect(folder.status, 'folder without index.html').toBe(404);
});

test('path traversal rejected', async () => {
  const paths = [
    '/../package.json',
    '/%2e%2e%2fpackage.json',
    '/%2e%2e/package.json',
    '/..%2fpackage.json',
    '/%2E%2E%2Fpackage.json',
    '/widgets/..%2f..%2fpackage.json',
    '/widgets/../../package.json',
    '/..%5cpackage.json',
    `/${encodeURIComponent(join(base, 'package.json'))}`,
    '/linked.json',
  ];
  for (const path of paths) {
    const response = await send('GET', path);

    expect([400, 404], `status of ${path}`).toContain(response.status);
    expect(response.body, `body of ${path}`).not.toContain(OUTSIDE_MARKER);
  }
});

test('malformed path gives 400', async () => {
  const badEscape = await send('GET', '/%E0%A4%A');
  const nullByte = await send('GET', '/index.html%00.json');

  expect(badEscape.status, 'invalid percent-encoding').toBe(400);
  expect(nullByte.status, 'null byte').toBe(400);
});

test('methods other than GET and HEAD give 405', async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    const response = await send(method, '/index.html');

    expect(response.status, `status of ${method}`).toBe(405);
    expect(response.headers.allow, `Allow header of ${method}`).toBe('GET, HEAD');
  }
});

test('HEAD sends headers only', async () => {
  const response = await send('HEAD', '/summary.json');

  expect(response.status, 'status').toBe(200);
  expect(response.headers['content-type'], 'content type').toBe('application/json; charset=utf-8');
  expect(response.headers['content-length'], 'content length').toBe(String('{"name":"summary"}'.length));
  expect(response.body, 'body').toBe('');
});

test('foreign Host header rejected', async () => {
  const foreign = await send('GET', '/', { Host: `report.example.test:${port}` });
  const localhost = await send('GET', '/', { Host: `localhost:${port}` });

  expect(foreign.status, 'foreign host').toBe(403);
  expect(foreign.body, 'foreign host body').not.toContain(INDEX_HTML);
  expect(localhost.status, 'localhost').toBe(200);
});

test('server listens on 127.0.0.1', () => {
  const address = server.address() as AddressInfo;

  expect(address.address, 'address').toBe('127.0.0.1');
  expect(address.port, 'port').toBeGreaterThan(0);
});

test('port in use rejected clearly', async () => {
  const attempt = startReportServer(root, port);

  await expect(attempt, 'error type').rejects.toBeInstanceOf(ReportServerError);
  await expect(attempt, 'message names the port').rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);
  await expect(attempt, 'message names the option').rejects.toThrow('--port');
});

test('report command on busy port exits 1', () => {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'cli/main.ts', 'report', '--output', base, '--port', String(port)], {
    encoding: 'utf8',
    timeout: 30_000,
  });

  expect(result.status, 'exit code').toBe(1);
  expect(result.stderr.trim().split('\n'), 'one line').toHaveLength(1);
  expect(result.stderr, 'message names the port').toContain(`Port ${port} on 127.0.0.1 is already in use`);
  expect(result.stderr, 'message names the option').toContain('--port');
  expect(result.stderr, 'no stack trace').not.toContain('    at ');
});

test('report command serves until signal', async () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // One node process, so the signal reaches the server itself rather than a wrapper.
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/report.ts'], {
      env: { ...process.env, SCIM_REPORTS_DIR: base },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await firstLine(child);
      const match = /^Serving the report at http:\/\/127\.0\.0\.1:(\d+)\/ \(Ctrl-C to stop\)$/.exec(line);
      expect(match, `startup line ${JSON.stringify(line)}`).not.toBeNull();

      const response = await fetch(`http://127.0.0.1:${match![1]}/summary.json`);
      expect(response.status, `status before ${signal}`).toBe(200);

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill(signal);
      expect(await exited, `exit code after ${signal}`).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }
});

/** Resolves with the first line that the child prints, or rejects when it exits first. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const end = output.indexOf('\n');
      if (end >= 0) resolve(output.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`report exited with code ${code} before printing: ${errors}`)));
  });
}
