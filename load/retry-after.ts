// Reading of the Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.

/**
 * Returns the delay a Retry-After value asks for, in milliseconds from `now`, or undefined when
 * the value is missing or neither form. A date in the past gives 0.
 */
export function retryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse reads the IMF-fixdate form every HTTP-date is sent in.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
