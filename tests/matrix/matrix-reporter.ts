// Records, for each project of the fault matrix, which requirements failed, passed or were not
// verified. The fault matrix test reads the file and compares it with tests/matrix/expectations/.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { type TestOutcome, outcomeOf, requirementResults } from '../../fixtures/reporting/ledger.js';
import { allRequirements } from '../../fixtures/requirements.js';

export interface ProjectResult {
  failed: string[];
  passed: string[];
  skipped: string[];
  passedTests: string[];
  failedTests: { title: string; errors: string[] }[];
  skippedTests: { title: string; reason?: string }[];
}

export type MatrixResult = Record<string, ProjectResult>;

export default class MatrixReporter implements Reporter {
  private readonly outputFile: string;
  private readonly outcomes = new Map<string, TestOutcome>();

  constructor(options: { outputFile?: string } = {}) {
    this.outputFile = resolve(options.outputFile ?? 'test-results/matrix.json');
  }

  printsToStdio(): boolean {
    return false;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.outcomes.set(test.id, outcomeOf(test, result, process.cwd()));
  }

  async onEnd(): Promise<{ status: 'passed' }> {
    const byProject = new Map<string, TestOutcome[]>();
    for (const outcome of this.outcomes.values()) {
      byProject.set(outcome.project, [...(byProject.get(outcome.project) ?? []), outcome]);
    }
    const matrix: MatrixResult = {};
    for (const [project, outcomes] of byProject) {
      const results = requirementResults(allRequirements(), outcomes);
      const ids = (status: string) => results.filter((entry) => entry.status === status).map((entry) => entry.id);
      matrix[project] = {
        failed: ids('failed'),
        passed: ids('passed'),
        skipped: ids('skipped'),
        passedTests: outcomes.filter((outcome) => outcome.status === 'passed').map((outcome) => outcome.title),
        failedTests: outcomes
          .filter((outcome) => outcome.status === 'failed')
          .map((outcome) => ({ title: outcome.title, errors: outcome.errors.map((error) => error.split('\n')[0]) })),
        skippedTests: outcomes
          .filter((outcome) => outcome.status === 'skipped')
          .map((outcome) => ({ title: outcome.title, reason: outcome.skipReason })),
      };
    }
    mkdirSync(dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, `${JSON.stringify(matrix, null, 2)}\n`);
    // The matrix test judges the outcome; a fault is supposed to fail checks.
    return { status: 'passed' };
  }
}
