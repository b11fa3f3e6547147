// Unit tests of the removal of created resources in fixtures/cleanup.ts.

import { expect, test } from '@playwright/test';
import { type CleanupActions, CreatedResources, type Endpoint } from '../../fixtures/cleanup.js';

interface FakeTarget {
  actions: CleanupActions;
  deleted: string[];
  lookups: string[];
}

/** Builds cleanup actions that record each call and return the status given for each DELETE path (204 by default). */
function fakeTarget(statuses: Record<string, number | Error> = {}, found: Record<string, string[]> = {}): FakeTarget {
  const deleted: string[] = [];
  const lookups: string[] = [];
  const actions: CleanupActions = {
    async delete(endpoint: Endpoint, id: string) {
      const path = `${endpoint}/${id}`;
      deleted.push(path);
      const status = statuses[path] ?? 204;
      if (status instanceof Error) throw status;
      return { status };
    },
    async findIds(endpoint: Endpoint, uniqueName: string) {
      lookups.push(`${endpoint} ${uniqueName}`);
      return found[`${endpoint} ${uniqueName}`] ?? [];
    },
  };
  return { actions, deleted, lookups };
}

test('removeAll deletes newest first', async () => {
  const created = new CreatedResources();
  created.add({ endpoint: 'Users', id: 'u1' });
  created.add({ endpoint: 'Users', id: 'u2' });
  created.add({ endpoint: 'Groups', id: 'g1' });
  const target = fakeTarget();

  const failures = await created.removeAll(target.actions);

  expect(target.deleted, 'DELETE order').toEqual(['Groups/g1', 'Users/u2', 'Users/u1']);
  expect(failures, 'failures').toEqual([]);
  expect(created.size, 'resources left').toBe(0);
});

test('removeAll treats 404 as removed', async () => {
  const created = new CreatedResources();
  created.add({ endpoint: 'Users', id: 'gone' });
  const target = fakeTarget({ 'Users/gone': 404 });

  const failures = await created.removeAll(target.actions);

  expect(target.deleted, 'DELETE requests').toEqual(['Users/gone']);
  expect(failures, 'failures').toEqual([]);
});

test('removeAll reports server error', async () => {
  const created = new CreatedResources();
  created.add({ endpoint: 'Users', id: 'u1' });
  created.add({ endpoint: 'Users', id: 'u2' });
  const target = fakeTarget({ 'Users/u2': 500 });

  const failures = await created.removeAll(target.actions);

  expect(failures.length, 'number of failures').toBe(1);
  expect(failures[0], 'failure').toContain('Users/u2');
  expect(failures[0], 'failure').toContain('500');
  expect(target.deleted, 'DELETE requests after the failure').toEqual(['Users/u2', 'Users/u1']);
});

test('removeAll reports exception', async () => {
  const created = new CreatedResources();
  created.add({ endpoint: 'Users', id: 'u1' });
  created.add({ endpoint: 'Groups', id: 'g1' });
  const target = fakeTarget({ 'Groups/g1': new Error('connection was reset') });

  const failures = await created.removeAll(target.actions);

  expect(failures.length, 'number of failures').toBe(1);
  expect(failures[0], 'failure').toContain('Groups/g1');
  expect(failures[0], 'failure').toContain('connection was reset');
  expect(target.deleted, 'DELETE requests after the exception').toEqual(['Groups/g1', 'Users/u1']);
});

test('removeAll finds resource without id', async () => {
  const created = new CreatedResources();
  created.add({ endpoint: 'Users', uniqueName: 'scimc-abc@example.test' });
  const target = fakeTarget({}, { 'Users scimc-abc@example.test': ['u9'] });

  const failures = await created.removeAll(target.actions);

  expect(target.lookups, 'lookups').toEqual(['Users scimc-abc@example.test']);
  expect(target.deleted, 'DELETE requests').toEqual(['Users/u9']);
  expect(failures, 'failures').toEqual([]);
});

test('removeAll reports resource not found', async () => {
  const created = new CreatedResources();
  created.add({ endpoint: 'Groups', uniqueName: 'scimc-abc Nurses' });
  const target = fakeTarget();

  const failures = await created.removeAll(target.actions);

  expect(target.deleted, 'DELETE requests').toEqual([]);
  expect(failures.length, 'number of failures').toBe(1);
  expect(failures[0], 'failure').toContain('scimc-abc Nurses');
});
