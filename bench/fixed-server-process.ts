// Starts bench/fixed-server.ts in a child process and talks to it over IPC.

import { fork } from 'node:child_process';
import { stopChild, typeScriptExecArgv } from '../mocks/roster/fork.js';
import type { FixedServerStart } from './fixed-server.js';

export interface FixedServerProcess {
  origin: string;
  cpuUsage(): Promise<NodeJS.CpuUsage>;
  close(): Promise<void>;
}

export async function startFixedServer(start: FixedServerStart, timeoutMs: number): Promise<FixedServerProcess> {
  const child = fork(new URL('./fixed-server.ts', import.meta.url), [], {
    execArgv: typeScriptExecArgv(),
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const request = <T>(message: object, matches: (reply: Record<string, unknown>) => boolean): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.off('message', listener);
        reject(new Error(`The fixed-response server did not respond within ${timeoutMs} ms.`));
      }, timeoutMs);
      const listener = (reply: Record<string, unknown>) => {
        if (!matches(reply)) return;
        clearTimeout(timer);
        child.off('message', listener);
        resolve(reply as T);
      };
      child.on('message', listener);
      child.send(message);
    });

  const ready = await request<{ origin: string }>(start, (reply) => reply.type === 'ready');
  let nextId = 1;
  return {
    origin: ready.origin,
    cpuUsage: async () => {
      const id = nextId++;
      return (await request<{ result: NodeJS.CpuUsage }>({ id, command: 'cpu-usage' }, (reply) => reply.id === id)).result;
    },
    close: () => stopChild(child, timeoutMs),
  };
}
