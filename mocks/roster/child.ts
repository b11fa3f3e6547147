// Entry point of a mock roster running in a child process, started by startRosterProcess() in
// fork.ts. The parent adds and seeds realms over the IPC channel, so a load generator and the
// mock each get their own event loop. The child exits when the parent disconnects.

import { readResourceBody } from './resources.js';
import { parseFaultList } from './faults.js';
import type { RosterCommand, RosterReply } from './fork.js';
import { USER_TYPE } from './schema-definitions.js';
import { startRosterServer } from './server.js';

const server = await startRosterServer();
const send = (message: RosterReply | { type: 'ready'; origin: string }) => process.send!(message);

function execute(command: RosterCommand): unknown {
  switch (command.command) {
    case 'add-realm': {
      const realm = server.addRealm({
        faults: parseFaultList((command.faults ?? []).join(',')),
        rateLimit: command.rateLimit,
      });
      return { id: realm.id, token: realm.token, tenantUrl: server.tenantUrl(realm.id) };
    }
    case 'seed-users': {
      const realm = requireRealm(command.realmId);
      const baseUrl = server.tenantUrl(realm.id).replace(/\/$/, '');
      // The same validation and stored form as POST /Users, without the HTTP round trip.
      for (const body of command.bodies) realm.create(USER_TYPE, readResourceBody(USER_TYPE, body), baseUrl);
      return { users: realm.users.byId.size };
    }
    case 'realm-stats': {
      const realm = requireRealm(command.realmId);
      return { users: realm.users.byId.size, groups: realm.groups.byId.size, lastQueryPlan: realm.lastQueryPlan };
    }
    case 'memory': {
      // Collects garbage first when node runs with --expose-gc, so the figures are live data.
      (globalThis as { gc?: () => void }).gc?.();
      const { rss, heapUsed, heapTotal } = process.memoryUsage();
      return { rss, heapUsed, heapTotal };
    }
    case 'cpu-usage':
      return process.cpuUsage();
  }
}

function requireRealm(id: string) {
  const realm = server.app.realm(id);
  if (!realm) throw new Error(`Realm ${id} not found in the mock roster process.`);
  return realm;
}

process.on('message', (message: RosterCommand) => {
  if (message.command === 'close') {
    void server.close().finally(() => process.exit(0));
    return;
  }
  try {
    send({ id: message.id, result: execute(message) });
  } catch (error) {
    send({ id: message.id, error: (error as Error).message });
  }
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', origin: server.origin });
