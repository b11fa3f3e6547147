// The `sweep` command: removes the users and groups a run left on a target, found by the run's
// prefix, and lists what it removed.

import { loadDialect } from '../fixtures/dialects.js';
import { httpSettings } from '../fixtures/http-settings.js';
import { RUN_PREFIX_STEM, runPrefix } from '../fixtures/run.js';
import { writePolicy } from '../fixtures/safety.js';
import { SettingsError, readSettings } from '../fixtures/settings.js';
import { checkSweepPrefix, sweep } from '../fixtures/sweep.js';
import { remoteTarget } from '../fixtures/target.js';

const NOT_STARTED = 2;

export interface SweepOptions {
  seed?: string;
  prefix?: string;
  allRuns: boolean;
  dryRun: boolean;
}

function fail(message: string): number {
  console.error(`sweep: ${message}`);
  return NOT_STARTED;
}

/** Sweeps the target the environment names; returns the exit code. */
export async function sweepTarget(env: NodeJS.ProcessEnv, options: SweepOptions): Promise<number> {
  if (!env.SCIM_BASE_URL?.trim()) return fail('give the target with --target or SCIM_BASE_URL; the embedded mock keeps nothing between runs.');
  let settings;
  let target;
  try {
    settings = readSettings(env);
    target = remoteTarget(env);
  } catch (error) {
    if (error instanceof SettingsError || error instanceof Error) return fail((error as Error).message);
    throw error;
  }
  let prefix = options.prefix ?? RUN_PREFIX_STEM;
  if (options.seed !== undefined) {
    if (!/^\d{1,10}$/.test(options.seed)) return fail(`--seed ${options.seed} is not a seed; give the number a run printed.`);
    prefix = runPrefix(Number(options.seed));
  }
  try {
    checkSweepPrefix(prefix, options.allRuns);
  } catch (error) {
    return fail((error as Error).message);
  }
  const writes = writePolicy(target.baseUrl, settings);
  if (!writes.allowed && !options.dryRun) return fail(`not deleting anything: ${writes.reason}`);

  const http = httpSettings(target, settings.requestTimeoutMs, loadDialect(settings.dialect).headers);
  console.log(`Target: ${target.displayUrl}`);
  console.log(`${options.dryRun ? 'Looking for' : 'Sweeping'} users and groups whose name starts with ${prefix}`);
  const result = await sweep(http, prefix, { dryRun: options.dryRun, anyRun: options.allRuns });
  const listed = options.dryRun ? result.found : result.removed;
  for (const resource of listed) {
    console.log(`  ${options.dryRun ? 'would remove' : 'removed'} ${resource.endpoint}/${resource.id} ${resource.name}`);
  }
  for (const failure of result.failures) console.error(`  ${http.redact(failure)}`);
  const verb = options.dryRun ? 'would be removed' : 'removed';
  console.log(`${listed.length} of ${result.found.length} resource(s) ${verb}${result.failures.length > 0 ? `, ${result.failures.length} problem(s)` : ''}.`);
  return result.failures.length > 0 ? 1 : 0;
}
