/**
 * The fd writer in a real process, writing into a real pipe whose reader starts late: every byte
 * arrives in order although the writer refills one buffer (as the output tap does), the writer says
 * when to pause, opens the stream once and only when it first writes, and the EAGAIN it meets leaves
 * Error.stackTraceLimit as it found it.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, useTempDir } from './harness.js';

const WRITER = path.join(REPO_ROOT, 'cli/dist/fd-writer.js');
const { db: DB } = useTempDir();
const CHUNKS = 128;
const CHUNK_BYTES = 64 * 1024;

/** A node script that writes CHUNKS chunks, each one filled with its own index, from one buffer. */
const script = `
import { createFdWriter } from ${JSON.stringify(WRITER)};
const buffer = Buffer.alloc(${CHUNK_BYTES});
let pauses = 0;
let broken = false;
let opens = 0;
const sink = createFdWriter(1, () => { opens++; return process.stdout; }, () => { broken = true; });
const opensBeforeWrite = opens;
for (let i = 0; i < ${CHUNKS}; i++) {
  buffer.fill(i % 256);
  if (!sink.write(buffer)) {
    pauses++;
    await new Promise((resolve) => sink.onDrain(resolve));
  }
}
process.stderr.write(JSON.stringify({ pauses, broken, opensBeforeWrite, opens, stackTraceLimit: Error.stackTraceLimit }));
`;

function expectedHash(): string {
  const hash = createHash('sha256');
  for (let i = 0; i < CHUNKS; i++) hash.update(Buffer.alloc(CHUNK_BYTES, i % 256));
  return hash.digest('hex');
}

describe('fd writer', () => {
  it('delivers every byte in order through a full pipe, pausing the writer instead of copying', async () => {
    const pipeline = `${JSON.stringify(process.execPath)} --input-type=module -e '${script}' | (sleep 0.5; sha256sum)`;
    const child = spawn('sh', ['-c', pipeline], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout.split(' ')[0]).toBe(expectedHash());
    const report = JSON.parse(stderr) as {
      pauses: number;
      broken: boolean;
      opensBeforeWrite: number;
      opens: number;
      stackTraceLimit: number;
    };
    // 8 MiB into a 64 KiB pipe nobody reads for half a second: the writer must have hit EAGAIN. Had
    // the stream (which makes the pipe non-blocking) not been opened before the first write, the
    // writes would have blocked instead and there would be no pauses.
    expect(report.pauses).toBeGreaterThan(0);
    expect(report.opensBeforeWrite).toBe(0);
    expect(report.opens).toBe(1);
    expect(report.broken).toBe(false);
    expect(report.stackTraceLimit).toBe(10);
  });
});

describe('output that cannot be written', () => {
  it('says so once on stderr when our stdout fails (a full disk), and the job runs on', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${CLI}" run --quiet --db "$1" -- sh -c 'echo out; echo out again; echo rc=$? >&2' >/dev/full`,
        'sh',
        DB,
      ],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    const warnings = result.stderr.split('\n').filter((line) => line.includes("writing the job's output failed"));
    expect(warnings).toEqual([
      "flowforge: writing the job's output failed (ENOSPC): the rest of its stdout is discarded; check where stdout goes (a full disk?)",
    ]);
    expect(result.stderr).toContain('rc=0');
  });
});
