import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './sqlite-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const nodeModules = resolve(here, '../../../node_modules');
const WRITERS = 3;
const ROUNDS = 300;

// Each writer process opens the same (new) file at the same moment, creates its run and writes
// samples, output, decisions and events as fast as it can.
const WORKER = `
const { openStore } = require('./store.cjs');
const [dbPath, id, rounds] = process.argv.slice(2);
const store = openStore(dbPath);
const runId = 'run-' + id;
store.registerOwner({ id: 'owner-' + id, pid: process.pid, kind: 'cli', hostname: 'h', atMs: 0 });
store.createRun({ id: runId, name: runId, command: ['x'], cwd: '/', rollout: 'enforce', runKey: runId, enforced: true,
  ownerKind: 'cli', ownerPid: process.pid, startedAtMs: 1, limits: { maxCpuPercent: 90, maxMemoryBytes: null } }, 1);
for (let i = 0; i < Number(rounds); i++) {
  store.addSample({ runId, atMs: i, cpuPercent: i, rssBytes: i, processCount: 1, zombieCount: 0 });
  store.addOutput(runId, [{ atMs: i, stream: 'stdout', text: 'line ' + i }]);
  store.addDecision(runId, { atMs: i, intended: 'alert', taken: 'alert', rollout: 'enforce', enforced: true,
    findings: [], progress: { progressing: false, reasons: [] }, level: 1, reason: 'r' });
  store.appendEvent({ atMs: i, type: 'protocol.notice', runId, incidentId: null, data: { i } });
}
store.close();
`;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ff-concurrent-'));
  buildSync({
    entryPoints: [join(here, 'sqlite-store.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['better-sqlite3'],
    outfile: join(dir, 'store.cjs'),
    logLevel: 'silent',
  });
  writeFileSync(join(dir, 'worker.cjs'), WORKER);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function runWriter(dbPath: string, id: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(dir, 'worker.cjs'), dbPath, String(id), String(ROUNDS)], {
      env: { ...process.env, NODE_PATH: nodeModules },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      done({ code, stderr });
    });
  });
}

describe('several processes writing one database file', () => {
  it('all succeed without SQLITE_BUSY and every row is present', async () => {
    const dbPath = join(dir, 'shared', 'flowforge.db');
    const results = await Promise.all(Array.from({ length: WRITERS }, (_, i) => runWriter(dbPath, i)));
    expect(results).toEqual(Array.from({ length: WRITERS }, () => ({ code: 0, stderr: '' })));

    const store = openStore(dbPath, { readonly: true });
    try {
      for (let i = 0; i < WRITERS; i += 1) {
        const runId = `run-${i}`;
        expect(store.listSamples(runId, { limit: 10_000 })).toHaveLength(ROUNDS);
        expect(store.listDecisions(runId)).toHaveLength(ROUNDS);
        expect(store.listIncidents({ runId, limit: 10 })).toHaveLength(1);
        expect(store.listTimeline({ runId, types: ['protocol.notice'], limit: 10_000 })).toHaveLength(ROUNDS);
      }
      // started + per round: sample, output, decided, alerted, notice; +1 incident.opened per run; owners.
      const perRun = 1 + ROUNDS * 5 + 1 + 1;
      expect(store.eventsAfter(0, 10_000)).toHaveLength(WRITERS * perRun);
    } finally {
      store.close();
    }
  });
});
