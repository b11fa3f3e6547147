// A target that fails at the transport level. It sits in front of a mock roster realm and passes
// every request through, except user creates, which meet the fault named in the tenant URL:
// http://127.0.0.1:<port>/<fault>/scim/v1/Realms/<realm>/. Test Connection and cleanup still
// reach the realm, so a run starts and only the checks that create users meet the fault.

import { type IncomingMessage, type Server, type ServerResponse, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const TRANSPORT_FAULTS = [
  'silent',
  'reset',
  'plain-text',
  'html-error-page',
  'truncated-json',
  'huge-body',
  'server-error',
  'too-many-requests',
  'redirect-elsewhere',
] as const;

export type TransportFault = (typeof TRANSPORT_FAULTS)[number];

export interface FaultyTarget {
  /** Returns the tenant URL of the realm under which user creates meet the fault. */
  tenantUrl(fault: TransportFault): string;
  /** Requests that followed a redirect to the other origin, with their Authorization header. */
  readonly followed: { url: string; authorization?: string }[];
  close(): Promise<void>;
}

// Sent in pieces until the client hangs up, and never more than this, so the test stays bounded.
const HUGE_BODY_BYTES = 16 * 1024 * 1024;
const SCIM_JSON = 'application/scim+json';

function scimError(status: number, detail: string): string {
  return JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail });
}

function streamHugeBody(response: ServerResponse): void {
  response.writeHead(201, { 'Content-Type': SCIM_JSON });
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let sent = 0;
  const pump = () => {
    while (sent < HUGE_BODY_BYTES && !response.destroyed) {
      sent += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    response.end();
  };
  response.write('{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"padding":"');
  pump();
}

function misbehave(fault: TransportFault, request: IncomingMessage, response: ServerResponse, elsewhere: string): void {
  switch (fault) {
    case 'silent':
      // Reads the request and never responds. The socket closes when the client times out.
      request.resume();
      return;
    case 'reset':
      request.socket.resetAndDestroy();
      return;
    case 'plain-text':
      response.writeHead(201, { 'Content-Type': 'text/plain' });
      response.end('User created.');
      return;
    case 'html-error-page':
      response.writeHead(502, { 'Content-Type': 'text/html' });
      response.end('<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>');
      return;
    case 'truncated-json': {
      const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'cut', userName: 'cut' });
      response.writeHead(201, { 'Content-Type': SCIM_JSON });
      response.end(body.slice(0, body.length / 2));
      return;
    }
    case 'huge-body':
      streamHugeBody(response);
      return;
    case 'server-error':
      response.writeHead(503, { 'Content-Type': SCIM_JSON });
      response.end(scimError(503, 'The roster is under maintenance.'));
      return;
    case 'too-many-requests':
      response.writeHead(429, { 'Content-Type': SCIM_JSON, 'Retry-After': '30' });
      response.end(scimError(429, 'Too many requests.'));
      return;
    case 'redirect-elsewhere':
      response.writeHead(307, { Location: `${elsewhere}${request.url ?? '/'}` });
      response.end();
      return;
  }
}

function forward(request: IncomingMessage, response: ServerResponse, upstream: URL): void {
  const outgoing = httpRequest(upstream, { method: request.method, headers: { ...request.headers, host: upstream.host } }, (upstreamResponse) => {
    response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
    upstreamResponse.pipe(response);
  });
  outgoing.on('error', (error) => {
    response.writeHead(502, { 'Content-Type': 'text/plain' });
    response.end(`The faulty target could not reach the realm: ${error.message}`);
  });
  request.pipe(outgoing);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts a faulty target in front of a realm, given by its tenant URL. */
export async function startFaultyTarget(realmTenantUrl: string): Promise<FaultyTarget> {
  const realm = new URL(realmTenantUrl);
  const followed: FaultyTarget['followed'] = [];
  // The other origin a redirect points to. It records each request that follows the redirect.
  const other = createServer((request, response) => {
    followed.push({ url: request.url ?? '', authorization: request.headers.authorization });
    response.writeHead(404).end();
  });
  const elsewhere = await listen(other);

  const sockets = new Set<Socket>();
  const front = createServer((request, response) => {
    const [, fault, ...rest] = (request.url ?? '/').split('/');
    const path = `/${rest.join('/')}`;
    if (!(TRANSPORT_FAULTS as readonly string[]).includes(fault)) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`No such fault: ${fault}`);
      return;
    }
    const isCreate = request.method === 'POST' && /\/Users\/?(\?.*)?$/.test(path);
    if (isCreate) misbehave(fault as TransportFault, request, response, elsewhere);
    else forward(request, response, new URL(path, realm.origin));
  });
  front.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const origin = await listen(front);

  return {
    tenantUrl: (fault) => `${origin}/${fault}${realm.pathname}`,
    followed,
    close: async () => {
      // The silent fault leaves sockets open, and close() waits for every socket to end.
      for (const socket of sockets) socket.destroy();
      await Promise.all([front, other].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}
