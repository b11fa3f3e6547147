// Unit tests of known deviations: the expectations file and how checks are matched to it.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { deviationFor, loadExpectations, requirementDeviation } from '../../fixtures/deviations.js';
import { SettingsError } from '../../fixtures/settings-error.js';

function writeExpectations(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'scim-expectations-')), 'expectations.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const LINK = 'https://tracker.example.test/roster/123';

test('no file means no deviations', () => {
  expect(loadExpectations(undefined).deviations, 'deviations').toEqual([]);
});

test('deviation matched by exact title', () => {
  const expectations = loadExpectations(
    writeExpectations({ deviations: [{ check: 'Create user › Location header equals meta.location', reason: 'no Location', link: LINK }] }),
  );

  expect(deviationFor(expectations, 'Create user › Location header equals meta.location', [])?.link, 'matched link').toBe(LINK);
  expect(deviationFor(expectations, 'Create user › POST /Users returns 201 with an id', []), 'other check').toBeUndefined();
});

test('deviation matched by pattern', () => {
  const expectations = loadExpectations(writeExpectations({ deviations: [{ check: '/^Disable user/', reason: 'disable is a DELETE' }] }));

  expect(deviationFor(expectations, 'Disable user › disabled user is still found', []), 'matching title').toBeDefined();
  expect(deviationFor(expectations, 'Create user › disable later', []), 'title not at the start').toBeUndefined();
});

test('deviation matched by requirement', () => {
  const expectations = loadExpectations(writeExpectations({ deviations: [{ requirement: 'RFC7644-3.3-location', reason: 'no Location' }] }));

  expect(deviationFor(expectations, 'any title', ['RFC7644-3.3-location']), 'check of that requirement').toBeDefined();
  expect(deviationFor(expectations, 'any title', ['RFC7644-3.3']), 'check of another requirement').toBeUndefined();
});

test('entry without reason rejected', () => {
  const path = writeExpectations({ deviations: [{ requirement: 'RFC7644-3.3' }] });

  expect(() => loadExpectations(path), 'missing reason').toThrow(SettingsError);
  expect(() => loadExpectations(path), 'message').toThrow(/deviations\[0\] needs a "reason"/);
});

test('unknown requirement rejected', () => {
  const path = writeExpectations({ deviations: [{ requirement: 'RFC7644-99', reason: 'typo' }] });

  expect(() => loadExpectations(path), 'unknown requirement').toThrow(/Unknown requirement id "RFC7644-99"/);
});

test('invalid pattern rejected', () => {
  const path = writeExpectations({ deviations: [{ check: '/([/', reason: 'bad pattern' }] });

  expect(() => loadExpectations(path), 'invalid pattern').toThrow(/invalid regular expression/);
});

test('non-http link rejected', () => {
  const path = writeExpectations({ deviations: [{ requirement: 'RFC7644-3.3', reason: 'r', link: 'ftp://x' }] });

  expect(() => loadExpectations(path), 'ftp link').toThrow(/"link" must be an http\(s\) URL/);
});

test('findings entry spares declaring checks', () => {
  const expectations = loadExpectations(
    writeExpectations({ deviations: [{ requirement: 'RFC7643-4.1', findings: true, reason: 'schemas missing on projections' }] }),
  );

  expect(deviationFor(expectations, 'Create user › create response is valid', ['RFC7643-4.1']), 'declaring check').toBeUndefined();
  expect(requirementDeviation(expectations, 'RFC7643-4.1')?.reason, 'findings elsewhere').toBe('schemas missing on projections');
  expect(requirementDeviation(expectations, 'RFC7643-4.2'), 'other requirement').toBeUndefined();
});

test('findings entry needs a requirement', () => {
  const cases = [
    { entry: { check: 'Create user › x', findings: true, reason: 'r' }, message: '"findings" needs a "requirement" id' },
    { entry: { requirement: 'RFC7643-4.1', findings: 'yes', reason: 'r' }, message: '"findings" must be true or false' },
  ];

  for (const { entry, message } of cases) {
    const path = writeExpectations({ deviations: [entry] });
    expect(() => loadExpectations(path), JSON.stringify(entry)).toThrow(SettingsError);
    expect(() => loadExpectations(path), JSON.stringify(entry)).toThrow(message);
  }
});
