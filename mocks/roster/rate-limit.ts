// A token bucket per realm: a request takes one token, tokens refill at the configured rate, and
// a request that finds the bucket empty gets 429 with the seconds until the next token.

export interface RateLimit {
  // Sustained requests per second.
  requestsPerSecond: number;
  // Requests allowed in a burst above the sustained rate; defaults to one second's worth.
  burst?: number;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly capacity: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit.requestsPerSecond > 0)) {
      throw new Error(`Invalid rate limit ${limit.requestsPerSecond}; give a positive number of requests per second.`);
    }
    this.capacity = Math.max(1, limit.burst ?? limit.requestsPerSecond);
    this.tokens = this.capacity;
    this.updatedAt = this.now();
  }

  /** Takes a token and returns 0, or returns the whole seconds to wait when none is left. */
  take(): number {
    const now = this.now();
    const refilled = ((now - this.updatedAt) / 1000) * this.limit.requestsPerSecond;
    this.tokens = Math.min(this.capacity, this.tokens + refilled);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.limit.requestsPerSecond));
  }
}
