// The mock roster as a real HTTP server on a loopback address.

import { randomBytes, randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RosterApp, type RosterAppOptions, createRosterApp } from './app.js';
import type { FaultName } from './faults.js';
import type { RateLimit } from './rate-limit.js';
import type { Realm } from './realm.js';

export interface RosterServerOptions extends RosterAppOptions {
  host?: string;
  // 0 picks a free port.
  port?: number;
}

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
  const server: Server = createServer((request, response) => app.handle(request, response));
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
