// Unit tests of the latency statistics in load/stats.ts.

import { expect, test } from '@playwright/test';
import { percentile, summarize } from '../../load/stats.js';

const ONE_TO_HUNDRED = Array.from({ length: 100 }, (_, index) => index + 1);

test('percentile by nearest rank', () => {
  expect(percentile(ONE_TO_HUNDRED, 50), 'p50 of 1..100').toBe(50);
  expect(percentile(ONE_TO_HUNDRED, 95), 'p95 of 1..100').toBe(95);
  expect(percentile(ONE_TO_HUNDRED, 99), 'p99 of 1..100').toBe(99);
  expect(percentile(ONE_TO_HUNDRED, 100), 'p100 of 1..100').toBe(100);
  expect(percentile(ONE_TO_HUNDRED, 0.5), 'p0.5 of 1..100').toBe(1);
});

test('percentile of few values', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  expect(percentile(ten, 50), 'p50 of ten values').toBe(5);
  expect(percentile(ten, 95), 'p95 of ten values').toBe(10);
  expect(percentile([7], 99), 'p99 of one value').toBe(7);
  expect(percentile([], 50), 'p50 of no values').toBeNaN();
});

test('percentile rejects out of range', () => {
  expect(() => percentile(ONE_TO_HUNDRED, 0), 'p0').toThrow(RangeError);
  expect(() => percentile(ONE_TO_HUNDRED, 101), 'p101').toThrow(RangeError);
});

test('summary sorts its input', () => {
  const shuffled = [...ONE_TO_HUNDRED].reverse();

  const summary = summarize(shuffled);

  expect(summary.count, 'count').toBe(100);
  expect(summary.mean, 'mean').toBe(50.5);
  expect(summary.p50, 'p50').toBe(50);
  expect(summary.p95, 'p95').toBe(95);
  expect(summary.p99, 'p99').toBe(99);
  expect(summary.max, 'max').toBe(100);
  expect(shuffled[0], 'input left in its order').toBe(100);
});

test('summary of no values', () => {
  const summary = summarize([]);

  expect(summary.count, 'count').toBe(0);
  expect(summary.mean, 'mean').toBeNaN();
  expect(summary.p99, 'p99').toBeNaN();
  expect(summary.max, 'max').toBeNaN();
});
