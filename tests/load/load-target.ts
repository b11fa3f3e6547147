// A mock roster on 127.0.0.1 and the context a load run against one of its realms needs.

import { loadDialect } from '../../fixtures/dialects.js';
import { httpSettings } from '../../fixtures/http-settings.js';
import { readSettings } from '../../fixtures/settings.js';
import type { Target } from '../../fixtures/target.js';
import type { FaultName } from '../../mocks/roster/faults.js';
import type { RateLimit } from '../../mocks/roster/rate-limit.js';
import type { Realm } from '../../mocks/roster/realm.js';
import { type RosterServer, startRosterServer } from '../../mocks/roster/server.js';
import { createLoadContext } from '../../load/command.js';
import { DEFAULT_LOAD_OPTIONS, type LoadOptions } from '../../load/options.js';
import type { LoadContext } from '../../load/run.js';

export const REQUEST_TIMEOUT_MS = 2000;
const SEED = 4242;

export interface LoadTarget {
  realm: Realm;
  context: LoadContext;
}

/** Adds a realm to the server and builds a load context aimed at it, with the default settings. */
export function loadTarget(
  server: RosterServer,
  options: { rateLimit?: RateLimit; faults?: FaultName[]; signal?: AbortSignal } = {},
): LoadTarget {
  const realm = server.addRealm({ rateLimit: options.rateLimit, faults: options.faults });
  const target: Target = { kind: 'embedded-mock', baseUrl: server.tenantUrl(realm.id), token: realm.token, displayUrl: server.tenantUrl(realm.id) };
  const settings = readSettings({});
  const http = httpSettings(target, { timeoutMs: REQUEST_TIMEOUT_MS, headers: loadDialect(settings.dialect).headers });
  return { realm, context: createLoadContext(http, settings, SEED, options.signal) };
}

export function loadOptions(overrides: Partial<LoadOptions>): LoadOptions {
  return { ...DEFAULT_LOAD_OPTIONS, ...overrides };
}

export { startRosterServer };
