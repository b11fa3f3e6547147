// `npm run report`: serves the Allure report of the last run on 127.0.0.1. The report loads its
// data over HTTP, so it is served rather than opened as a file.

import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPORT_HOST, ReportServerError, startReportServer, stopReportServer } from './report-server.js';

// Exit code for an invalid option, as the scim-conformance command uses.
const USAGE_ERROR = 2;
const MAX_PORT = 65_535;

const reportDir = join(resolve(process.env.SCIM_REPORTS_DIR ?? 'reports'), 'allure-report');

if (!existsSync(join(reportDir, 'index.html'))) {
  console.error(`No report in ${reportDir}: run "npm run conformance" first, or give the folder that run wrote to with --output.`);
  process.exit(1);
}

const { values } = parseArgs({ args: process.argv.slice(2), options: { port: { type: 'string' } } });
const port = values.port === undefined ? 0 : Number(values.port);
if (!/^\d+$/.test(values.port ?? '0') || port > MAX_PORT) {
  console.error(`--port ${values.port}: invalid port. Give a number from 1 to ${MAX_PORT}, or leave --port out to use a free port.`);
  process.exit(USAGE_ERROR);
}

let server;
try {
  server = await startReportServer(reportDir, port);
} catch (error) {
  if (!(error instanceof ReportServerError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const { port: listeningPort } = server.address() as AddressInfo;
console.log(`Serving the report at http://${REPORT_HOST}:${listeningPort}/ (Ctrl-C to stop)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopReportServer(server).then(() => process.exit(0));
  });
}
