import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openOutputSockets, type OutputSocket } from './output-socket.js';

const savedTmp = process.env['TMPDIR'];
afterEach(() => {
  if (savedTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmp;
});

function ended(pair: OutputSocket): Promise<void> {
  return new Promise((resolve) =>
    pair.reader.once('close', () => {
      resolve();
    }),
  );
}

/** Spawns sh -c script writing into the pairs, and closes our copies of the child's ends. */
function runInto(pairs: OutputSocket[], script: string): void {
  const [out, err] = pairs;
  if (out === undefined || err === undefined) throw new Error('expected two pairs');
  spawn('sh', ['-c', script], { stdio: ['ignore', out.childEnd, err.childEnd] });
  out.childEnd.destroy();
  err.childEnd.destroy();
}

describe('output sockets', () => {
  it('carry a child process’s stdout and stderr to their handlers, byte for byte', async () => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const keep = (into: Buffer[]) => (chunk: Buffer) => {
      into.push(Buffer.from(chunk)); // the reader reuses its buffer: copy what is kept
      return true;
    };
    const pairs = await openOutputSockets([keep(out), keep(err)]);
    runInto(pairs, 'printf "out line\\n"; printf "err \\342\\234\\223\\n" >&2; seq 1 20000');
    await Promise.all(pairs.map(ended));
    const expected = `out line\n${Array.from({ length: 20000 }, (_, i) => `${i + 1}\n`).join('')}`;
    expect(Buffer.concat(out).toString()).toBe(expected);
    expect(Buffer.concat(err).toString()).toBe('err \u2713\n');
  });

  it('reads nothing more while the handler reports backpressure, and loses nothing after resume', async () => {
    let bytes = 0;
    let pausedAt: number | null = null;
    const pairs = await openOutputSockets([
      (chunk) => {
        bytes += chunk.length;
        if (pausedAt !== null) return true;
        pausedAt = bytes;
        return false; // the first read pauses the socket
      },
      () => true,
    ]);
    runInto(pairs, 'head -c 4000000 /dev/zero');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pausedAt).not.toBeNull();
    expect(bytes).toBe(pausedAt);
    pairs[0]?.reader.resume();
    await Promise.all(pairs.map(ended));
    expect(bytes).toBe(4_000_000);
  });

  it('leaves no socket or directory behind once connected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-socket-test-'));
    try {
      process.env['TMPDIR'] = dir;
      const pairs = await openOutputSockets([() => true, () => true]);
      expect(readdirSync(dir)).toEqual([]);
      for (const pair of pairs) {
        pair.reader.destroy();
        pair.childEnd.destroy();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects when it cannot make its private directory, so the caller can use pipes', async () => {
    process.env['TMPDIR'] = '/nonexistent/flowforge-test';
    await expect(openOutputSockets([() => true, () => true])).rejects.toThrow(/ENOENT/);
  });
});
