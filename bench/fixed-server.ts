// Child process entry: a bare node:http server on 127.0.0.1 that responds to every request with
// one fixed response. It is the baseline the mock roster's throughput is compared with.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixedServerStart {
  status: number;
  contentType: string;
  body: string;
}

const send = (message: unknown) => process.send!(message);

process.once('message', (start: FixedServerStart) => {
  const headers = { 'Content-Type': start.contentType, 'Content-Length': String(Buffer.byteLength(start.body)) };
  const server = createServer((request, response) => {
    // Reads the request to its end, as any server must before it can reuse the connection.
    request.resume();
    request.on('end', () => {
      response.writeHead(start.status, headers);
      response.end(start.body);
    });
  });
  server.keepAliveTimeout = 5000;
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    send({ type: 'ready', origin: `http://127.0.0.1:${port}` });
  });
  process.on('message', (command: { id: number; command: string }) => {
    if (command.command === 'cpu-usage') send({ id: command.id, result: process.cpuUsage() });
    if (command.command === 'close') {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    }
  });
});
process.on('disconnect', () => process.exit(0));
