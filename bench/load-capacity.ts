// The top rate at which the load command can drive the mock roster. The set rate is above what
// the run can reach, so the achieved rate is the limit of the load generator and the mock together.

import { loadDialect } from '../fixtures/dialects.js';
import { httpSettings } from '../fixtures/http-settings.js';
import { readSettings } from '../fixtures/settings.js';
import { createLoadContext } from '../load/command.js';
import { DEFAULT_LOAD_OPTIONS, type LoadOptions } from '../load/options.js';
import type { KindFigures } from '../load/traffic.js';
import { runLoad } from '../load/run.js';
import { startRosterProcess } from '../mocks/roster/fork.js';

export interface LoadCapacityResult {
  options: LoadOptions;
  achievedRate: number;
  cycleMs: number;
  overall: KindFigures;
  errors: number;
  leftOnTarget: { users: number | null; groups: number | null };
}

export async function benchLoadCapacity(options: Partial<LoadOptions>): Promise<LoadCapacityResult> {
  const roster = await startRosterProcess();
  try {
    const realm = await roster.addRealm();
    const settings = readSettings({});
    const target = { kind: 'embedded-mock' as const, baseUrl: realm.tenantUrl, token: realm.token, displayUrl: realm.tenantUrl };
    const http = httpSettings(target, { timeoutMs: settings.requestTimeoutMs, headers: loadDialect(settings.dialect).headers });
    const loadOptions = { ...DEFAULT_LOAD_OPTIONS, ...options };
    const report = await runLoad(loadOptions, createLoadContext(http, settings, 1, undefined));
    return {
      options: loadOptions,
      achievedRate: report.cycle.achievedRate,
      cycleMs: report.cycle.durationMs,
      overall: report.cycle.overall,
      errors: report.errors.count,
      leftOnTarget: report.cleanup.remaining,
    };
  } finally {
    await roster.close();
  }
}
