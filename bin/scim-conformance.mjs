#!/usr/bin/env node
// The scim-conformance command: loads the TypeScript entry point through tsx.

import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
