// Pacing of load runs: the Pacer's start times, and the rate a short run against the mock
// roster on 127.0.0.1 achieves.

import { expect, test } from '@playwright/test';
import { MAX_LAG_MS, Pacer } from '../../fixtures/pacer.js';
import { runLoad } from '../../load/run.js';
import { loadOptions, loadTarget, startRosterServer } from './load-target.js';

test.describe.configure({ timeout: 15_000 });

test('pacer spaces start times', async () => {
  const origin = performance.now();
  const pacer = new Pacer(100, { maxLagMs: MAX_LAG_MS });

  const started = await Promise.all(Array.from({ length: 5 }, async () => {
    await pacer.wait();
    return performance.now() - origin;
  }));

  for (const [index, time] of started.entries()) {
    // Slots are 10 ms apart. Timers count whole milliseconds from the event loop's cached time,
    // so a start may come up to 2 ms early.
    expect(time, `time of start ${index}, ms`).toBeGreaterThanOrEqual(index * 10 - 2);
  }
  expect(started[4], 'time of the fifth start, ms').toBeLessThan(200);
});

test('pacer drops long-missed slots', async () => {
  let now = 0;
  const pacer = new Pacer(10, { maxLagMs: MAX_LAG_MS, now: () => now });
  await pacer.wait();

  // No caller waited for a start for 5 s. Only the slots of the last MAX_LAG_MS are still handed
  // out at once; the next start is 100 ms away.
  now = 5000;
  const immediate: number[] = [];
  for (let index = 0; index < 1 + MAX_LAG_MS / 100; index += 1) {
    const before = performance.now();
    await pacer.wait();
    immediate.push(performance.now() - before);
  }
  const before = performance.now();
  await pacer.wait();
  const spaced = performance.now() - before;

  for (const [index, wait] of immediate.entries()) expect(wait, `wait for start ${index} after the pause, ms`).toBeLessThan(50);
  expect(spaced, 'wait for the next start, ms').toBeGreaterThanOrEqual(90);
});

test('pacer stops on abort', async () => {
  const pacer = new Pacer(1, { maxLagMs: MAX_LAG_MS });
  await pacer.wait();
  const controller = new AbortController();

  const waiting = pacer.wait(controller.signal);
  controller.abort();

  expect(await waiting, 'wait result after abort').toBe(false);
});

test('pacer rejects invalid rate', () => {
  expect(() => new Pacer(0), 'rate 0').toThrow(RangeError);
  expect(() => new Pacer(Number.NaN), 'rate NaN').toThrow(RangeError);
});

test('load run achieves set rate', async () => {
  const server = await startRosterServer();
  try {
    const { context } = loadTarget(server);
    const rate = 100;

    const report = await runLoad(loadOptions({ users: 40, rate, concurrency: 4, groups: 2, batchSize: 10 }), context);

    expect(report.errors.samples, 'errors').toEqual([]);
    expect(report.cycle.overall.requests, 'cycle requests').toBe(2 * 2 + 40 * 2 + 4);
    expect(report.cycle.achievedRate, 'achieved rate, requests per second').toBeGreaterThan(rate * 0.9);
    expect(report.cycle.achievedRate, 'achieved rate, requests per second').toBeLessThan(rate * 1.05);
  } finally {
    await server.close();
  }
});
