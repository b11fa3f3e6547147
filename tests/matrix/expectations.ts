// The fault matrix's expectations: for each mock fault, the requirements it must fail. They are
// split by area into tests/matrix/expectations/*.json; a fault named in several files must fail
// the requirements of all of them.

import { readFileSync, readdirSync } from 'node:fs';

export function loadFaultExpectations(): Record<string, string[]> {
  const folder = new URL('./expectations/', import.meta.url);
  const merged: Record<string, string[]> = {};
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.json')).sort()) {
    const part = JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as Record<string, string[]>;
    for (const [fault, ids] of Object.entries(part)) merged[fault] = [...new Set([...(merged[fault] ?? []), ...ids])];
  }
  return merged;
}
