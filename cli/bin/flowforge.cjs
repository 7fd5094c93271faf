#!/usr/bin/env node
// The `flowforge` command: a thin entry over the bundled CLI (see cli/scripts/bundle.mjs). CommonJS, as
// the bundle is: Node's ESM loader would add ≈20 ms to every start.
'use strict';
const { main } = require('../dist/bundle/main.cjs');

// Once the event loop has nothing left to do, exit at once instead of letting Node tear down the heap
// and run native cleanup hooks: ≈3-5 ms of every start-up (docs/benchmarks.md). 'beforeExit' fires
// only when no write, timer or child is pending, so nothing is cut short; 'exit' listeners still run.
// An open SQLite store is left to the next opener, as after a crash: WAL mode makes that safe.
process.once('beforeExit', () => {
  process.exit();
});

let settled = false;
main(process.argv.slice(2)).then((code) => {
  settled = true;
  process.exitCode = code;
});
// Exit like the former ESM entry's unsettled top-level await (13), so a lost promise never exits 0.
process.on('exit', (code) => {
  if (settled || code !== 0) return;
  process.stderr.write('flowforge: internal error: the command ended without a result\n');
  process.exitCode = 13;
});
