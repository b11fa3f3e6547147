// Options of the load command: the numbers that shape the run, checked with a message for every
// invalid value. cli/commands.ts reads the command line and hands the values over as text.

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
  // Times a request that got 429 is sent again before it counts as failed.
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

/** An invalid option value; the message names the option and what to give instead. */
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
  // Description of the number for messages, such as "a positive number of requests per second".
  meaning: string;
}

// Keyed by the option name without its leading dashes, as node:util parseArgs returns it.
export const LOAD_NUMBER_OPTIONS: Record<string, NumberOption> = {
  users: { key: 'users', integer: true, min: 1, max: 1_000_000, meaning: 'a whole number of users from 1 to 1000000' },
  rate: { key: 'rate', integer: false, min: Number.MIN_VALUE, max: 100_000, meaning: 'a positive number of requests per second, up to 100000' },
  concurrency: { key: 'concurrency', integer: true, min: 1, max: 1000, meaning: 'a whole number of requests in flight from 1 to 1000' },
  groups: { key: 'groups', integer: true, min: 0, max: 1000, meaning: 'a whole number of groups from 0 to 1000' },
  batch: { key: 'batchSize', integer: true, min: 1, max: 1000, meaning: 'a whole number of members per PATCH from 1 to 1000' },
  'max-retries': { key: 'maxRetries', integer: true, min: 0, max: 10, meaning: 'a whole number of retries from 0 to 10' },
  'max-retry-wait': { key: 'maxRetryWaitSeconds', integer: false, min: 0, max: 600, meaning: 'a number of seconds from 0 to 600' },
};

export const LOAD_OPTIONS_HELP = `Load:
  --users <n>            Users to provision (default ${DEFAULT_LOAD_OPTIONS.users})
  --rate <r>             Requests started per second, retries included (default ${DEFAULT_LOAD_OPTIONS.rate})
  --concurrency <c>      Requests in flight at most (default ${DEFAULT_LOAD_OPTIONS.concurrency})
  --groups <g>           Groups created first; users join them in turn (default ${DEFAULT_LOAD_OPTIONS.groups}, 0 for none)
  --batch <b>            Members added by one group PATCH (default ${DEFAULT_LOAD_OPTIONS.batchSize})
  --max-retries <n>      Times a request answered 429 is sent again (default ${DEFAULT_LOAD_OPTIONS.maxRetries})
  --max-retry-wait <s>   Longest Retry-After to wait for, in seconds (default ${DEFAULT_LOAD_OPTIONS.maxRetryWaitSeconds})
  --seed <n>             Replay the names of an earlier run (SCIM_SEED)
  --output <dir>         Folder for load.json (SCIM_REPORTS_DIR, default reports)`;

/**
 * Reads the load options from their text values, keyed by option name without dashes, and fills
 * in the defaults. Throws LoadOptionError on an invalid value.
 */
export function readLoadOptions(values: Readonly<Record<string, unknown>>): LoadOptions {
  const options: LoadOptions = { ...DEFAULT_LOAD_OPTIONS };
  for (const [name, option] of Object.entries(LOAD_NUMBER_OPTIONS)) {
    const value = values[name];
    if (value === undefined) continue;
    options[option.key] = readNumber(`--${name}`, String(value), option);
  }
  return options;
}

function readNumber(name: string, text: string, option: NumberOption): number {
  const pattern = option.integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  const value = Number(text);
  if (!pattern.test(text.trim()) || value < option.min || value > option.max) {
    throw new LoadOptionError(`${name} ${JSON.stringify(text)} is invalid; give ${option.meaning}.`);
  }
  return value;
}
