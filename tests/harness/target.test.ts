// Unit tests of the tenant URL handling in fixtures/target.ts.

import { expect, test } from '@playwright/test';
import {
  TargetConfigurationError,
  displayUrlOf,
  normaliseBaseUrl,
  remoteTarget,
  resolveUrl,
} from '../../fixtures/target.js';

const TENANT_URL = 'https://user-roster-api.sandboxcernercentral.com/scim/v1/Realms/r1';
const TOKEN = 'tenant-secret-token';

/** Returns the error a function throws, or fails the test when it returns normally. */
function thrownBy(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw, but it returned');
}

test('tenant URL without trailing slash', () => {
  const target = remoteTarget({ SCIM_BASE_URL: TENANT_URL, SCIM_TOKEN: TOKEN });

  const url = resolveUrl(target.baseUrl, 'Users/abc');

  expect(url.toString(), 'resolved user URL').toBe(`${TENANT_URL}/Users/abc`);
});

test('tenant URL with trailing slash', () => {
  const target = remoteTarget({ SCIM_BASE_URL: `${TENANT_URL}/`, SCIM_TOKEN: TOKEN });

  const url = resolveUrl(target.baseUrl, 'Users/abc');

  expect(url.toString(), 'resolved user URL').toBe(`${TENANT_URL}/Users/abc`);
  expect(url.pathname, 'path has no doubled slash').not.toContain('//');
});

test('tenant URL user info stripped', () => {
  const target = remoteTarget({
    SCIM_BASE_URL: 'https://admin:hunter22@user-roster-api.sandboxcernercentral.com/scim/v1/Realms/r1',
    SCIM_TOKEN: TOKEN,
  });

  const resolved = resolveUrl(target.baseUrl, 'Users');

  expect(target.baseUrl, 'base URL').toBe(`${TENANT_URL}/`);
  expect(target.displayUrl, 'display URL').not.toContain('hunter22');
  expect(target.displayUrl, 'display URL').not.toContain('admin');
  expect(resolved.username, 'user name of a resolved URL').toBe('');
  expect(resolved.password, 'password of a resolved URL').toBe('');
});

test('tenant query precedes request query', () => {
  const base = normaliseBaseUrl(`${TENANT_URL}?tenant=t1&code=abc123`).toString();

  const url = resolveUrl(base, 'Users', { filter: 'userName eq "x"' });

  expect(url.pathname, 'resolved path').toBe('/scim/v1/Realms/r1/Users');
  expect([...url.searchParams.keys()], 'query parameter order').toEqual(['tenant', 'code', 'filter']);
  expect(url.searchParams.get('tenant'), 'tenant parameter').toBe('t1');
  expect(url.searchParams.get('code'), 'code parameter').toBe('abc123');
  expect(url.searchParams.get('filter'), 'filter parameter').toBe('userName eq "x"');
});

test('displayUrlOf hides query values', () => {
  const base = normaliseBaseUrl(`${TENANT_URL}?tenant=t1&code=abc123&flag=`);

  const displayUrl = displayUrlOf(base);

  expect(displayUrl, 'display URL').not.toContain('t1');
  expect(displayUrl, 'display URL').not.toContain('abc123');
  expect(new URL(displayUrl).searchParams.get('tenant'), 'tenant value').toBe('***');
  expect(new URL(displayUrl).searchParams.get('code'), 'code value').toBe('***');
  expect(new URL(displayUrl).searchParams.get('flag'), 'empty value stays empty').toBe('');
  expect(new URL(displayUrl).pathname, 'display path').toBe('/scim/v1/Realms/r1/');
});

test('invalid tenant URL rejected', () => {
  const error = thrownBy(() => remoteTarget({ SCIM_BASE_URL: 'not a url', SCIM_TOKEN: TOKEN }));

  expect(error, 'error class').toBeInstanceOf(TargetConfigurationError);
  expect(error.message, 'error message').toContain('SCIM_BASE_URL is not a valid absolute URL');
  // A URL that fails to parse may still hold a password, so the message never repeats it.
  expect(error.message, 'error message').not.toContain('not a url');
});

test('non-http tenant URL rejected', () => {
  const error = thrownBy(() => remoteTarget({ SCIM_BASE_URL: 'ftp://user-roster-api.sandboxcernercentral.com/scim', SCIM_TOKEN: TOKEN }));

  expect(error, 'error class').toBeInstanceOf(TargetConfigurationError);
  expect(error.message, 'error message').toContain('SCIM_BASE_URL');
  expect(error.message, 'error message').toContain('ftp');
});

test('missing token rejected', () => {
  for (const token of [undefined, '', '   ']) {
    const error = thrownBy(() => remoteTarget({ SCIM_BASE_URL: TENANT_URL, SCIM_TOKEN: token }));

    expect(error, `error class for token ${JSON.stringify(token)}`).toBeInstanceOf(TargetConfigurationError);
    expect(error.message, `error message for token ${JSON.stringify(token)}`).toContain('SCIM_TOKEN');
  }
});

test('resolveUrl rejects absolute path', () => {
  const error = thrownBy(() => resolveUrl(`${TENANT_URL}/`, '/Users'));

  expect(error.message, 'error message').toContain('/Users');
  expect(error.message, 'error message').toContain('relative to the tenant URL');
});

test('resolveUrl rejects absolute URL', () => {
  const error = thrownBy(() => resolveUrl(`${TENANT_URL}/`, 'https://other.example/Users'));

  expect(error.message, 'error message').toContain('relative to the tenant URL');
});
