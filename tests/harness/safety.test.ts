// Unit tests of fixtures/safety.ts: which hosts the harness may write to.

import { expect, test } from '@playwright/test';
import { hostMatches, isLoopback, writePolicy } from '../../fixtures/safety.js';

const DEFAULTS = { readOnly: false, allowWrites: false, allowHosts: [] };

test('loopback hosts recognised', () => {
  for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', 'api.localhost', '[::1]', '::1']) {
    expect(isLoopback(host), host).toBe(true);
  }
  for (const host of ['10.0.0.1', '128.0.0.1', 'localhost.example.com', 'example.test', '::2']) {
    expect(isLoopback(host), host).toBe(false);
  }
});

test('host patterns match subdomains only', () => {
  expect(hostMatches('user-roster-api.sandboxcernercentral.com', '*.sandboxcernercentral.com'), 'subdomain').toBe(true);
  expect(hostMatches('sandboxcernercentral.com', '*.sandboxcernercentral.com'), 'bare domain').toBe(false);
  expect(hostMatches('evilsandboxcernercentral.com', '*.sandboxcernercentral.com'), 'suffix without a dot').toBe(false);
  expect(hostMatches('SCIM.Staging.Example.com', 'scim.staging.example.com'), 'exact name in another case').toBe(true);
});

test('sandbox host allows writes', () => {
  const policy = writePolicy('https://user-roster-api.sandboxcernercentral.com/scim/v1/Realms/r1/', DEFAULTS);

  expect(policy.allowed, 'allowed').toBe(true);
  expect(policy.reason, 'reason').toContain('known sandbox host');
});

test('production host refuses writes', () => {
  const policy = writePolicy('https://user-roster-api.cernercentral.com/scim/v1/Realms/r1/', DEFAULTS);

  expect(policy.allowed, 'allowed').toBe(false);
  expect(policy.reason, 'reason names the host').toContain('user-roster-api.cernercentral.com');
  expect(policy.reason, 'reason names the remedy').toContain('SCIM_ALLOW_HOSTS');
});

test('allow list and flag allow writes', () => {
  const url = 'https://scim.staging.example.com/v2/';

  expect(writePolicy(url, { ...DEFAULTS, allowHosts: ['*.example.com'] }).allowed, 'listed by pattern').toBe(true);
  expect(writePolicy(url, { ...DEFAULTS, allowHosts: ['other.example.com'] }).allowed, 'another host listed').toBe(false);
  expect(writePolicy(url, { ...DEFAULTS, allowWrites: true }).allowed, 'writes allowed everywhere').toBe(true);
});

test('read-only refuses even loopback', () => {
  const policy = writePolicy('http://127.0.0.1:8080/scim/', { ...DEFAULTS, readOnly: true });

  expect(policy.allowed, 'allowed').toBe(false);
  expect(policy.reason, 'reason').toContain('read-only');
});
