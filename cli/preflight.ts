// The `preflight` command: what a run does before its first check, on its own. It sends Entra's
// Test Connection query, reads /ServiceProviderConfig and prints whether a run could start, and
// whether it could write.

import { loadDialect } from '../fixtures/dialects.js';
import { readCapabilities } from '../fixtures/capabilities.js';
import { httpSettings, runHttpOptions } from '../fixtures/http-settings.js';
import { PreflightError, preflight } from '../fixtures/preflight.js';
import { writePolicy } from '../fixtures/safety.js';
import { SettingsError, readSettings } from '../fixtures/settings.js';
import { remoteTarget } from '../fixtures/target.js';
import { startRosterServer } from '../mocks/roster/server.js';

const NOT_STARTED = 2;

/** Checks the target the environment names, or the embedded mock; returns the exit code. */
export async function checkTarget(env: NodeJS.ProcessEnv): Promise<number> {
  let settings;
  try {
    settings = readSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(`Invalid setting: ${error.message}`);
      return NOT_STARTED;
    }
    throw error;
  }
  const embedded = env.SCIM_BASE_URL?.trim() ? undefined : await startRosterServer();
  try {
    let target;
    if (embedded) {
      const realm = embedded.addRealm({});
      target = { kind: 'embedded-mock' as const, baseUrl: embedded.tenantUrl(realm.id), token: realm.token, displayUrl: embedded.tenantUrl(realm.id) };
    } else {
      target = remoteTarget(env);
    }
    const http = httpSettings(target, runHttpOptions(settings, loadDialect(settings.dialect).headers));
    console.log(`Target: ${embedded ? `embedded mock Cerner roster at ${target.displayUrl}` : target.displayUrl}`);
    try {
      const response = await preflight(http);
      console.log(`Test Connection: ${response.status}, ${describeList(response.json)}`);
    } catch (error) {
      if (error instanceof PreflightError) {
        console.error(`Test Connection failed: ${error.message}`);
        return NOT_STARTED;
      }
      throw error;
    }
    const capabilities = await readCapabilities(http);
    if (capabilities.unavailable) {
      console.log(`ServiceProviderConfig: ${capabilities.unavailable}; checks of optional features will be skipped as not applicable.`);
    } else {
      const features = Object.entries(capabilities.supported).map(([name, supported]) => `${name} ${supported ? 'yes' : 'no'}`);
      console.log(`ServiceProviderConfig: ${features.join(', ')}`);
    }
    const writes = writePolicy(target.baseUrl, settings);
    console.log(`Writes: ${writes.allowed ? 'allowed' : 'rejected'}, because ${writes.reason}`);
    console.log('A conformance run can start.');
    return 0;
  } finally {
    await embedded?.close();
  }
}

function describeList(body: unknown): string {
  const list = body as { totalResults?: unknown; Resources?: unknown[] } | undefined;
  if (!list || typeof list !== 'object') return 'no JSON body';
  return `ListResponse with totalResults ${JSON.stringify(list.totalResults)}`;
}
