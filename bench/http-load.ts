// The bench's own HTTP client and load generator, on bare node:http with a keep-alive agent:
// nothing of the harness sits between it and the socket, so it can serve as the baseline.

import http from 'node:http';

export interface BareRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

export interface BareResponse {
  status: number;
  // The Location header, as a create returns it.
  location?: string;
  // Body, read in full and kept only when asked for.
  text?: string;
}

/** Sends one request on the agent's pooled connections; rejects on error or after timeoutMs. */
export function bareRequest(agent: http.Agent, request: BareRequest, timeoutMs: number, keepBody = false): Promise<BareResponse> {
  return new Promise((resolve, reject) => {
    const headers = request.body === undefined ? request.headers : { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) };
    const outgoing = http.request(request.url, { method: request.method, headers, agent, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        if (keepBody) chunks.push(chunk);
      });
      response.on('end', () => {
        const { location } = response.headers;
        resolve({
          status: response.statusCode ?? 0,
          ...(location === undefined ? {} : { location }),
          ...(keepBody ? { text: Buffer.concat(chunks).toString('utf8') } : {}),
        });
      });
      response.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${request.method} ${request.url.pathname} timed out after ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

export interface ClosedLoopOptions {
  concurrency: number;
  // The measurement ends at whichever bound comes first.
  durationMs: number;
  maxRequests: number;
  // Requests sent before measuring, at the same concurrency, to open connections and warm the JIT.
  warmupRequests: number;
  timeoutMs: number;
  // Builds the n-th request; a promise when the request waits for an earlier response.
  request: (index: number) => BareRequest | Promise<BareRequest>;
  // Receives the n-th response, or undefined when the request failed.
  onResponse?: (index: number, response: BareResponse | undefined) => void;
  // Status the n-th response should have; 200 when not given.
  expectedStatus?: (index: number) => number;
}

export interface ClosedLoopResult {
  requests: number;
  errors: number;
  // Responses with a status other than the expected one.
  unexpectedStatus: number;
  elapsedMs: number;
  // Time the warm-up took before the measurement started.
  warmupMs: number;
  requestsPerSecond: number;
  // Milliseconds, one per measured request, in completion order.
  latenciesMs: number[];
}

/**
 * Keeps `concurrency` requests in flight, each worker sending its next request as soon as the
 * previous one completes, and measures throughput and latency after the warm-up.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const expectedStatus = options.expectedStatus ?? (() => 200);
  try {
    let index = 0;
    const warmupStarted = performance.now();
    const warmup = async () => {
      while (index < options.warmupRequests) await bareRequest(agent, await options.request(index++), options.timeoutMs).catch(() => {});
    };
    await Promise.all(Array.from({ length: options.concurrency }, warmup));
    const warmupMs = performance.now() - warmupStarted;

    const latenciesMs: number[] = [];
    let errors = 0;
    let unexpectedStatus = 0;
    let sent = 0;
    const started = performance.now();
    const deadline = started + options.durationMs;
    const worker = async () => {
      while (sent < options.maxRequests && performance.now() < deadline) {
        sent += 1;
        const requestIndex = index++;
        const request = await options.request(requestIndex);
        const requestStarted = performance.now();
        try {
          const response = await bareRequest(agent, request, options.timeoutMs);
          latenciesMs.push(performance.now() - requestStarted);
          if (response.status !== expectedStatus(requestIndex)) unexpectedStatus += 1;
          options.onResponse?.(requestIndex, response);
        } catch {
          errors += 1;
          options.onResponse?.(requestIndex, undefined);
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    const elapsedMs = performance.now() - started;
    return {
      requests: latenciesMs.length,
      errors,
      unexpectedStatus,
      elapsedMs,
      warmupMs,
      requestsPerSecond: (latenciesMs.length / elapsedMs) * 1000,
      latenciesMs,
    };
  } finally {
    agent.destroy();
  }
}
