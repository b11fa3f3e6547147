// Every kind of fault seen in real SCIM servers must be reproduced by a mock fault that the fault
// matrix runs, so the matrix shows that some check catches it.

import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { isFaultName } from '../../mocks/roster/faults.js';
import { loadFaultExpectations } from './expectations.js';

interface FieldFaultKind {
  kind: string;
  example: string;
  faults: string[];
}

const { kinds } = JSON.parse(readFileSync(new URL('./field-fault-kinds.json', import.meta.url), 'utf8')) as { kinds: FieldFaultKind[] };
const inMatrix = new Set(Object.keys(loadFaultExpectations()).map((entry) => entry.split('@')[0]));

test('every field fault kind has faults', () => {
  const empty = kinds.filter((entry) => entry.faults.length === 0).map((entry) => entry.kind);

  expect(kinds.length, 'kinds listed').toBeGreaterThan(0);
  expect(empty, 'kinds without a mock fault').toEqual([]);
});

test('field fault kinds name known faults', () => {
  const unknown = kinds.flatMap((entry) => entry.faults.filter((fault) => !isFaultName(fault)));

  expect(unknown, 'names that are not mock faults').toEqual([]);
});

test('field fault kinds are in the matrix', () => {
  const outside = kinds.flatMap((entry) => entry.faults.filter((fault) => !inMatrix.has(fault)).map((fault) => `${fault} (${entry.kind})`));

  expect(outside, 'faults the matrix does not run').toEqual([]);
});
