// The subcommands of the scim-conformance command. Each turns its options into the SCIM_*
// settings that the rest of the harness reads, so an option and its variable always mean the
// same thing.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { CAPABILITY_FOLDERS } from '../fixtures/reporting/allure-labels.js';
import { TOKEN_SOURCE_VARIABLE } from '../fixtures/target.js';
import { runLoadCommand } from '../load/command.js';
import { LOAD_NUMBER_OPTIONS, LOAD_OPTIONS_HELP, LoadOptionError, readLoadOptions } from '../load/options.js';
import { runSuites } from './conformance.js';
import { mergeShards } from './merge.js';
import { checkTarget } from './preflight.js';
import { sweepTarget } from './sweep.js';

const require = createRequire(import.meta.url);
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
// Exit code for input the command cannot use, as for a run that did not start.
const USAGE_ERROR = 2;

export class UsageError extends Error {}

const TARGET_OPTIONS = {
  target: { type: 'string' },
  'token-env': { type: 'string' },
  'token-file': { type: 'string' },
  dialect: { type: 'string' },
  timeout: { type: 'string' },
  'max-rps': { type: 'string' },
  'max-retries': { type: 'string' },
  'retry-max-wait': { type: 'string' },
  'allow-writes': { type: 'boolean' },
  'read-only': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

// The load command paces and retries by its own options, and always writes.
const { 'max-rps': _maxRps, 'max-retries': _maxRetries, 'retry-max-wait': _retryMaxWait, 'read-only': _readOnly, ...LOAD_TARGET_OPTIONS } = TARGET_OPTIONS;

const PACING_HELP = `  --max-rps <n>          Requests per second for the whole run, shared by its workers; 0 for no
                         limit (SCIM_MAX_RPS, default 25, or no limit for the mock and loopback)
  --max-retries <n>      Retries of a 429, or of a 503 with Retry-After (SCIM_MAX_RETRIES, default 2)
  --retry-max-wait <ms>  Longest Retry-After the harness waits for (SCIM_RETRY_MAX_WAIT_MS,
                         default 10000); a longer one fails the request at once
`;
const READ_ONLY_HELP = `  --read-only            Write nothing, whatever the host; only checks that read run (SCIM_READ_ONLY)
`;

function targetHelp({ pacing = true, readOnly = true } = {}): string {
  const PACING_PLACE = pacing ? PACING_HELP : '';
  const READ_ONLY_PLACE = readOnly ? READ_ONLY_HELP : '';
  return `Target:
  --target <url>         Tenant URL of the SCIM endpoint (SCIM_BASE_URL); none runs the embedded mock
  --token-env <name>     Read the bearer token from this environment variable (default SCIM_TOKEN)
  --token-file <path>    Read the bearer token from this file
  --dialect <id>         entra, entra-aadoptscim062020, rfc, a comma-separated list, or all (SCIM_DIALECT)
  --timeout <ms>         Time limit of each request (SCIM_REQUEST_TIMEOUT_MS)
${PACING_PLACE}  --allow-writes         Write to a host not known to be non-production (SCIM_ALLOW_WRITES)
${READ_ONLY_PLACE}  -h, --help             Show this help

The token is never taken as an option value, so that it stays out of shell history and process lists.

Environment only:
  SCIM_OAUTH_TOKEN_URL, SCIM_OAUTH_CLIENT_ID, SCIM_OAUTH_CLIENT_SECRET
                         Get access tokens with the OAuth 2.0 client credentials grant, in place
                         of SCIM_TOKEN; SCIM_OAUTH_SCOPE, SCIM_OAUTH_AUDIENCE and
                         SCIM_OAUTH_CLIENT_AUTH (basic or body) are optional
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY
                         Proxy for the target and the token endpoint (lower case too);
                         loopback hosts are always reached directly`;
}

const HELP: Record<string, string> = {
  main: `Usage: scim-conformance <command> [options]

Conformance tests for SCIM 2.0 provisioning targets, driven as Microsoft Entra ID drives them.

Commands:
  run         Run the conformance checks and write the reports (the default command)
  preflight   Send Entra's Test Connection query and read the discovery endpoints, then stop
  sweep       Remove what an interrupted run left on the target, found by its run prefix
  merge       Merge the blob reports of a sharded run into one set of reports
  load        Replay Entra's initial provisioning cycle at a set rate and measure the target
  report      Serve the Allure report of the last run
  mock        Start the mock Cerner roster

Run "scim-conformance <command> --help" for the options of a command.
Options: -h, --help   -v, --version`,
  run: `Usage: scim-conformance run [options] [spec files] [-- playwright options]

Runs the checks against the target and writes reports/conformance.json, conformance.md, junit.xml
and the Allure report. Exit code: 0 when no MUST requirement failed, 1 when one did, 2 when the
run could not start, 3 when the harness failed.

${targetHelp()}

Run:
  --only <list>          Run only these capabilities: ${CAPABILITY_FOLDERS.join(', ')}
  --grep <pattern>       Run only checks whose title or tags match, such as @ENTRA-DISABLE
  --shard <i/n>          Run shard i of n and write a blob report for the merge command
  --strict               Fail the run on a failed SHOULD requirement as on a MUST (SCIM_STRICT)
  --mappings <file>      Attribute mappings or Entra's synchronization schema (SCIM_MAPPINGS)
  --expectations <file>  Known deviations of the target (SCIM_EXPECTATIONS)
  --seed <n>             Replay the test data of an earlier run (SCIM_SEED)
  --workers <n>          Checks run in parallel (SCIM_WORKERS)
  --output <dir>         Folder for the reports (SCIM_REPORTS_DIR, default reports)`,
  preflight: `Usage: scim-conformance preflight [options]

Sends Entra's Test Connection query (a userName filter on a random GUID, which must return 200
with an empty ListResponse) and reads /ServiceProviderConfig, then says whether the run can start.
Exit code: 0 when it can, 2 when it cannot.

${targetHelp()}`,
  sweep: `Usage: scim-conformance sweep (--seed <n> | --prefix <prefix> | --all-runs) [options]

Finds the users and groups whose userName or displayName starts with a run prefix, and deletes
them, groups first. Exit code: 0 when everything found was removed, 1 when something was not,
2 when the sweep could not start.

${targetHelp()}

Sweep:
  --seed <n>             Sweep the run with this seed (its prefix is derived from it)
  --prefix <prefix>      Sweep the run with this prefix, as a run prints it (scimc-...)
  --all-runs             Sweep every run of this harness (the prefix scimc-)
  --dry-run              List what would be removed and remove nothing`,
  load: `Usage: scim-conformance load [options]

Replays Entra's initial provisioning cycle for N users: groups first, then for each user a
matching query by userName and a create, with memberships added by PATCH in batches. Requests
start at the set rate with at most the set number in flight, and a 429 is retried after its
Retry-After. Prints the achieved rate, latency percentiles, errors and 429s per request kind, and
whether the target sustains 25 requests per second (Entra's app gallery requirement). Everything
the run creates is named with its run prefix and deleted at the end, also after Ctrl-C.
Without --target, the load goes to the mock roster in a child process.
Exit code: 0 when every request succeeded and the cleanup removed everything, 1 when not, 2 when
the run could not start, 130 when interrupted.

${targetHelp({ pacing: false, readOnly: false })}

${LOAD_OPTIONS_HELP}`,
  merge: `Usage: scim-conformance merge <folder>

Merges the blob reports (.zip) that the shards of a run wrote into reports/blob-report, copied
into one folder, into one set of reports. The exit code follows the merged verdict.
  --output <dir>         Folder for the reports (SCIM_REPORTS_DIR, default reports)`,
  report: `Usage: scim-conformance report [options]

Serves the Allure report of the last run on 127.0.0.1 until Ctrl-C. The report loads its data
over HTTP, so opening index.html as a file shows an empty page.
  --output <dir>         Folder the run wrote its reports to (SCIM_REPORTS_DIR, default reports)
  --port <n>             Port to serve on (default: a free port)`,
};

/** Sets the variables shared by the commands that reach a target, from their options. */
function targetEnv(values: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...env };
  if (typeof values.target === 'string') result.SCIM_BASE_URL = values.target;
  if (values['allow-writes'] && values['read-only']) throw new UsageError('Give either --allow-writes or --read-only, not both.');
  if (values['token-env'] !== undefined && values['token-file'] !== undefined) {
    throw new UsageError('Give either --token-env or --token-file, not both.');
  }
  if (typeof values['token-env'] === 'string') {
    const name = values['token-env'];
    const token = env[name]?.trim();
    if (!token) throw new UsageError(`--token-env ${name}: the environment variable ${name} is not set or empty. Export it, or use --token-file.`);
    result.SCIM_TOKEN = token;
    result[TOKEN_SOURCE_VARIABLE] = `the variable ${name} (--token-env)`;
  }
  if (typeof values['token-file'] === 'string') {
    const path = values['token-file'];
    if (!existsSync(path)) throw new UsageError(`--token-file ${path}: file not found.`);
    const token = readFileSync(path, 'utf8').trim();
    if (!token) throw new UsageError(`--token-file ${path}: the file is empty; it must hold the bearer token.`);
    result.SCIM_TOKEN = token;
    result[TOKEN_SOURCE_VARIABLE] = `the file ${path} (--token-file)`;
  }
  if (typeof values.dialect === 'string') result.SCIM_DIALECT = values.dialect;
  if (typeof values.timeout === 'string') result.SCIM_REQUEST_TIMEOUT_MS = values.timeout;
  if (typeof values['max-rps'] === 'string') result.SCIM_MAX_RPS = values['max-rps'];
  if (typeof values['max-retries'] === 'string') result.SCIM_MAX_RETRIES = values['max-retries'];
  if (typeof values['retry-max-wait'] === 'string') result.SCIM_RETRY_MAX_WAIT_MS = values['retry-max-wait'];
  if (values['allow-writes']) result.SCIM_ALLOW_WRITES = 'true';
  if (values['read-only']) result.SCIM_READ_ONLY = 'true';
  return result;
}

/** Splits arguments at the first "--": what follows goes to Playwright unread. */
function splitPassThrough(args: string[]): [string[], string[]] {
  const index = args.indexOf('--');
  return index < 0 ? [args, []] : [args.slice(0, index), args.slice(index + 1)];
}

function run(args: string[], env: NodeJS.ProcessEnv): number {
  const [own, passThrough] = splitPassThrough(args);
  const { values, positionals } = parseArgs({
    args: own,
    allowPositionals: true,
    options: {
      ...TARGET_OPTIONS,
      only: { type: 'string' },
      grep: { type: 'string' },
      shard: { type: 'string' },
      strict: { type: 'boolean' },
      mappings: { type: 'string' },
      expectations: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      output: { type: 'string' },
    },
  });
  if (values.help) return printHelp('run');
  const runEnv = targetEnv(values, env);
  if (values.strict) runEnv.SCIM_STRICT = 'true';
  if (values.mappings) runEnv.SCIM_MAPPINGS = values.mappings;
  if (values.expectations) runEnv.SCIM_EXPECTATIONS = values.expectations;
  if (values.seed) runEnv.SCIM_SEED = values.seed;
  if (values.workers) runEnv.SCIM_WORKERS = values.workers;
  if (values.output) runEnv.SCIM_REPORTS_DIR = values.output;

  const playwrightArgs = [...positionals];
  if (values.only) {
    const capabilities = values.only.split(',').map((name) => name.trim()).filter((name) => name !== '');
    const unknown = capabilities.filter((name) => !CAPABILITY_FOLDERS.includes(name));
    if (capabilities.length === 0 || unknown.length > 0) {
      throw new UsageError(`--only ${values.only}: unknown capability ${unknown.join(', ') || '(none given)'}; give some of ${CAPABILITY_FOLDERS.join(', ')}.`);
    }
    playwrightArgs.push(...capabilities.map((name) => `suites/${name}/`));
  }
  if (values.grep) playwrightArgs.push('--grep', values.grep);
  if (values.shard) {
    if (!/^[1-9]\d*\/[1-9]\d*$/.test(values.shard)) throw new UsageError(`--shard ${values.shard}: give it as i/n, such as 2/3.`);
    playwrightArgs.push(`--shard=${values.shard}`);
  }
  return runSuites([...playwrightArgs, ...passThrough], runEnv);
}

async function preflightCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({ args, options: TARGET_OPTIONS });
  if (values.help) return printHelp('preflight');
  return checkTarget(targetEnv(values, env));
}

async function sweepCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...TARGET_OPTIONS,
      seed: { type: 'string' },
      prefix: { type: 'string' },
      'all-runs': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    },
  });
  if (values.help) return printHelp('sweep');
  const chosen = [values.seed, values.prefix, values['all-runs']].filter((value) => value !== undefined);
  if (chosen.length !== 1) throw new UsageError('Give exactly one of --seed, --prefix and --all-runs; see scim-conformance sweep --help.');
  return sweepTarget(targetEnv(values, env), {
    seed: values.seed,
    prefix: values.prefix,
    allRuns: values['all-runs'] === true,
    dryRun: values['dry-run'] === true,
  });
}

async function loadCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const numberOptions = Object.fromEntries(Object.keys(LOAD_NUMBER_OPTIONS).map((name) => [name, { type: 'string' as const }]));
  const { values } = parseArgs({
    args,
    options: { ...LOAD_TARGET_OPTIONS, ...numberOptions, seed: { type: 'string' }, output: { type: 'string' } },
  });
  if (values.help) return printHelp('load');
  let options;
  try {
    options = readLoadOptions(values);
  } catch (error) {
    if (error instanceof LoadOptionError) throw new UsageError(`${error.message} See scim-conformance load --help.`);
    throw error;
  }
  const loadEnv = targetEnv(values, env);
  if (typeof values.seed === 'string') loadEnv.SCIM_SEED = values.seed;
  if (typeof values.output === 'string') loadEnv.SCIM_REPORTS_DIR = values.output;
  return (await runLoadCommand(options, loadEnv)).exitCode;
}

function merge(args: string[], env: NodeJS.ProcessEnv): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { output: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return printHelp('merge');
  return mergeShards(positionals, values.output ? { ...env, SCIM_REPORTS_DIR: values.output } : env);
}

function report(args: string[], env: NodeJS.ProcessEnv): number {
  const { values } = parseArgs({ args, options: { output: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return printHelp('report');
  if (values.port !== undefined && !/^\d{1,5}$/.test(values.port)) throw new UsageError(`--port ${values.port}: invalid port; give a number such as 8080.`);
  const portArgs = values.port === undefined ? [] : ['--port', values.port];
  return script('./report.ts', portArgs, values.output ? { ...env, SCIM_REPORTS_DIR: values.output } : env);
}

/** Runs one of the harness's own scripts in a child process with the same console. */
function script(path: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const tsx = require.resolve('tsx/cli');
  const result = spawnSync(process.execPath, [tsx, fileURLToPath(new URL(path, import.meta.url)), ...args], { stdio: 'inherit', env });
  return result.status ?? USAGE_ERROR;
}

function printHelp(command: keyof typeof HELP): number {
  console.log(HELP[command]);
  return 0;
}

/** Runs the command line given without the node and script arguments; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '-v' || first === '--version') {
    console.log(`scim-conformance ${VERSION}`);
    return 0;
  }
  if (first === '-h' || first === '--help' || first === 'help') return printHelp('main');
  try {
    switch (first) {
      case undefined:
        return run([], env);
      case 'run':
        return run(rest, env);
      case 'preflight':
        return await preflightCommand(rest, env);
      case 'sweep':
        return await sweepCommand(rest, env);
      case 'merge':
        return merge(rest, env);
      case 'load':
        return await loadCommand(rest, env);
      case 'report':
        return report(rest, env);
      case 'mock':
        return script('../mocks/cli.ts', rest);
      default:
        // Options without a command belong to run, the default command.
        if (first.startsWith('-')) return run(argv, env);
        throw new UsageError(`Unknown command "${first}". Run scim-conformance --help for the commands.`);
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    // Node's own text suggests passing the option after "--", which here would reach Playwright.
    const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /Unknown option '([^']+)'/.exec((error as Error).message)?.[1] : undefined;
    if (unknown) {
      const command = first === undefined || first.startsWith('-') ? 'run' : first;
      console.error(`scim-conformance: Unknown option ${unknown}. Run "scim-conformance ${command} --help" for its options.`);
      return USAGE_ERROR;
    }
    if (error instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      console.error(`scim-conformance: ${(error as Error).message}`);
      return USAGE_ERROR;
    }
    throw error;
  }
}
