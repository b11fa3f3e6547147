// Entry point of the scim-conformance command; the npm scripts and bin/scim-conformance.mjs run it.

import { main } from './commands.js';

process.exitCode = await main(process.argv.slice(2));
