// Unit tests of the load command's option parsing in load/options.ts.

import { expect, test } from '@playwright/test';
import { DEFAULT_LOAD_OPTIONS, LoadOptionError, parseLoadArguments } from '../../load/options.js';

function optionsOf(argv: string[]) {
  const parsed = parseLoadArguments(argv);
  if (parsed.help) throw new Error('expected options, got --help');
  return parsed.options;
}

function errorOf(argv: string[]): LoadOptionError {
  try {
    parseLoadArguments(argv);
  } catch (error) {
    if (error instanceof LoadOptionError) return error;
    throw error;
  }
  throw new Error(`expected a LoadOptionError for ${argv.join(' ')}`);
}

test('no arguments give defaults', () => {
  expect(optionsOf([]), 'options').toEqual(DEFAULT_LOAD_OPTIONS);
});

test('options in both forms', () => {
  const options = optionsOf(['--users', '500', '--rate=12.5', '--concurrency', '8', '--groups', '0', '--batch', '50', '--max-retries', '0', '--max-retry-wait', '5']);

  expect(options, 'options').toEqual({ users: 500, rate: 12.5, concurrency: 8, groups: 0, batchSize: 50, maxRetries: 0, maxRetryWaitSeconds: 5 });
});

test('help is recognised', () => {
  expect(parseLoadArguments(['--help']).help, '--help').toBe(true);
  expect(parseLoadArguments(['--users', '5', '-h']).help, '-h').toBe(true);
});

test('unknown option is named', () => {
  const error = errorOf(['--user', '5']);

  expect(error.message, 'message').toContain('unknown option "--user"');
  expect(error.message, 'message').toContain('--users');
});

test('positional argument is rejected', () => {
  expect(errorOf(['100']).message, 'message').toContain('unexpected argument "100"');
});

test('invalid values name the option', () => {
  const cases: [string[], string][] = [
    [['--rate', 'fast'], '--rate "fast" is invalid; give a positive number of requests per second'],
    [['--rate', '0'], '--rate "0" is invalid'],
    [['--users', '2.5'], '--users "2.5" is invalid; give a whole number of users'],
    [['--users', '-3'], '--users "-3" is invalid'],
    [['--concurrency', '0'], '--concurrency "0" is invalid'],
    [['--batch', '1e3'], '--batch "1e3" is invalid'],
    [['--max-retries', '11'], '--max-retries "11" is invalid'],
    [['--users=', ''], '--users "" is invalid'],
  ];
  for (const [argv, message] of cases) expect(errorOf(argv).message, `message for ${argv.join(' ')}`).toContain(message);
});

test('missing or repeated value', () => {
  expect(errorOf(['--rate']).message, 'value missing at the end').toContain('option --rate needs a value');
  expect(errorOf(['--rate', '--users', '5']).message, 'value missing before another option').toContain('option --rate needs a value');
  expect(errorOf(['--rate', '5', '--rate', '6']).message, 'option given twice').toContain('option --rate is given twice');
});
