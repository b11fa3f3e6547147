// Per-realm rate limits of the mock roster: a token bucket per realm, and 429 with a SCIM error
// body and Retry-After once the bucket is empty.

import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from '@playwright/test';
import request from 'supertest';
import { createRosterApp } from '../../mocks/roster/app.js';

const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';
// The bucket's capacity is one second of requests, so 10 requests use up the burst of 5.
const REQUESTS_PER_SECOND = 5;
const BURST_REQUESTS = 10;

// Each test waits at most one Retry-After of 1 s.
test.describe.configure({ timeout: 5_000 });

/** Starts an app with a rate-limited realm and an unlimited one, and returns a client for each. */
function startRosters() {
  const app = createRosterApp({
    realms: [
      { id: 'limited', token: 'token-limited', rateLimit: { requestsPerSecond: REQUESTS_PER_SECOND } },
      { id: 'unlimited', token: 'token-unlimited' },
    ],
  });
  const agent = request(app.handle);
  return {
    limited: { agent, base: '/scim/v1/Realms/limited', auth: { Authorization: 'Bearer token-limited' } },
    unlimited: { agent, base: '/scim/v1/Realms/unlimited', auth: { Authorization: 'Bearer token-unlimited' } },
  };
}

type RealmClient = ReturnType<typeof startRosters>['limited'];

/** Sends `count` list requests one after another and returns the responses in order. */
async function sendBurst(realm: RealmClient, count: number): Promise<request.Response[]> {
  const responses: request.Response[] = [];
  for (let index = 0; index < count; index += 1) {
    responses.push(await realm.agent.get(`${realm.base}/Users`).set(realm.auth));
  }
  return responses;
}

function firstLimited(responses: request.Response[]): request.Response | undefined {
  return responses.find((response) => response.status === 429);
}

test('burst overflow returns 429', async () => {
  const { limited } = startRosters();

  const responses = await sendBurst(limited, BURST_REQUESTS);
  const statuses = responses.map((response) => response.status);
  const rejected = firstLimited(responses);

  expect(statuses.slice(0, REQUESTS_PER_SECOND), `statuses of the first ${REQUESTS_PER_SECOND} requests`).toEqual(
    Array(REQUESTS_PER_SECOND).fill(200),
  );
  expect(rejected, `a 429 among ${statuses}`).toBeDefined();
  expect(rejected!.headers['content-type'], 'Content-Type of the 429').toBe(SCIM_MEDIA_TYPE);
  expect(rejected!.body.schemas, 'error schemas of the 429').toEqual([ERROR_URN]);
  expect(rejected!.body.status, 'error status of the 429').toBe('429');
});

test('429 carries integer Retry-After', async () => {
  const { limited } = startRosters();

  const rejected = firstLimited(await sendBurst(limited, BURST_REQUESTS));
  const retryAfter = rejected?.headers['retry-after'];

  expect(rejected, 'a 429 response').toBeDefined();
  expect(retryAfter, 'Retry-After header').toMatch(/^\d+$/);
  expect(Number(retryAfter), 'Retry-After in seconds').toBeGreaterThanOrEqual(1);
});

test('other realm is not limited', async () => {
  const { limited, unlimited } = startRosters();

  const limitedStatuses = (await sendBurst(limited, BURST_REQUESTS)).map((response) => response.status);
  const unlimitedStatuses = (await sendBurst(unlimited, BURST_REQUESTS)).map((response) => response.status);

  expect(limitedStatuses, 'statuses in the limited realm').toContain(429);
  expect(unlimitedStatuses, 'statuses in the unlimited realm').toEqual(Array(BURST_REQUESTS).fill(200));
});

test('requests succeed after Retry-After', async () => {
  const { limited } = startRosters();
  const rejected = firstLimited(await sendBurst(limited, BURST_REQUESTS));
  expect(rejected, 'a 429 response').toBeDefined();
  const retryAfterSeconds = Number(rejected!.headers['retry-after']);
  expect(retryAfterSeconds, 'Retry-After in seconds').toBeLessThanOrEqual(1);

  await sleep(retryAfterSeconds * 1000);
  const after = await limited.agent.get(`${limited.base}/Users`).set(limited.auth);

  expect(after.status, `status ${retryAfterSeconds} s after the 429`).toBe(200);
});
