// Runs the mock roster in a child process of its own for load runs and benchmarks, because a load
// generator that shares the mock's event loop slows both down.

import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { RateLimit } from './rate-limit.js';

export type RosterCommand =
  | { id: number; command: 'add-realm'; faults?: string[]; rateLimit?: RateLimit }
  | { id: number; command: 'seed-users'; realmId: string; bodies: unknown[] }
  | { id: number; command: 'realm-stats'; realmId: string }
  | { id: number; command: 'memory' }
  | { id: number; command: 'cpu-usage' }
  | { id: number; command: 'close' };

export type RosterReply = { id: number; result?: unknown; error?: string };

export interface ProcessRealm {
  id: string;
  token: string;
  // With its trailing slash, as Entra's Tenant URL.
  tenantUrl: string;
}

export interface RealmStats {
  users: number;
  groups: number;
  lastQueryPlan: 'all' | 'index' | 'scan';
}

export interface MemoryFigures {
  // Bytes, as process.memoryUsage() gives them, after a garbage collection.
  rss: number;
  heapUsed: number;
  heapTotal: number;
}

export interface RosterProcess {
  readonly origin: string;
  readonly pid: number;
  addRealm(options?: { faults?: string[]; rateLimit?: RateLimit }): Promise<ProcessRealm>;
  /** Stores POST /Users bodies in a realm directly, without HTTP, and returns the realm's user count. */
  seedUsers(realmId: string, bodies: unknown[]): Promise<number>;
  realmStats(realmId: string): Promise<RealmStats>;
  memory(): Promise<MemoryFigures>;
  /** Returns the child's CPU time so far, in microseconds, as process.cpuUsage() does. */
  cpuUsage(): Promise<NodeJS.CpuUsage>;
  close(): Promise<void>;
}

export interface RosterProcessOptions {
  // Limit for the child to start and for each command's reply, in milliseconds.
  timeoutMs?: number;
}

const require = createRequire(import.meta.url);
const CHILD_ENTRY = new URL('./child.ts', import.meta.url);

/** Returns the node flags that let a child process run TypeScript entry points through tsx. */
export function typeScriptExecArgv(): string[] {
  return ['--import', pathToFileURL(require.resolve('tsx')).href];
}

export async function startRosterProcess(options: RosterProcessOptions = {}): Promise<RosterProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const child = fork(CHILD_ENTRY, [], {
    execArgv: [...typeScriptExecArgv(), '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const origin = await waitForReady(child, timeoutMs);
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  let nextId = 1;

  child.on('message', (message: RosterReply) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    clearTimeout(waiter.timer);
    if (message.error !== undefined) waiter.reject(new Error(message.error));
    else waiter.resolve(message.result);
  });
  child.on('exit', (code, signal) => {
    for (const waiter of pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`The mock roster process exited (${signal ?? `code ${code}`}) before it replied.`));
    }
    pending.clear();
  });

  const call = <T>(command: Record<string, unknown> & { command: RosterCommand['command'] }): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`The mock roster process did not reply to ${command.command} within ${timeoutMs} ms.`));
      }, timeoutMs);
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      child.send({ ...command, id });
    });

  return {
    origin,
    pid: child.pid!,
    addRealm: (realmOptions = {}) => call<ProcessRealm>({ command: 'add-realm', ...realmOptions }),
    seedUsers: async (realmId, bodies) => (await call<{ users: number }>({ command: 'seed-users', realmId, bodies })).users,
    realmStats: (realmId) => call<RealmStats>({ command: 'realm-stats', realmId }),
    memory: () => call<MemoryFigures>({ command: 'memory' }),
    cpuUsage: () => call<NodeJS.CpuUsage>({ command: 'cpu-usage' }),
    close: () => stopChild(child, timeoutMs),
  };
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The mock roster process did not start within ${timeoutMs} ms.`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`The mock roster process failed to start: ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The mock roster process exited with code ${code} before it was ready.`));
    });
    child.once('message', (message: { type?: string; origin?: string }) => {
      clearTimeout(timer);
      if (message.type === 'ready' && message.origin) resolve(message.origin);
      else reject(new Error('The mock roster process sent an unexpected first message.'));
    });
  });
}

/** Asks the child to close its server, and kills it when it has not exited within the timeout. */
export function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ command: 'close', id: 0 });
    else child.kill('SIGTERM');
  });
}
