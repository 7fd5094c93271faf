// A reference point for the pass-through bench: the least a Node process can do to sit between a
// child and our stdout. It runs the command with its stdout on a Unix socket pair (Node has no
// socketpair(): a listener in a private directory, as FlowForge does), reads it with one reused
// 64 KiB buffer and writes each read straight to fd 1. No analysis, no protocol, no sampling, no
// store: whatever FlowForge costs beyond this is its own; what this costs is Node's.
// Usage: node bare-relay.cjs <command> [args...]
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync, writeSync } = require('node:fs');
const { connect, createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  process.stderr.write('usage: node bare-relay.cjs <command> [args...]\n');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'flowforge-bench-relay-'));
const path = join(dir, 'out.sock');
const buffer = Buffer.allocUnsafe(64 * 1024);

/** Writes all of buffer[0, n) to fd 1, waiting out a full non-blocking pipe. */
function writeAll(n) {
  let offset = 0;
  while (offset < n) {
    try {
      offset += writeSync(1, buffer, offset, n - offset);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
    }
  }
}

const server = createServer({ pauseOnConnect: true });
server.listen(path, () => {
  connect({
    path,
    onread: {
      buffer,
      callback: (n) => {
        writeAll(n);
        return true;
      },
    },
  });
  server.once('connection', (childEnd) => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
    const child = spawn(command, args, { stdio: ['inherit', childEnd, 'inherit'] });
    childEnd.destroy();
    child.on('exit', (code, signal) => {
      process.exitCode = code ?? 128 + (signal === null ? 0 : 15);
    });
  });
});
