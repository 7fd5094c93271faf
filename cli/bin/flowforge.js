#!/usr/bin/env node
// The `flowforge` command: a thin entry over the built CLI.
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
