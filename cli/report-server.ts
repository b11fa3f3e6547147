// Static file server for the rendered Allure report. It listens on 127.0.0.1 only, because the
// report contains the tenant URL, realm id, test data and the HTTP exchanges of the run.
//
// The Allure 3 report page fetches its data with relative URLs such as widgets/tree.json,
// data/test-results/<id>.json and data/attachments/<id><ext>?attachment, so every file under the
// report folder is served, and query strings are ignored.

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

export const REPORT_HOST = '127.0.0.1';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  // Playwright attaches traces as zip files and videos as webm.
  '.zip': 'application/zip',
  '.webm': 'video/webm',
};
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** Error with a one-line message for the user, raised when the server cannot listen. */
export class ReportServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportServerError';
  }
}

/**
 * Starts serving the files under `root` on 127.0.0.1 and resolves once the server listens.
 * Port 0 picks a free port. Rejects with a ReportServerError when the port is in use or needs
 * privileges that the process lacks.
 */
export async function startReportServer(root: string, port: number): Promise<Server> {
  const rootPath = await realpath(resolve(root));
  const server = createServer((request, response) => {
    handleRequest(rootPath, server, request, response).catch((error: unknown) => {
      console.error(`Report server failed on ${request.method} ${request.url}: ${String(error)}`);
      if (!response.headersSent) sendStatus(response, 500, 'Internal server error');
      else response.destroy();
    });
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', (error: NodeJS.ErrnoException) => rejectListen(listenError(error, port)));
    server.listen(port, REPORT_HOST, () => resolveListen());
  });
  server.on('error', (error) => console.error(`Report server error: ${String(error)}`));
  return server;
}

/** Stops accepting connections, ends the open ones and resolves when the server has closed. */
export async function stopReportServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  server.closeAllConnections();
  await closed;
}

function listenError(error: NodeJS.ErrnoException, port: number): Error {
  if (error.code === 'EADDRINUSE') {
    return new ReportServerError(
      `Port ${port} on ${REPORT_HOST} is already in use. Stop the program that uses it, or pick another port with --port (leave --port out to use a free port).`,
    );
  }
  if (error.code === 'EACCES') {
    return new ReportServerError(
      `Permission denied to listen on port ${port} on ${REPORT_HOST}. Pick another port with --port, for example one above 1023.`,
    );
  }
  return error;
}

async function handleRequest(root: string, server: Server, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    sendStatus(response, 405, 'Method not allowed');
    return;
  }

  // A web page that points its own host name at 127.0.0.1 (DNS rebinding) could otherwise read the
  // report, so only requests addressed to the loopback host itself are served.
  const port = (server.address() as AddressInfo).port;
  if (!isLoopbackHost(request.headers.host, port)) {
    logForeignHost(request.headers.host, port);
    sendStatus(response, 403, `Forbidden: open the report at http://${REPORT_HOST}:${port}/`);
    return;
  }

  const requested = requestedPath(root, request.url ?? '/');
  if (requested === undefined) {
    sendStatus(response, 400, 'Bad request path');
    return;
  }
  const file = await servedFile(root, requested);
  if (file === undefined) {
    sendStatus(response, 404, 'Not found');
    return;
  }

  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? DEFAULT_CONTENT_TYPE,
    'Content-Length': file.size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(file.path);
  stream.on('error', (error) => {
    console.error(`Report server failed to read ${file.path}: ${error.message}`);
    response.destroy();
  });
  stream.pipe(response);
}

// Host headers already logged as rejected, so that a page retrying its requests logs each host once.
const loggedForeignHosts = new Set<string>();

function logForeignHost(host: string | undefined, port: number): void {
  const name = host ?? '(none)';
  if (loggedForeignHosts.has(name)) return;
  loggedForeignHosts.add(name);
  console.error(`Rejected a request with Host header ${name}: open the report at http://${REPORT_HOST}:${port}/ instead.`);
}

function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host === `${REPORT_HOST}:${port}` || host === `localhost:${port}`;
}

/**
 * Returns the absolute path that the request URL names under `root`, or undefined when the path
 * is malformed or leaves the folder. A `..` segment is rejected after percent-decoding, so
 * `%2e%2e%2f` cannot climb out either.
 */
function requestedPath(root: string, url: string): string | undefined {
  const [pathname] = url.split(/[?#]/, 1);
  if (!pathname.startsWith('/')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  if (decoded.split(/[/\\]/).includes('..')) return undefined;
  const path = resolve(root, `.${decoded}`);
  return isInside(root, path) ? path : undefined;
}

/**
 * Returns the file to send for a path under `root`: the file itself, or index.html for a folder.
 * Returns undefined when there is no such file, or when a symbolic link leads outside `root`.
 */
async function servedFile(root: string, path: string): Promise<{ path: string; size: number } | undefined> {
  let real: string;
  try {
    real = await realpath(path);
    if ((await stat(real)).isDirectory()) real = await realpath(join(real, 'index.html'));
  } catch (error) {
    if (isMissingFileError(error)) return undefined;
    throw error;
  }
  if (!isInside(root, real)) return undefined;
  const info = await stat(real);
  return info.isFile() ? { path: real, size: info.size } : undefined;
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root + sep);
}

function isMissingFileError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP' || code === 'ENAMETOOLONG';
}

function sendStatus(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${message}\n`);
}
