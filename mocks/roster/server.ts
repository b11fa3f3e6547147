// The mock roster as a real HTTP server on a loopback address.

import { randomBytes, randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RosterApp, type RosterAppOptions, createRosterApp } from './app.js';
import type { FaultName } from './faults.js';
import type { RateLimit } from './rate-limit.js';
import type { Realm } from './realm.js';

export interface RosterServerOptions extends RosterAppOptions {
  host?: string;
  // 0 picks a free port.
  port?: number;
  // Receives every request once its response is sent, so that a benchmark can replay the traffic.
  record?: (request: RecordedRequest) => void;
}

/** A request as the server received it, without its Authorization header. */
export interface RecordedRequest {
  method: string;
  // Path and query, as in the request line.
  url: string;
  // Content-Type, Accept and User-Agent, when the request had them.
  headers: Record<string, string>;
  // Whether the request carried an Authorization header with the realm's bearer token, another
  // value (kept as sent, since those are tokens made up by checks), or none.
  authorization: { kind: 'realm-token' } | { kind: 'other'; value: string } | { kind: 'none' };
  body?: string;
  status: number;
  // The id of the resource a 201 response created, from its Location header.
  createdId?: string;
  // Milliseconds since the server started, by performance.now().
  receivedMs: number;
  finishedMs: number;
}

const RECORDED_HEADERS = ['content-type', 'accept', 'user-agent'];

export interface RosterServer {
  readonly origin: string;
  readonly app: RosterApp;
  /** The tenant URL a provisioning client is given for a realm, with its trailing slash. */
  tenantUrl(realmId: string): string;
  /** Adds a realm with a fresh id and token unless they are given. */
  addRealm(options?: { id?: string; token?: string; faults?: Iterable<FaultName>; rateLimit?: RateLimit }): Realm;
  close(): Promise<void>;
}

export function newRealmId(): string {
  return randomUUID();
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export async function startRosterServer(options: RosterServerOptions = {}): Promise<RosterServer> {
  const host = options.host ?? '127.0.0.1';
  const app = createRosterApp(options);
  const handler = options.record ? recordingHandler(app, options.record) : (request: IncomingMessage, response: ServerResponse) => app.handle(request, response);
  const server: Server = createServer(handler);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;

  return {
    origin,
    app,
    tenantUrl: (realmId) => `${origin}/scim/v1/Realms/${encodeURIComponent(realmId)}/`,
    addRealm: (realmOptions = {}) =>
      app.addRealm({
        id: realmOptions.id ?? newRealmId(),
        token: realmOptions.token ?? newToken(),
        faults: realmOptions.faults,
        rateLimit: realmOptions.rateLimit,
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Wraps the app's handler so that it hands each request, with its body, to `record` when the response is sent. */
function recordingHandler(app: RosterApp, record: (request: RecordedRequest) => void) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const receivedMs = performance.now();
    const chunks: Buffer[] = [];
    // A second 'data' listener receives the same chunks as the app's body reader, and reads the body
    // of requests the app rejects before it reads them.
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The app passes its headers to writeHead, which getHeader() does not see, so the Location
    // header of a create is read on its way there.
    let writtenLocation: unknown;
    const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
    response.writeHead = ((...args: unknown[]) => {
      const headers = args.find((arg) => typeof arg === 'object' && arg !== null && !Array.isArray(arg)) as Record<string, unknown> | undefined;
      writtenLocation = headers?.Location ?? headers?.location;
      return writeHead(...args);
    }) as typeof response.writeHead;
    response.on('finish', () => {
      const headers: Record<string, string> = {};
      for (const name of RECORDED_HEADERS) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const location = response.statusCode === 201 ? writtenLocation : undefined;
      record({
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers,
        authorization: authorizationOf(app, request),
        ...(body === '' ? {} : { body }),
        status: response.statusCode,
        ...(typeof location === 'string' ? { createdId: location.slice(location.lastIndexOf('/') + 1) } : {}),
        receivedMs,
        finishedMs: performance.now(),
      });
    });
    app.handle(request, response);
  };
}

function authorizationOf(app: RosterApp, request: IncomingMessage): RecordedRequest['authorization'] {
  const value = request.headers.authorization;
  if (value === undefined) return { kind: 'none' };
  const realmId = /^\/scim\/v1\/Realms\/([^/?]+)/.exec(request.url ?? '')?.[1];
  let realm;
  try {
    realm = realmId ? app.realm(decodeURIComponent(realmId)) : undefined;
  } catch {
    realm = undefined;
  }
  return realm && value === `Bearer ${realm.token}` ? { kind: 'realm-token' } : { kind: 'other', value };
}
