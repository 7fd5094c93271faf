import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newRun } from '../../test/store-fixtures.js';
import { ingestPendingSpool, ingestSpool } from './ingest-spool.js';
import { applyStoreOp, type StoreOp } from './store-ops.js';
import { spoolDirFor, writeLiveMarker, writeSpoolFile } from './spool-file.js';
import { openStore } from './sqlite-store.js';
import type { Store } from './store.js';

const here = dirname(fileURLToPath(import.meta.url));
let dir: string;
let dbPath: string;
let spoolDir: string;
const opened: Store[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ff-spool-'));
  dbPath = join(dir, 'ff.db');
  spoolDir = spoolDirFor(dbPath) ?? '';
});

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(path = dbPath, readonly = false): Store {
  const store = openStore(path, { readonly });
  opened.push(store);
  return store;
}

/** The writes of a complete short run, as the supervisor makes them. */
function shortRunOps(runId: string, exitCode = 3): StoreOp[] {
  const owner = `owner-${runId}`;
  return [
    { op: 'createRun', run: newRun(runId), atMs: 1000 },
    { op: 'appendEvent', event: { atMs: 1000, type: 'run.config', runId, incidentId: null, data: { profile: 'x' } } },
    { op: 'registerOwner', owner: { id: owner, pid: 4242, kind: 'cli', hostname: 'h', atMs: 1001 } },
    { op: 'updateRun', runId, update: { status: 'running', childPid: 99, restarts: 0 } },
    { op: 'addOutput', runId, lines: [{ atMs: 1010, stream: 'stdout', text: 'hi' }] },
    {
      op: 'updateRun',
      runId,
      update: { status: 'exited', exitCode, endedAtMs: 1020, terminationReason: 'exited', outputs: { a: '1' } },
    },
    { op: 'closeIncident', runId, atMs: 1020, summary: 'run ended: exited' },
    { op: 'appendEvent', event: { atMs: 1020, type: 'run.ended', runId, incidentId: null, data: { exitCode } } },
    { op: 'markOwnerGone', ownerId: owner, atMs: 1021 },
  ];
}

function spool(runId: string, ops: StoreOp[] = shortRunOps(runId)): string {
  return writeSpoolFile(
    spoolDir,
    runId,
    ops.map((op) => JSON.stringify(op)),
  );
}

/** What a store holds about a run, without ids that depend on insertion order. */
function snapshot(store: Store, runId: string) {
  return {
    run: store.getRun(runId),
    output: store.listOutput(runId).map(({ atMs, stream, text }) => ({ atMs, stream, text })),
    events: store
      .listTimeline({ limit: 100 })
      .reverse()
      .map(({ atMs, type, runId: id, data }) => ({ atMs, type, runId: id, data })),
    owners: store.listOwners(2000, 1000),
  };
}

describe('writeSpoolFile', () => {
  it('writes the file 0600 in a new 0700 directory and leaves no temp file behind', () => {
    const file = spool('r1');
    expect(file).toBe(join(spoolDir, 'r1.json'));
    expect(statSync(spoolDir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(spoolDir)).toEqual(['r1.json']);
  });

  it('refuses a run id that cannot name a file', () => {
    expect(() => writeSpoolFile(spoolDir, '../escape', ['{}'])).toThrow(/cannot name a spool file/);
    expect(existsSync(spoolDir)).toBe(false);
  });
});

describe('ingestSpool', () => {
  it('stores a spooled run exactly as if it had been written directly, then deletes the file', () => {
    const direct = open(join(dir, 'direct.db'));
    for (const op of shortRunOps('r1')) applyStoreOp(direct, op);
    spool('r1');

    const store = open();
    const result = ingestSpool(store);
    expect(result).toEqual({ ingested: ['r1'], alreadyStored: 0, corrupt: [], error: null });
    expect(snapshot(store, 'r1')).toEqual(snapshot(direct, 'r1'));
    expect(store.getRun('r1')).toMatchObject({ status: 'exited', exitCode: 3 });
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it('only removes a file whose run is already stored (a crash after commit duplicates nothing)', () => {
    spool('r1');
    const store = open();
    ingestSpool(store);
    const before = store.eventsAfter(0, 1000).length;
    spool('r1'); // the same file again, as if the unlink had never happened
    expect(ingestSpool(store)).toMatchObject({ ingested: [], alreadyStored: 1, error: null });
    expect(store.eventsAfter(0, 1000)).toHaveLength(before);
    expect(store.listOutput('r1')).toHaveLength(1);
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it('moves a corrupt file aside with a warning and goes on with the others', () => {
    mkdirSync(spoolDir, { recursive: true });
    writeFileSync(join(spoolDir, 'bad.json'), '{"format":"flowforge-spool","ver');
    spool('r2');
    const warn = vi.fn();
    const result = ingestSpool(open(), { warn });
    expect(result.ingested).toEqual(['r2']);
    expect(result.corrupt).toEqual([join(spoolDir, 'bad.json.corrupt')]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain('bad.json');
    expect(readdirSync(spoolDir)).toEqual(['bad.json.corrupt']);
  });

  it.each([
    ['a file of another format', { format: 'other', version: 1, runId: 'r1', ops: [] }],
    ['a file named for another run', { format: 'flowforge-spool', version: 1, runId: 'r9', ops: shortRunOps('r9') }],
    [
      'a file with an unknown write',
      { format: 'flowforge-spool', version: 1, runId: 'r1', ops: [{ op: 'dropTable' }] },
    ],
    ['a file that never creates its run', { format: 'flowforge-spool', version: 1, runId: 'r1', ops: [] }],
  ])('moves aside %s', (_name, contents) => {
    mkdirSync(spoolDir, { recursive: true });
    writeFileSync(join(spoolDir, 'r1.json'), JSON.stringify(contents));
    const result = ingestSpool(open(), { warn: vi.fn() });
    expect(result.corrupt).toHaveLength(1);
    expect(result.ingested).toEqual([]);
  });

  it('moves aside a file the database refuses and keeps none of its rows', () => {
    const ops: StoreOp[] = [
      ...shortRunOps('r1'),
      {
        op: 'addSample',
        sample: { runId: 'no-such-run', atMs: 1, cpuPercent: 1, rssBytes: 1, processCount: 1, zombieCount: 0 },
      },
    ];
    spool('r1', ops);
    const store = open();
    const result = ingestSpool(store, { warn: vi.fn() });
    expect(result.corrupt).toHaveLength(1);
    expect(store.getRun('r1')).toBeNull();
    expect(store.eventsAfter(0, 100)).toEqual([]);
  });

  it('leaves the files for a later pass when the database cannot write', () => {
    open().close();
    spool('r1');
    const result = ingestSpool(open(dbPath, true));
    expect(result.error).not.toBeNull();
    expect(readdirSync(spoolDir)).toEqual(['r1.json']);
  });

  it('folds at most maxFiles files per call, oldest first, and ignores temp files', () => {
    mkdirSync(spoolDir, { recursive: true });
    writeFileSync(join(spoolDir, '.r0.123.tmp'), 'half a fi');
    spool('b-first');
    // mtime resolution can be coarse: make the order unambiguous.
    const later = new Date(Date.now() + 5000);
    spool('a-second');
    utimesSync(join(spoolDir, 'a-second.json'), later, later);
    const store = open();
    expect(ingestSpool(store, { maxFiles: 1 }).ingested).toEqual(['b-first']);
    expect(ingestSpool(store, { maxFiles: 1 }).ingested).toEqual(['a-second']);
    expect(readdirSync(spoolDir)).toEqual(['.r0.123.tmp']);
  });

  it('removes temp files a crashed writer left over an hour ago, and keeps fresh ones', () => {
    mkdirSync(spoolDir, { recursive: true });
    const stale = join(spoolDir, '.r-old.4242.tmp');
    const fresh = join(spoolDir, '.r-new.4343.tmp');
    writeFileSync(stale, 'half a fi');
    writeFileSync(fresh, 'being writ');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    spool('r1');
    expect(ingestSpool(open()).ingested).toEqual(['r1']);
    expect(readdirSync(spoolDir)).toEqual(['.r-new.4343.tmp']);
  });
});

describe('live markers', () => {
  /** The first writes of a run still going, as its live marker holds them. */
  const youngRunOps = (runId: string): StoreOp[] => shortRunOps(runId).slice(0, 4);
  const marker = (runId: string, ownerPid: number): string =>
    writeLiveMarker(
      spoolDir,
      runId,
      ownerPid,
      youngRunOps(runId).map((op) => JSON.stringify(op)),
    );

  it('leaves the marker of a run whose owner still runs', () => {
    marker('r1', 4242);
    const result = ingestSpool(open(), { isAlive: () => true, hostname: 'h' });
    expect(result.ingested).toEqual([]);
    expect(readdirSync(spoolDir)).toEqual(['r1.live']);
  });

  it('folds in the marker of a run whose owner died, as the running run it was, and removes it', () => {
    marker('r1', 4242);
    const alive = vi.fn(() => false);
    const store = open();
    expect(ingestSpool(store, { isAlive: alive, hostname: 'h' }).ingested).toEqual(['r1']);
    expect(alive).toHaveBeenCalledWith(4242);
    expect(store.getRun('r1')).toMatchObject({ status: 'running', childPid: 99, ownerPid: 4242 });
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it('leaves the marker of a run on another host alone, whatever its pid is here', () => {
    marker('r1', 4242);
    const alive = vi.fn(() => false);
    expect(ingestSpool(open(), { isAlive: alive, hostname: 'elsewhere' }).ingested).toEqual([]);
    expect(alive).not.toHaveBeenCalled();
    expect(readdirSync(spoolDir)).toEqual(['r1.live']);
  });

  it('lets the final spool file win over a marker left beside it', () => {
    marker('r1', 4242);
    spool('r1');
    const store = open();
    const result = ingestSpool(store, { isAlive: () => false, hostname: 'h' });
    expect(result).toMatchObject({ ingested: ['r1'], alreadyStored: 1 });
    expect(store.getRun('r1')).toMatchObject({ status: 'exited', exitCode: 3 });
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it('moves aside a marker without its owner pid', () => {
    mkdirSync(spoolDir, { recursive: true });
    writeFileSync(
      join(spoolDir, 'r1.live'),
      JSON.stringify({ format: 'flowforge-spool', version: 1, runId: 'r1', ops: youngRunOps('r1') }),
    );
    const warn = vi.fn();
    const result = ingestSpool(open(), { isAlive: () => false, hostname: 'h', warn });
    expect(result.corrupt).toEqual([join(spoolDir, 'r1.live.corrupt')]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('a live marker without its owner pid'));
  });
});

describe('ingestPendingSpool', () => {
  it('does not create the database when there is nothing to fold', () => {
    expect(ingestPendingSpool(dbPath)).toBeNull();
    expect(existsSync(dbPath)).toBe(false);
  });

  it('creates the database and folds the spool into it when a short run left one', () => {
    spool('r1');
    expect(ingestPendingSpool(dbPath)?.ingested).toEqual(['r1']);
    expect(open(dbPath, true).getRun('r1')?.exitCode).toBe(3);
  });
});

// Two processes ingest the same spool directory at the same moment (a daemon and a `flowforge run`).
const WORKER = `
const { existsSync } = require('node:fs');
const { ingestSpool, openStore } = require('./spool.cjs');
const [dbPath, goFile] = process.argv.slice(2);
const store = openStore(dbPath);
process.stdout.write('ready\\n');
while (!existsSync(goFile)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
const result = ingestSpool(store);
store.close();
process.stdout.write(JSON.stringify({ ingested: result.ingested.length, error: result.error && String(result.error) }) + '\\n');
`;

function startWorker(workDir: string, goFile: string) {
  const child = spawn(process.execPath, [join(workDir, 'worker.cjs'), dbPath, goFile], {
    env: { ...process.env, NODE_PATH: resolve(here, '../../../node_modules') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const ready = new Promise<void>((done) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) done();
    });
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const result = new Promise<{ ingested: number; error: string | null }>((done, fail) => {
    child.on('close', (code) => {
      if (code !== 0) fail(new Error(`worker exited ${String(code)}: ${err}`));
      else done(JSON.parse(out.split('\n')[1] ?? '') as { ingested: number; error: string | null });
    });
  });
  return { ready, result };
}

describe('two processes ingesting one spool directory at once', () => {
  it('store every run exactly once', async () => {
    const workDir = join(dir, 'work');
    mkdirSync(workDir);
    buildSync({
      stdin: {
        contents: "export { ingestSpool } from './ingest-spool.ts'; export { openStore } from './sqlite-store.ts';",
        resolveDir: here,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['better-sqlite3'],
      outfile: join(workDir, 'spool.cjs'),
      logLevel: 'silent',
    });
    writeFileSync(join(workDir, 'worker.cjs'), WORKER);
    open().close();
    const runs = 80;
    for (let i = 0; i < runs; i += 1) spool(`run-${String(i).padStart(3, '0')}`);
    const goFile = join(workDir, 'go');
    const workers = [startWorker(workDir, goFile), startWorker(workDir, goFile)];
    await Promise.all(workers.map((worker) => worker.ready));
    writeFileSync(goFile, '');
    const results = await Promise.all(workers.map((worker) => worker.result));

    expect(results.map((result) => result.error)).toEqual([null, null]);
    expect(results.reduce((sum, result) => sum + result.ingested, 0)).toBe(runs);
    const store = open(dbPath, true);
    expect(store.listRuns({ limit: 1000 })).toHaveLength(runs);
    // Per run: run.started, run.config, owner.registered, run.output, run.ended.
    expect(store.eventsAfter(0, 10_000)).toHaveLength(runs * 5);
    expect(readdirSync(spoolDir)).toEqual([]);
  });
});
