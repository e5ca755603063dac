#!/usr/bin/env node
// Entry point of the `anatomodel` command. The CLI is TypeScript run through tsx's loader,
// so no build step stands between a checkout and a working command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv);
