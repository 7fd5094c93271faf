/** A pid file left by a crashed daemon whose pid now belongs to another program: never signal that program. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isProcessAlive } from '@flowforge/daemon/server';
import { runCli, useTempDir } from './harness.js';

const { dir, db } = useTempDir();
let bystander: ReturnType<typeof spawn> | null = null;
afterEach(() => {
  bystander?.kill('SIGKILL');
  bystander = null;
});

describe('a stale daemon.pid naming a pid the system gave to another program', () => {
  it('is not taken for the daemon: status and stop say none runs, and the program is left alone', async () => {
    bystander = spawn('sleep', ['60'], { stdio: 'ignore' });
    const pid = bystander.pid ?? -1;
    // Written by a daemon that started an hour ago and died; the sleep started just now got its pid.
    writeFileSync(
      path.join(dir, 'daemon.pid'),
      JSON.stringify({
        pid,
        startedAtMs: Date.now() - 3600_000,
        url: 'http://127.0.0.1:9',
        host: '127.0.0.1',
        port: 9,
        dbPath: db,
        envFile: path.join(dir, '.flowforge.env'),
        logFile: null,
      }),
    );
    const env = { FLOWFORGE_DATA_DIR: dir, FLOWFORGE_DB: db };
    const status = await runCli(['daemon', 'status'], { env });
    expect(status.code).toBe(3);
    const stop = await runCli(['daemon', 'stop'], { env });
    expect(stop.code).toBe(3);
    expect(stop.stderr).toContain('nothing to stop');
    expect(isProcessAlive(pid)).toBe(true);
  });
});
