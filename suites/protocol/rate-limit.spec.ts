import { randomUUID } from 'node:crypto';
import { type HttpResponse, expect, skipNotApplicable, test, verifies } from '../../fixtures/index.js';

// Entra's provisioning service sends bursts like this one. A target that limits them should state
// in Retry-After when the client may try again.
const BURST = 40;
const CONCURRENCY = 10;

test.describe('Rate limits', () => {
  test('429 responses carry Retry-After', verifies('ENTRA-RETRY-AFTER'), async ({ scim }) => {
    const responses: HttpResponse[] = [];
    for (let sent = 0; sent < BURST; sent += CONCURRENCY) {
      // Sent once each, without the harness's own retries, so that the check sees every 429.
      const wave = Array.from({ length: CONCURRENCY }, () =>
        scim.request({
          method: 'GET',
          path: 'Users',
          query: { filter: `userName eq "${randomUUID()}"` },
          purpose: 'burst of Test Connection queries',
          retry: false,
        }),
      );
      responses.push(...(await Promise.all(wave)));
    }

    const limited = responses.filter((response) => response.status === 429);
    if (limited.length === 0) skipNotApplicable(`the target answered ${BURST} quick queries without a 429`);
    for (const response of limited) {
      const retryAfter = response.headers['retry-after'];
      expect(retryAfter, 'Retry-After header of a 429 response').toBeDefined();
      const valid = /^\d+$/.test(retryAfter ?? '') || !Number.isNaN(Date.parse(retryAfter ?? ''));
      expect(valid, `Retry-After ${JSON.stringify(retryAfter)} is a number of seconds or an HTTP date`).toBe(true);
    }
  });
});
