// The mock roster's request recording, which the benchmark replays: every request with its body,
// without the realm's token.

import { expect, test } from '@playwright/test';
import { type RecordedRequest, startRosterServer } from '../../mocks/roster/server.js';

test('recording keeps requests without token', async () => {
  const recorded: RecordedRequest[] = [];
  const server = await startRosterServer({ record: (request) => recorded.push(request) });
  try {
    const realm = server.addRealm();
    const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'recorded.user@example.test' });

    const created = await fetch(`${server.tenantUrl(realm.id)}Users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${realm.token}`, 'Content-Type': 'application/scim+json' },
      body,
    });
    const rejected = await fetch(`${server.tenantUrl(realm.id)}Users`, { headers: { Authorization: 'Bearer made-up-token' } });
    await fetch(`${server.tenantUrl(realm.id)}Groups`);

    expect(created.status, 'create status').toBe(201);
    expect(rejected.status, 'status with a wrong token').toBe(401);
    expect(recorded.length, 'requests recorded').toBe(3);
    expect(recorded[0].method, 'method').toBe('POST');
    expect(recorded[0].url, 'url').toBe(`/scim/v1/Realms/${realm.id}/Users`);
    expect(recorded[0].body, 'body').toBe(body);
    expect(recorded[0].headers['content-type'], 'Content-Type').toBe('application/scim+json');
    expect(recorded[0].authorization, 'realm token').toEqual({ kind: 'realm-token' });
    expect(recorded[0].status, 'recorded status').toBe(201);
    expect(recorded[0].createdId, 'created id').toBe(((await created.json()) as { id: string }).id);
    expect(recorded[1].createdId, 'no created id without a create').toBeUndefined();
    expect(recorded[0].finishedMs, 'finished after received').toBeGreaterThanOrEqual(recorded[0].receivedMs);
    expect(recorded[1].authorization, 'made-up token').toEqual({ kind: 'other', value: 'Bearer made-up-token' });
    expect(recorded[1].status, 'recorded status with a wrong token').toBe(401);
    expect(recorded[2].authorization, 'no token').toEqual({ kind: 'none' });
    expect(JSON.stringify(recorded), 'records').not.toContain(realm.token);
  } finally {
    await server.close();
  }
});
