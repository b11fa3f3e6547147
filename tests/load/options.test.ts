// Unit tests of the load options in load/options.ts, given as node:util parseArgs returns them.

import { expect, test } from '@playwright/test';
import { DEFAULT_LOAD_OPTIONS, LoadOptionError, readLoadOptions } from '../../load/options.js';

function errorOf(values: Record<string, string>): LoadOptionError {
  try {
    readLoadOptions(values);
  } catch (error) {
    if (error instanceof LoadOptionError) return error;
    throw error;
  }
  throw new Error(`expected a LoadOptionError for ${JSON.stringify(values)}`);
}

test('no options give defaults', () => {
  expect(readLoadOptions({}), 'options').toEqual(DEFAULT_LOAD_OPTIONS);
});

test('every option is read', () => {
  const options = readLoadOptions({
    users: '500',
    rate: '12.5',
    concurrency: '8',
    groups: '0',
    batch: '50',
    'max-retries': '0',
    'max-retry-wait': '5',
  });

  expect(options, 'options').toEqual({ users: 500, rate: 12.5, concurrency: 8, groups: 0, batchSize: 50, maxRetries: 0, maxRetryWaitSeconds: 5 });
});

test('other options are ignored', () => {
  expect(readLoadOptions({ target: 'http://127.0.0.1:1/', users: '7' }).users, 'users').toBe(7);
});

test('invalid values name the option', () => {
  const cases: [Record<string, string>, string][] = [
    [{ rate: 'fast' }, '--rate "fast" is invalid; give a positive number of requests per second'],
    [{ rate: '0' }, '--rate "0" is invalid'],
    [{ users: '2.5' }, '--users "2.5" is invalid; give a whole number of users'],
    [{ users: '-3' }, '--users "-3" is invalid'],
    [{ users: '0' }, '--users "0" is invalid'],
    [{ concurrency: '0' }, '--concurrency "0" is invalid'],
    [{ concurrency: '1001' }, '--concurrency "1001" is invalid'],
    [{ batch: '1e3' }, '--batch "1e3" is invalid'],
    [{ 'max-retries': '11' }, '--max-retries "11" is invalid'],
    [{ 'max-retry-wait': '601' }, '--max-retry-wait "601" is invalid'],
    [{ users: '' }, '--users "" is invalid'],
  ];
  for (const [values, message] of cases) expect(errorOf(values).message, `message for ${JSON.stringify(values)}`).toContain(message);
});
