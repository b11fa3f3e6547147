// The machine a benchmark ran on, as the report shows it.

import os from 'node:os';

export interface Machine {
  cpuModel: string;
  // Logical CPUs the operating system reports.
  cores: number;
  memoryBytes: number;
  node: string;
  os: string;
  // One-minute load average when the benchmark started. It trails by about a minute, so it also
  // counts work that had just ended.
  loadAverageAtStart: number;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg()[0],
  };
}
