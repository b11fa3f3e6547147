// Unit tests of the secret removal in fixtures/redact.ts.

import { expect, test } from '@playwright/test';
import { REDACTED, createRedactor, redactHeaders, redactJson } from '../../fixtures/redact.js';

// Contains characters that URL encoding and JSON escaping both change.
const SECRET = 'sk/9+Tq="x\\y';

test('raw secret replaced', () => {
  const redact = createRedactor([SECRET]);

  const result = redact(`token=${SECRET}; again ${SECRET}`);

  expect(result, 'redacted text').toBe(`token=${REDACTED}; again ${REDACTED}`);
});

test('URL-encoded secret replaced', () => {
  const redact = createRedactor([SECRET]);
  const encoded = encodeURIComponent(SECRET);

  const result = redact(`https://h.example/scim?code=${encoded}`);

  expect(encoded, 'encoded form differs from the raw secret').not.toBe(SECRET);
  expect(result, 'redacted URL').toBe(`https://h.example/scim?code=${REDACTED}`);
});

test('JSON-escaped secret replaced', () => {
  const redact = createRedactor([SECRET]);
  const json = JSON.stringify({ echo: SECRET });

  const result = redact(json);

  expect(json, 'escaped form differs from the raw secret').not.toContain(SECRET);
  expect(result, 'redacted JSON text').toBe(`{"echo":"${REDACTED}"}`);
});

test('short secrets ignored', () => {
  const redact = createRedactor(['abc', '', undefined, 'abcd']);

  const result = redact('abc abcd');

  expect(result, 'three-character value kept, four-character value replaced').toBe(`abc ${REDACTED}`);
});

test('Authorization keeps Bearer scheme', () => {
  const redact = createRedactor([]);

  const headers = redactHeaders({ Authorization: 'Bearer abc.def.ghi', Accept: 'application/json' }, redact);

  expect(headers.Authorization, 'Authorization value').toBe(`Bearer ${REDACTED}`);
  expect(headers.Accept, 'Accept value').toBe('application/json');
});

test('Cookie header hidden', () => {
  const redact = createRedactor([]);

  const headers = redactHeaders({ Cookie: 'session=abc123', 'set-cookie': 'session=def456; HttpOnly' }, redact);

  expect(headers.Cookie, 'Cookie value').toBe(REDACTED);
  expect(headers['set-cookie'], 'Set-Cookie value').toBe(REDACTED);
});

test('other headers pass through redactor', () => {
  const redact = createRedactor([SECRET]);

  const headers = redactHeaders({ 'X-Echo': `Bearer ${SECRET}` }, redact);

  expect(headers['X-Echo'], 'echoed header value').toBe(`Bearer ${REDACTED}`);
});

test('redactJson masks secret keys', () => {
  const redact = createRedactor([]);
  const body = {
    userName: 'a@example.test',
    password: 'Pa55word!',
    nested: { access_token: 'eyJhbGciOi', Password: 'Other1!' },
    cleared: { password: null },
  };

  const result = redactJson(body, redact) as typeof body;

  expect(result.userName, 'userName').toBe('a@example.test');
  expect(result.password, 'password').toBe(REDACTED);
  expect(result.nested.access_token, 'nested access_token').toBe(REDACTED);
  expect(result.nested.Password, 'password key in another case').toBe(REDACTED);
  expect(result.cleared.password, 'null password stays null').toBeNull();
});

test('redactJson redacts nested strings', () => {
  const redact = createRedactor([SECRET]);
  const body = { detail: `token ${SECRET} rejected`, items: [{ note: SECRET }, 7, null] };

  const result = redactJson(body, redact);

  expect(result, 'redacted body').toEqual({
    detail: `token ${REDACTED} rejected`,
    items: [{ note: REDACTED }, 7, null],
  });
  expect(body.detail, 'input left unchanged').toContain(SECRET);
});

test('added secret replaced', () => {
  const redact = createRedactor([]);
  const learned = 'eyJ0eXAi.issued-later';

  const before = redact(`Bearer ${learned}`);
  redact.add(learned);
  const after = redact(`Bearer ${learned} and ${encodeURIComponent(learned)}`);

  expect(before, 'text redacted before the secret was added').toBe(`Bearer ${learned}`);
  expect(after, 'text redacted after the secret was added').toBe(`Bearer ${REDACTED} and ${REDACTED}`);
});

test('longer secret replaced whole', () => {
  const redact = createRedactor(['abcd']);
  redact.add('abcd-efgh');

  const result = redact('abcd-efgh abcd');

  expect(result, 'redacted text').toBe(`${REDACTED} ${REDACTED}`);
});
