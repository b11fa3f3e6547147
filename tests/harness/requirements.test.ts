// Unit tests of the requirement catalogue in fixtures/requirements/ and verifies().

import { expect, test } from '@playwright/test';
import {
  REQUIREMENT_ANNOTATION,
  allRequirements,
  parseCatalogueFile,
  requirement,
  requirementIdOf,
  sourceOf,
  verifies,
} from '../../fixtures/requirements.js';

// Maximum length in characters of a fix hint, enough for the one to three sentences a hint should be.
const MAX_FIX_LENGTH = 300;

// A catalogue entry without "fix", for the loader checks.
const ENTRY_WITHOUT_FIX = {
  id: 'RFC7644-9.9',
  level: 'MUST',
  title: 'An example requirement',
  source: 'RFC7644',
  section: '9.9',
  text: 'The service provider does what the example says.',
};

test('verifies annotates each id', () => {
  const details = verifies('RFC7644-3.3', 'ENTRA-VALUE-FIDELITY');

  expect(details.annotation.length, 'number of annotations').toBe(2);
  expect(details.annotation.map((entry) => entry.type), 'annotation types').toEqual([REQUIREMENT_ANNOTATION, REQUIREMENT_ANNOTATION]);
  expect(details.annotation.map((entry) => requirementIdOf(entry.description)), 'annotated ids').toEqual(['RFC7644-3.3', 'ENTRA-VALUE-FIDELITY']);
  expect(details.annotation[0]?.description, 'first annotation').toContain('(MUST)');
  expect(details.annotation[1]?.description, 'second annotation').toContain('(SHOULD)');
});

test('verifies tags ids and levels', () => {
  const details = verifies('RFC7644-3.3', 'RFC7644-3.4.1', 'ENTRA-VALUE-FIDELITY');

  expect(details.tag, 'tags').toEqual(['@RFC7644-3.3', '@RFC7644-3.4.1', '@ENTRA-VALUE-FIDELITY', '@MUST', '@SHOULD']);
});

test('verifies rejects unknown id', () => {
  expect(() => verifies('RFC7644-9.9'), 'unknown id').toThrow(/RFC7644-9\.9/);
  expect(() => verifies('RFC7644-9.9'), 'unknown id').toThrow(/fixtures\/requirements\//);
  expect(() => requirement('nope'), 'requirement() with an unknown id').toThrow(/fixtures\/requirements\//);
});

test('verifies rejects empty list', () => {
  expect(() => verifies(), 'no ids').toThrow(/at least one/);
});

test('every requirement well formed', () => {
  for (const entry of allRequirements()) {
    expect(() => sourceOf(entry), `source of ${entry.id}`).not.toThrow();
    expect(['MUST', 'SHOULD', 'MAY'], `level of ${entry.id}`).toContain(entry.level);
    expect(entry.title.trim(), `title of ${entry.id}`).not.toBe('');
    expect(entry.text.trim(), `text of ${entry.id}`).not.toBe('');
  }
});

test('every requirement has short fix hint', () => {
  for (const entry of allRequirements()) {
    expect(typeof entry.fix, `type of the fix of ${entry.id}`).toBe('string');
    expect(entry.fix.trim(), `fix of ${entry.id}`).not.toBe('');
    expect(entry.fix.length, `length of the fix of ${entry.id}`).toBeLessThanOrEqual(MAX_FIX_LENGTH);
  }
});

test('loader rejects missing fix hint', () => {
  const text = JSON.stringify({ requirements: [ENTRY_WITHOUT_FIX] });

  const parse = () => parseCatalogueFile(text, 'fixtures/requirements/example.json');

  expect(parse, 'error names the requirement').toThrow(/RFC7644-9\.9/);
  expect(parse, 'error names the file').toThrow(/fixtures\/requirements\/example\.json/);
  expect(parse, 'error names the field').toThrow(/"fix"/);
});

test('loader rejects blank fix hint', () => {
  const text = JSON.stringify({ requirements: [{ ...ENTRY_WITHOUT_FIX, fix: '  ' }] });

  const parse = () => parseCatalogueFile(text, 'fixtures/requirements/example.json');

  expect(parse, 'error names the requirement').toThrow(/RFC7644-9\.9/);
  expect(parse, 'error names the file').toThrow(/fixtures\/requirements\/example\.json/);
});

test('loader keeps entry with fix hint', () => {
  const fix = 'Answer with the status the example asks for.';
  const text = JSON.stringify({ requirements: [{ ...ENTRY_WITHOUT_FIX, fix }] });

  const part = parseCatalogueFile(text, 'fixtures/requirements/example.json');

  expect(part.requirements?.map((entry) => entry.fix), 'fix hints parsed').toEqual([fix]);
});

test('requirement ids unique', () => {
  const ids = allRequirements().map((entry) => entry.id);

  const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);

  expect(ids.length, 'number of requirements').toBeGreaterThan(0);
  expect(duplicates, 'ids listed more than once').toEqual([]);
});
