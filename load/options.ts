// Options of the load command, read from its arguments with a message for every mistake.

export interface LoadOptions {
  // Users to provision, each with a matching query, a create and a membership.
  users: number;
  // Requests started per second, retries included.
  rate: number;
  // Requests in flight at most.
  concurrency: number;
  // Groups created before the users; each user joins one, in turn.
  groups: number;
  // Members added by one PATCH of a group.
  batchSize: number;
  // Times a request answered with 429 is sent again before it counts as failed.
  maxRetries: number;
  // Longest Retry-After the run waits for, in seconds; a longer one fails the request.
  maxRetryWaitSeconds: number;
}

export const DEFAULT_LOAD_OPTIONS: LoadOptions = {
  users: 100,
  rate: 25,
  concurrency: 4,
  groups: 3,
  batchSize: 10,
  maxRetries: 3,
  maxRetryWaitSeconds: 30,
};

export const LOAD_USAGE = `Usage: npm run load -- [options]

Replays Entra's initial provisioning cycle against a SCIM target: groups first, then for each
user a matching query by userName and a create, with memberships added by PATCH in batches.
Everything the run creates is deleted at the end, also after Ctrl-C. The target is
SCIM_BASE_URL with SCIM_TOKEN, or the embedded mock roster when SCIM_BASE_URL is not set.

Options:
  --users <n>            users to provision (default ${DEFAULT_LOAD_OPTIONS.users})
  --rate <r>             requests started per second, retries included (default ${DEFAULT_LOAD_OPTIONS.rate})
  --concurrency <c>      requests in flight at most (default ${DEFAULT_LOAD_OPTIONS.concurrency})
  --groups <g>           groups created first; users join them in turn (default ${DEFAULT_LOAD_OPTIONS.groups}, 0 for none)
  --batch <b>            members added by one group PATCH (default ${DEFAULT_LOAD_OPTIONS.batchSize})
  --max-retries <n>      times a request answered 429 is sent again (default ${DEFAULT_LOAD_OPTIONS.maxRetries})
  --max-retry-wait <s>   longest Retry-After to wait for, in seconds (default ${DEFAULT_LOAD_OPTIONS.maxRetryWaitSeconds})
  -h, --help             print this help and exit

Writes a table to stdout and the figures to reports/load.json (SCIM_REPORTS_DIR moves it).`;

/** An invalid command line; the message names the option and what to give instead. */
export class LoadOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadOptionError';
  }
}

interface NumberOption {
  key: keyof LoadOptions;
  // Whole numbers only, or any decimal number.
  integer: boolean;
  min: number;
  max: number;
  // What the number counts, for messages: "a positive number of requests per second".
  meaning: string;
}

const NUMBER_OPTIONS: Record<string, NumberOption> = {
  '--users': { key: 'users', integer: true, min: 1, max: 1_000_000, meaning: 'a whole number of users from 1 to 1000000' },
  '--rate': { key: 'rate', integer: false, min: Number.MIN_VALUE, max: 100_000, meaning: 'a positive number of requests per second, up to 100000' },
  '--concurrency': { key: 'concurrency', integer: true, min: 1, max: 1000, meaning: 'a whole number of requests in flight from 1 to 1000' },
  '--groups': { key: 'groups', integer: true, min: 0, max: 1000, meaning: 'a whole number of groups from 0 to 1000' },
  '--batch': { key: 'batchSize', integer: true, min: 1, max: 1000, meaning: 'a whole number of members per PATCH from 1 to 1000' },
  '--max-retries': { key: 'maxRetries', integer: true, min: 0, max: 10, meaning: 'a whole number of retries from 0 to 10' },
  '--max-retry-wait': { key: 'maxRetryWaitSeconds', integer: false, min: 0, max: 600, meaning: 'a number of seconds from 0 to 600' },
};

export type ParsedArguments = { help: true } | { help: false; options: LoadOptions };

/** Reads the command line; throws LoadOptionError on an unknown option or an invalid value. */
export function parseLoadArguments(argv: readonly string[]): ParsedArguments {
  const options: LoadOptions = { ...DEFAULT_LOAD_OPTIONS };
  const seen = new Set<string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--help' || argument === '-h') return { help: true };
    const [name, inlineValue] = argument.startsWith('--') && argument.includes('=') ? splitOnce(argument, '=') : [argument, undefined];
    const option = NUMBER_OPTIONS[name];
    if (!option) {
      const what = name.startsWith('-') ? `unknown option ${JSON.stringify(name)}` : `unexpected argument ${JSON.stringify(name)}`;
      throw new LoadOptionError(`${what}. Valid options: ${[...Object.keys(NUMBER_OPTIONS), '--help'].join(', ')}.`);
    }
    if (seen.has(name)) throw new LoadOptionError(`option ${name} is given twice; give it once.`);
    seen.add(name);
    const value = inlineValue ?? argv[index + 1];
    if (inlineValue === undefined) index += 1;
    if (value === undefined || (inlineValue === undefined && value.startsWith('--'))) {
      throw new LoadOptionError(`option ${name} needs a value: ${option.meaning}.`);
    }
    options[option.key] = readNumber(name, value, option);
  }
  return { help: false, options };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return [text.slice(0, at), text.slice(at + 1)];
}

function readNumber(name: string, text: string, option: NumberOption): number {
  const pattern = option.integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  const value = Number(text);
  if (!pattern.test(text.trim()) || value < option.min || value > option.max) {
    throw new LoadOptionError(`${name} ${JSON.stringify(text)} is invalid; give ${option.meaning}.`);
  }
  return value;
}
