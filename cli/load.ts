// `npm run load`: replays Entra's initial provisioning cycle against the target at a set rate.
// See load/options.ts for the options and load/command.ts for the exit codes.

import { runLoadCommand } from '../load/command.js';

runLoadCommand(process.argv.slice(2)).then(
  (result) => {
    process.exitCode = result.exitCode;
  },
  (error: unknown) => {
    console.error(`load: the harness failed: ${(error as Error)?.stack ?? error}`);
    process.exitCode = 3;
  },
);
