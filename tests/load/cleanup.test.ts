// Cleanup after load runs: nothing the run created stays on the mock realm, also after an
// interruption, and the report lists what was deleted.

import { expect, test } from '@playwright/test';
import { cleanupComplete } from '../../load/report.js';
import { runLoad } from '../../load/run.js';
import { loadOptions, loadTarget, startRosterServer } from './load-target.js';

test.describe.configure({ timeout: 15_000 });

test('load run leaves nothing behind', async () => {
  const server = await startRosterServer();
  try {
    const { realm, context } = loadTarget(server);

    const report = await runLoad(loadOptions({ users: 25, rate: 1000, concurrency: 8, groups: 3, batchSize: 4 }), context);

    expect(report.errors.samples, 'errors').toEqual([]);
    expect(report.users.created, 'users created').toBe(25);
    expect(report.groups.created, 'groups created').toBe(3);
    expect(report.membersAdded, 'members added').toBe(25);
    expect(report.cleanup.deleted, 'deleted').toEqual({ users: 25, groups: 3 });
    expect(report.cleanup.failures, 'cleanup failures').toEqual([]);
    expect(report.cleanup.remaining, 'remaining by name').toEqual({ users: 0, groups: 0 });
    expect(realm.users.byId.size, 'users left on the realm').toBe(0);
    expect(realm.groups.byId.size, 'groups left on the realm').toBe(0);
  } finally {
    await server.close();
  }
});

test('interrupted run cleans up', async () => {
  const server = await startRosterServer();
  try {
    const controller = new AbortController();
    const { realm, context } = loadTarget(server, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);

    const report = await runLoad(loadOptions({ users: 1000, rate: 100, concurrency: 4, groups: 2 }), context);

    expect(report.interrupted, 'interrupted').toBe(true);
    expect(report.users.created, 'users created before the interruption').toBeGreaterThan(0);
    expect(report.users.created, 'users created before the interruption').toBeLessThan(1000);
    expect(report.cleanup.deleted.users, 'users deleted').toBe(report.users.created);
    expect(report.sustained.result, 'verdict on 25 requests per second').toBe('not tested');
    expect(realm.users.byId.size, 'users left on the realm').toBe(0);
    expect(realm.groups.byId.size, 'groups left on the realm').toBe(0);
  } finally {
    await server.close();
  }
});

test('leftovers are found by name', async () => {
  const server = await startRosterServer();
  try {
    // DELETE returns 204 but removes nothing, so everything the run created stays.
    const { realm, context } = loadTarget(server, { faults: ['delete-not-removed'] });

    const report = await runLoad(loadOptions({ users: 3, rate: 1000, groups: 1 }), context);
    const userNames = [...realm.users.byId.values()].map((user) => String(user.userName));
    const groupNames = [...realm.groups.byId.values()].map((group) => String(group.displayName));

    expect(report.namePrefix, 'name prefix in the report').toMatch(/^scimc-[0-9a-z]{7}-[0-9a-z]{8}$/);
    expect(report.cleanup.remaining, 'remaining by name').toEqual({ users: 3, groups: 1 });
    expect(cleanupComplete(report), 'cleanup complete').toBe(false);
    for (const name of [...userNames, ...groupNames]) {
      expect(name.startsWith(report.namePrefix), `${name} starts with the prefix`).toBe(true);
    }
  } finally {
    await server.close();
  }
});
