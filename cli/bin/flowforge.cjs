#!/usr/bin/env node
// The `flowforge` command: a thin entry over the bundled CLI (see cli/scripts/bundle.mjs). CommonJS, as
// the bundle is: Node's ESM loader would add ≈20 ms to every start.
'use strict';
const { main } = require('../dist/bundle/main.cjs');

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
