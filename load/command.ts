// The load command: reads the harness settings, picks the target as the conformance run does,
// checks that it may write there, sends Entra's Test Connection query, runs the load and writes
// its report.
//
// Exit codes: 0 when every request succeeded, the cleanup removed everything and the rate
// verdict is not "no", and 1 otherwise. 2 when the run did not start, because of an invalid
// setting, writes not allowed on the host, or an unusable target. 130 when Ctrl-C interrupted it.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDialect } from '../fixtures/dialects.js';
import { EntraDataFactory } from '../fixtures/entra-data.js';
import type { HttpSettings } from '../fixtures/http.js';
import { httpSettings } from '../fixtures/http-settings.js';
import { PreflightError, preflight } from '../fixtures/preflight.js';
import { chooseSeed, runPrefix, testIdentity } from '../fixtures/run.js';
import { writePolicy } from '../fixtures/safety.js';
import { type Settings, SettingsError, readSettings } from '../fixtures/settings.js';
import { type Target, TargetConfigurationError, displayUrlOf, remoteTarget } from '../fixtures/target.js';
import { type RosterProcess, startRosterProcess } from '../mocks/roster/fork.js';
import type { LoadOptions } from './options.js';
import { type LoadReport, cleanupComplete, formatLoadReport } from './report.js';
import { type LoadContext, runLoad } from './run.js';

export const EXIT_NOT_STARTED = 2;
export const EXIT_INTERRUPTED = 130;

export interface CommandOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface LoadCommandResult {
  exitCode: number;
  report?: LoadReport;
  // Path of the JSON report.
  reportFile?: string;
}

const consoleOutput: CommandOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };

/**
 * Runs a load with the given options against the target the environment names (SCIM_BASE_URL
 * and SCIM_TOKEN), or against the mock roster in a child process when SCIM_BASE_URL is not set.
 */
export async function runLoadCommand(
  options: LoadOptions,
  env: NodeJS.ProcessEnv = process.env,
  output: CommandOutput = consoleOutput,
): Promise<LoadCommandResult> {
  const notStarted = (message: string): LoadCommandResult => {
    output.err(`load: the run did not start: ${message}`);
    return { exitCode: EXIT_NOT_STARTED };
  };
  let settings: Settings;
  let remote: Target | undefined;
  try {
    settings = readSettings(env);
    if (env.SCIM_BASE_URL?.trim()) remote = remoteTarget(env);
  } catch (error) {
    if (error instanceof SettingsError || error instanceof TargetConfigurationError) return notStarted(error.message);
    throw error;
  }
  let seed: number;
  try {
    seed = chooseSeed(env);
  } catch (error) {
    // chooseSeed raises a plain Error for a SCIM_SEED that is not an integer.
    return notStarted((error as Error).message);
  }
  // Decided before any request, so that a target where writes are not allowed is never contacted.
  if (settings.readOnly) return notStarted('the run is read-only (SCIM_READ_ONLY), and a load run creates and deletes users and groups.');
  if (remote) {
    const writes = writePolicy(remote.baseUrl, settings);
    if (!writes.allowed) {
      const host = new URL(remote.baseUrl).hostname;
      return notStarted(
        `a load run creates and deletes users and groups, and ${host} is not known to be a non-production host, so nothing ` +
          'was sent. List the host in SCIM_ALLOW_HOSTS or pass --allow-writes (SCIM_ALLOW_WRITES=true) to load it.',
      );
    }
  }

  let mock: RosterProcess | undefined;
  try {
    let target: Target;
    if (remote) {
      target = remote;
    } else {
      mock = await startRosterProcess();
      const realm = await mock.addRealm();
      target = { kind: 'embedded-mock', baseUrl: realm.tenantUrl, token: realm.token, displayUrl: displayUrlOf(new URL(realm.tenantUrl)) };
    }
    const dialect = loadDialect(settings.dialect);
    const http = httpSettings(target, { timeoutMs: settings.requestTimeoutMs, headers: dialect.headers });
    try {
      await preflight(http);
    } catch (error) {
      if (!(error instanceof PreflightError)) throw error;
      return notStarted(error.message);
    }

    const controller = new AbortController();
    const context = createLoadContext(http, settings, seed, controller.signal);
    const names = `${context.namePrefix}...`;
    output.out(`Target: ${target.displayUrl}${target.kind === 'embedded-mock' ? ' (embedded mock roster)' : ''}`);
    output.out(`Seed: ${context.seed}; everything this run creates is named ${names}`);

    const onSignal = () => {
      if (!controller.signal.aborted) {
        output.err(`\nInterrupted: finishing the requests in flight, then deleting what the run created. Press Ctrl-C again to stop at once, leaving resources named ${names} on the target.`);
        controller.abort();
        return;
      }
      output.err(`Stopped before the cleanup finished; resources named ${names} may remain on the target.`);
      process.exit(EXIT_INTERRUPTED);
    };
    process.on('SIGINT', onSignal);
    let report: LoadReport;
    try {
      report = await runLoad(options, { ...context, progress: output.out });
    } finally {
      process.off('SIGINT', onSignal);
    }

    output.out(formatLoadReport(report));
    const reportFile = join(resolve(env.SCIM_REPORTS_DIR ?? 'reports'), 'load.json');
    mkdirSync(join(reportFile, '..'), { recursive: true });
    writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
    output.out(`Written to ${reportFile}`);
    return { exitCode: exitCodeOf(report), report, reportFile };
  } finally {
    await mock?.close();
  }
}

/** Builds what a load run needs from the harness settings: the dialect, the data factory and the names. */
export function createLoadContext(http: HttpSettings, settings: Settings, seed: number, signal?: AbortSignal): LoadContext {
  const prefix = runPrefix(seed);
  const testKey = testIdentity(seed, 'load').key;
  return {
    http,
    dialect: loadDialect(settings.dialect),
    factory: new EntraDataFactory({ seed, runPrefix: prefix, testKey, domain: settings.userDomain, mappings: settings.mappings }),
    namePrefix: `${prefix}-${testKey}`,
    seed,
    signal,
  };
}

function exitCodeOf(report: LoadReport): number {
  if (report.interrupted) return EXIT_INTERRUPTED;
  const failed = report.errors.count > 0 || !cleanupComplete(report) || report.sustained.result === 'no';
  return failed ? 1 : 0;
}
