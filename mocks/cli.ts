// `npm run mock`: starts the mock Cerner roster on its own and prints its tenant URL and token.

import { parseArgs } from 'node:util';
import { FAULTS, parseFaultList } from './roster/faults.js';
import { newToken, startRosterServer } from './roster/server.js';

const usage = `Usage: npm run mock -- [options]

Starts the mock Cerner user roster, an in-memory SCIM 2.0 server, on 127.0.0.1.

Options:
  --port <number>     TCP port to listen on (default: MOCK_PORT, or a free port)
  --realm <id>        realm id in the tenant URL (default: a random UUID)
  --token <token>     bearer token the realm accepts (default: MOCK_TOKEN, or a random token)
  --fault <names>     comma-separated faults to switch on (default: MOCK_FAULTS)
  --rate-limit <n>    requests per second the realm serves before it answers 429
                      (default: MOCK_RATE_LIMIT, or no limit)
  --list-faults       print every fault with its description and exit
  --quiet             do not log requests
  -h, --help          print this help and exit`;

function fail(message: string): never {
  console.error(`mock: ${message}\n\n${usage}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        realm: { type: 'string' },
        token: { type: 'string' },
        fault: { type: 'string' },
        'rate-limit': { type: 'string' },
        'list-faults': { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  if (values['list-faults']) {
    const width = Math.max(...Object.keys(FAULTS).map((name) => name.length));
    for (const [name, description] of Object.entries(FAULTS)) console.log(`${name.padEnd(width)}  ${description}`);
    return;
  }

  const portText = values.port ?? process.env.MOCK_PORT ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`invalid port ${JSON.stringify(portText)}; give a number from 0 to 65535.`);
  }
  let faults;
  try {
    faults = parseFaultList(values.fault ?? process.env.MOCK_FAULTS);
  } catch (error) {
    fail((error as Error).message);
  }

  const rateText = values['rate-limit'] ?? process.env.MOCK_RATE_LIMIT;
  const rate = rateText === undefined ? undefined : Number(rateText);
  if (rate !== undefined && !(rate > 0)) {
    fail(`invalid rate limit ${JSON.stringify(rateText)}; give a positive number of requests per second.`);
  }

  const log = values.quiet ? undefined : (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  const server = await startRosterServer({ port, log }).catch((error: NodeJS.ErrnoException) =>
    fail(`could not listen on 127.0.0.1:${port}: ${error.code ?? error.message}`),
  );
  const realm = server.addRealm({
    id: values.realm,
    token: values.token ?? process.env.MOCK_TOKEN ?? newToken(),
    faults,
    rateLimit: rate === undefined ? undefined : { requestsPerSecond: rate },
  });

  console.log(`Mock Cerner roster listening on ${server.origin}
  Tenant URL:    ${server.tenantUrl(realm.id)}
  Secret token:  ${realm.token}
  Faults:        ${faults.length > 0 ? faults.join(', ') : 'none'}
  Rate limit:    ${rate === undefined ? 'none' : `${rate} requests per second`}

Run the conformance suites against it in another shell:
  SCIM_BASE_URL='${server.tenantUrl(realm.id)}' SCIM_TOKEN='<the secret token>' npm run conformance
Press Ctrl-C to stop.`);

  const stop = (signal: string) => {
    console.log(`Received ${signal}; stopping the mock roster.`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
  console.error(`mock: failed to start: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
