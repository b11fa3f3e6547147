// Local HTTP and TCP servers for the harness's own tests: each listens on 127.0.0.1 at a free port, and
// closeServers() stops every one with its open connections, so no keep-alive socket keeps a test waiting.

import type { AddressInfo, Server, Socket } from 'node:net';

const running: { server: Server; sockets: Set<Socket> }[] = [];

/** Starts a server on 127.0.0.1 at a free port and returns the port. closeServers() stops it. */
export async function listen(server: Server): Promise<number> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  running.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

/** Stops every server listen() started, after destroying its connections. */
export async function closeServers(): Promise<void> {
  for (const { server, sockets } of running.splice(0)) {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
