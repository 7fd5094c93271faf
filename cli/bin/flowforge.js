#!/usr/bin/env node
// The `flowforge` command: a thin entry over the bundled CLI (see cli/scripts/bundle.mjs).
import { main } from '../dist/bundle/main.js';

process.exitCode = await main(process.argv.slice(2));
