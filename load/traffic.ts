// The requests of a load run: each one paced, sent through the harness's HTTP client, retried
// after 429 once the wait Retry-After sets is over, and counted with its latency under its kind.

import { setTimeout as sleep } from 'node:timers/promises';
import { type HttpResponse, type HttpSettings, type RequestSpec, TransportError, excerpt, send } from '../fixtures/http.js';
import type { Pacer } from '../fixtures/pacer.js';
import { retryAfterMs } from '../fixtures/retry.js';
import { type LatencySummary, summarize } from './stats.js';

export type RequestKind =
  | 'query group'
  | 'create group'
  | 'query user'
  | 'create user'
  | 'add members'
  | 'delete'
  | 'cleanup query';

// Without a usable Retry-After, a 429 is retried after this many milliseconds.
const DEFAULT_RETRY_WAIT_MS = 1000;
// Distinct error messages kept for the report; the rest are only counted.
const MAX_ERROR_SAMPLES = 10;

export interface KindCounters {
  // HTTP exchanges sent, retries included.
  requests: number;
  // Requests that ended without the expected response, after any retries.
  errors: number;
  // Responses with status 429.
  throttled: number;
  // Requests sent again after a 429.
  retries: number;
  // Milliseconds from sending to the last body byte, of every response other than 429.
  latenciesMs: number[];
}

export interface KindFigures {
  kind: string;
  requests: number;
  errors: number;
  throttled: number;
  retries: number;
  latencyMs: LatencySummary;
}

export interface RetryPolicy {
  maxRetries: number;
  maxRetryWaitMs: number;
}

export interface TrafficRequest {
  kind: RequestKind;
  spec: RequestSpec;
  // Statuses that count as success besides 2xx, such as 404 for a delete of what is gone.
  alsoExpected?: number[];
  // Ends pacing waits and retry waits early; the request is then not sent and returns undefined.
  signal?: AbortSignal;
}

export class Traffic {
  private readonly counters = new Map<RequestKind, KindCounters>();
  private readonly samples = new Set<string>();
  private errorCount = 0;
  // Exchanges that have started or finished, for progress lines.
  sent = 0;

  constructor(
    private readonly http: HttpSettings,
    private readonly pacer: Pacer,
    private readonly retry: RetryPolicy,
  ) {}

  /**
   * Sends one request, retrying it after 429 up to the policy's limit. Returns the response, or
   * undefined when no response arrived or the signal aborted the request before it was sent.
   */
  async request({ kind, spec, alsoExpected = [], signal }: TrafficRequest): Promise<HttpResponse | undefined> {
    const counters = this.countersOf(kind);
    for (let attempt = 0; ; attempt += 1) {
      if (!(await this.pacer.wait(signal))) return undefined;
      counters.requests += 1;
      this.sent += 1;
      const started = performance.now();
      let response: HttpResponse;
      try {
        response = await send(this.http, spec);
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        this.fail(counters, `${kind}: ${error.message}`);
        return undefined;
      }
      const latencyMs = performance.now() - started;
      if (response.status !== 429) {
        counters.latenciesMs.push(latencyMs);
        const expected = (response.status >= 200 && response.status < 300) || alsoExpected.includes(response.status);
        if (!expected) this.fail(counters, `${kind}: ${spec.method} ${response.url} answered ${response.status}${detailOf(response)}`);
        return response;
      }
      counters.throttled += 1;
      const header = response.headers['retry-after'];
      const waitMs = retryAfterMs(header) ?? DEFAULT_RETRY_WAIT_MS;
      if (attempt >= this.retry.maxRetries) {
        this.fail(counters, `${kind}: still 429 after ${this.retry.maxRetries} retries`);
        return response;
      }
      if (waitMs > this.retry.maxRetryWaitMs) {
        this.fail(counters, `${kind}: 429 with Retry-After ${JSON.stringify(header)}, longer than the ${this.retry.maxRetryWaitMs / 1000} s the run waits`);
        return response;
      }
      counters.retries += 1;
      try {
        await sleep(waitMs, undefined, { signal });
      } catch {
        return undefined;
      }
    }
  }

  figures(kinds: readonly RequestKind[]): KindFigures[] {
    return kinds.filter((kind) => this.counters.has(kind)).map((kind) => figuresOf(kind, this.counters.get(kind)!));
  }

  /** Adds up the counters of several kinds into one row. */
  total(label: string, kinds: readonly RequestKind[]): KindFigures {
    const sum: KindCounters = { requests: 0, errors: 0, throttled: 0, retries: 0, latenciesMs: [] };
    for (const kind of kinds) {
      const counters = this.counters.get(kind);
      if (!counters) continue;
      sum.requests += counters.requests;
      sum.errors += counters.errors;
      sum.throttled += counters.throttled;
      sum.retries += counters.retries;
      for (const latency of counters.latenciesMs) sum.latenciesMs.push(latency);
    }
    return figuresOf(label, sum);
  }

  get errors(): { count: number; samples: string[] } {
    return { count: this.errorCount, samples: [...this.samples] };
  }

  private countersOf(kind: RequestKind): KindCounters {
    let counters = this.counters.get(kind);
    if (!counters) {
      counters = { requests: 0, errors: 0, throttled: 0, retries: 0, latenciesMs: [] };
      this.counters.set(kind, counters);
    }
    return counters;
  }

  private fail(counters: KindCounters, message: string): void {
    counters.errors += 1;
    this.errorCount += 1;
    if (this.samples.size < MAX_ERROR_SAMPLES) this.samples.add(message);
  }
}

function figuresOf(kind: string, counters: KindCounters): KindFigures {
  const { requests, errors, throttled, retries, latenciesMs } = counters;
  return { kind, requests, errors, throttled, retries, latencyMs: summarize(latenciesMs) };
}

function detailOf(response: HttpResponse): string {
  const detail = (response.json as Record<string, unknown> | undefined)?.detail;
  if (typeof detail === 'string' && detail.trim() !== '') return ` (${excerpt(detail, 200)})`;
  return response.text.trim() === '' ? '' : ` (${excerpt(response.text.replace(/\s+/g, ' '), 200)})`;
}
