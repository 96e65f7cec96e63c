#!/usr/bin/env node
// Entry point of the `frost-ceremony` command. The CLI is written in TypeScript; tsx's
// loader compiles it on the fly so that no build step is needed after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
