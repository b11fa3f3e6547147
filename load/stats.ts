// Latency statistics of a load run.

export interface LatencySummary {
  count: number;
  // Milliseconds; NaN when there are no values.
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Returns the p-th percentile (0 < p <= 100) of values sorted in ascending order, by the
 * nearest-rank method: the smallest value with at least p% of all values at or below it.
 * Returns NaN for an empty list.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`Percentile ${p} is out of range; give a number above 0 and up to 100.`);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1];
}

export function summarize(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((left, right) => left - right);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1],
  };
}
