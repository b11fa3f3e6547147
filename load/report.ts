// The result of a load run: its JSON form, the verdict on Entra's rate, and the table printed
// on stdout.

import type { LoadOptions } from './options.js';
import type { KindFigures } from './traffic.js';

// Requests per second Entra's app gallery requires a target to sustain for one tenant.
export const ENTRA_REQUIRED_RATE = 25;
// Timer jitter lets a run paced at exactly 25 per second measure slightly below it.
const RATE_TOLERANCE = 0.02;
// Fewer cycle requests than this are too few to speak of a sustained rate.
const MIN_REQUESTS_FOR_VERDICT = 100;

export interface SustainedRate {
  requiredRate: number;
  achievedRate: number;
  result: 'yes' | 'no' | 'not tested';
  reason: string;
}

export interface LoadReport {
  tool: 'scim-conformance load';
  target: { kind: 'embedded-mock' | 'remote'; url: string };
  dialect: string;
  seed: number;
  // The start of every userName and group displayName the run created.
  namePrefix: string;
  options: LoadOptions;
  startedAt: string;
  finishedAt: string;
  // True when Ctrl-C stopped the cycle early; the cleanup still ran.
  interrupted: boolean;
  users: { requested: number; created: number; matchedExisting: number };
  groups: { requested: number; created: number };
  membersAdded: number;
  cycle: {
    durationMs: number;
    // Requests sent per second over the cycle, retries included.
    achievedRate: number;
    overall: KindFigures;
    kinds: KindFigures[];
  };
  cleanup: {
    durationMs: number;
    kinds: KindFigures[];
    deleted: { users: number; groups: number };
    failures: string[];
    remaining: { users: number | null; groups: number | null };
  };
  sustained: SustainedRate;
  errors: { count: number; samples: string[] };
}

/** Decides whether the cycle shows the target sustaining Entra's required rate. */
export function judgeSustainedRate(setRate: number, achievedRate: number, overall: KindFigures, interrupted: boolean): SustainedRate {
  const verdict = (result: SustainedRate['result'], reason: string): SustainedRate => ({
    requiredRate: ENTRA_REQUIRED_RATE,
    achievedRate,
    result,
    reason,
  });
  if (interrupted) return verdict('not tested', 'the run was interrupted');
  if (setRate < ENTRA_REQUIRED_RATE) return verdict('not tested', `the rate was set to ${setRate}, below ${ENTRA_REQUIRED_RATE} per second`);
  if (overall.requests < MIN_REQUESTS_FOR_VERDICT) {
    return verdict('not tested', `${overall.requests} requests are too few; give --users 50 or more`);
  }
  if (overall.throttled > 0) return verdict('no', `the target answered 429 to ${overall.throttled} requests`);
  if (overall.errors > 0) return verdict('no', `${overall.errors} requests failed`);
  if (achievedRate < ENTRA_REQUIRED_RATE * (1 - RATE_TOLERANCE)) {
    return verdict('no', `the run achieved ${achievedRate.toFixed(1)} requests per second`);
  }
  return verdict('yes', `${achievedRate.toFixed(1)} requests per second without a 429 or an error`);
}

/** Tells whether everything the run created is gone: deleted, and none left by name where that can be checked. */
export function cleanupComplete(report: LoadReport): boolean {
  const { failures, remaining } = report.cleanup;
  return failures.length === 0 && (remaining.users ?? 0) === 0 && (remaining.groups ?? 0) === 0;
}

function milliseconds(value: number): string {
  if (Number.isNaN(value)) return '-';
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

function row(figures: KindFigures): string[] {
  const { latencyMs } = figures;
  return [
    figures.kind,
    String(figures.requests),
    String(figures.errors),
    String(figures.throttled),
    String(figures.retries),
    milliseconds(latencyMs.p50),
    milliseconds(latencyMs.p95),
    milliseconds(latencyMs.p99),
    milliseconds(latencyMs.max),
  ];
}

export function formatTable(rows: string[][], rightAligned: (column: number) => boolean): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  return rows
    .map((cells) => cells.map((cell, column) => (rightAligned(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd())
    .join('\n');
}

/** Renders the report as the lines printed at the end of a run. */
export function formatLoadReport(report: LoadReport): string {
  const { options, cycle, cleanup, sustained } = report;
  const header = ['Request', 'Sent', 'Errors', '429s', 'Retries', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const table = formatTable(
    [header, ...cycle.kinds.map(row), row(cycle.overall), ...cleanup.kinds.map((figures) => row({ ...figures, kind: `${figures.kind} (cleanup)` }))],
    (column) => column > 0,
  );
  const { remaining, deleted } = cleanup;
  const left =
    remaining.users === null || remaining.groups === null
      ? 'whether anything is left could not be checked by name'
      : `the target holds ${remaining.users} users and ${remaining.groups} groups whose name starts with ${report.namePrefix}`;
  const lines = [
    '',
    `Load run against ${report.target.url} (${report.target.kind === 'embedded-mock' ? 'embedded mock roster' : 'remote target'})`,
    `Users ${options.users}, groups ${options.groups}, members per PATCH ${options.batchSize}, rate ${options.rate}/s, ` +
      `concurrency ${options.concurrency}, dialect ${report.dialect}, names ${report.namePrefix}...`,
    report.interrupted ? 'Interrupted: the cycle stopped early.' : '',
    '',
    table,
    '',
    `Created ${report.users.created} of ${report.users.requested} users and ${report.groups.created} of ${report.groups.requested} groups; ` +
      `added ${report.membersAdded} memberships.`,
    `Achieved rate: ${cycle.achievedRate.toFixed(1)} requests per second over ${(cycle.durationMs / 1000).toFixed(1)} s (set: ${options.rate}).`,
    `Sustains ${sustained.requiredRate} requests per second: ${sustained.result} (${sustained.reason}).`,
    `Cleanup: deleted ${deleted.users} users and ${deleted.groups} groups in ${(cleanup.durationMs / 1000).toFixed(1)} s; ${left}.`,
    ...cleanup.failures.map((failure) => `  not removed: ${failure}`),
    ...(report.errors.count > 0 ? [`Errors: ${report.errors.count}; the first ones:`, ...report.errors.samples.map((sample) => `  ${sample}`)] : []),
  ];
  return lines.filter((line, index) => line !== '' || lines[index - 1] !== '').join('\n');
}
