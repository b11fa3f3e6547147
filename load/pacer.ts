// Pacing of a load run: hands out start times one interval apart, so that requests start at the
// set rate however many workers ask for them.

import { setTimeout as sleep } from 'node:timers/promises';

// How late a start time may still be handed out. A stall of the client up to this long is made up
// for, and a longer one never turns into a burst of more than this much traffic.
export const MAX_LAG_MS = 100;

export class Pacer {
  private readonly intervalMs: number;
  private nextSlot: number;

  constructor(
    requestsPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) {
      throw new RangeError(`Invalid rate ${requestsPerSecond}; give a positive number of requests per second.`);
    }
    this.intervalMs = 1000 / requestsPerSecond;
    this.nextSlot = this.now();
  }

  /** Waits for the next start time and returns true, or returns false as soon as the signal aborts. */
  async wait(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return false;
    const now = this.now();
    const slot = Math.max(this.nextSlot, now - MAX_LAG_MS);
    this.nextSlot = slot + this.intervalMs;
    const delay = slot - now;
    if (delay < 1) return true;
    try {
      await sleep(delay, undefined, { signal });
      return true;
    } catch (error) {
      if ((error as Error).name === 'AbortError') return false;
      throw error;
    }
  }
}
