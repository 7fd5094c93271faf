/**
 * Short runs never touch SQLite: `flowforge run` keeps its writes in memory for the store's deferral
 * and, when the job is over first, leaves them in a spool file that the next opener folds in.
 * The tests that need "shorter than the deferral" set FLOWFORGE_DB_DEFER_MS high, so they do not
 * depend on how loaded the machine is; the runs that must open the store set it low for the same reason.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killGroup, livePidsInGroup, makeTempDir, runCli, startCli, waitFor } from './harness.js';
import { readSummary, withStore } from './protocol-helpers.js';
import { startTestDaemon } from './test-daemon.js';

const LONG_DEFERRAL = { FLOWFORGE_DB_DEFER_MS: '60000' };
/** For the runs that must open the store: well inside their one-second sleep, whatever the default. */
const SHORT_DEFERRAL = { FLOWFORGE_DB_DEFER_MS: '100' };

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempDb(): { dir: string; db: string; spool: string } {
  const temp = makeTempDir();
  cleanups.push(temp.cleanup);
  const db = path.join(temp.dir, 'runs.db');
  return { dir: temp.dir, db, spool: `${db}-spool` };
}

/** NODE_OPTIONS that make a node process write the CommonJS modules it loaded to `file` at exit. */
function recordLoadedModules(dir: string, file: string): { NODE_OPTIONS: string } {
  const hook = path.join(dir, 'loaded-modules.cjs');
  writeFileSync(
    hook,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(file)}, JSON.stringify(Object.keys(require.cache))));\n`,
  );
  return { NODE_OPTIONS: `--require ${hook}` };
}

/** The DB's files (main, WAL, shared memory) that exist now. */
function dbFiles(db: string): string[] {
  return ['', '-wal', '-shm'].map((suffix) => `${db}${suffix}`).filter((file) => existsSync(file));
}

describe('short runs and the spool', () => {
  it('records a run shorter than the deferral in a spool file without creating the database, and the next run folds it in', async () => {
    const { dir, db, spool } = tempDb();
    const summary = path.join(dir, 'short.json');
    const secret = 'hunter2-very-secret-value';
    const modules = path.join(dir, 'modules.json');
    const short = await runCli(
      ['run', '--quiet', '--db', db, '--summary-json', summary, '--', 'sh', '-c', 'echo "key=$MY_API_KEY"; exit 3'],
      { env: { ...LONG_DEFERRAL, ...recordLoadedModules(dir, modules), MY_API_KEY: secret } },
    );
    expect(short.stderr).toBe('');
    expect(short.code).toBe(3);
    const runId = readSummary(summary).run_id;
    expect(dbFiles(db)).toEqual([]);
    const loaded = JSON.parse(readFileSync(modules, 'utf8')) as string[];
    expect(loaded.length).toBeGreaterThan(1);
    expect(loaded.filter((file) => file.includes('better-sqlite3'))).toEqual([]);
    expect(readdirSync(spool)).toEqual([`${runId}.json`]);
    const spooled = readFileSync(path.join(spool, `${runId}.json`), 'utf8');
    expect(spooled).toContain('key=');
    expect(spooled).not.toContain(secret);

    // A longer run opens the store after the default deferral and folds the spool in as it does.
    const long = await runCli(['run', '--quiet', '--db', db, '--', 'sleep', '1'], { env: SHORT_DEFERRAL });
    expect(long.code).toBe(0);
    expect(readdirSync(spool)).toEqual([]);
    const { run, events } = withStore(db, (store) => ({
      run: store.getRun(runId),
      events: store.listTimeline({ runId, limit: 100 }).reverse(),
    }));
    expect(run).toMatchObject({ status: 'exited', exitCode: 3, terminationReason: 'exited' });
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['run.started', 'run.config', 'run.output', 'run.ended']),
    );
    expect(JSON.stringify(events)).not.toContain(secret);
  });

  it('keeps the spool bounded: past the backlog limit a short run writes to SQLite and folds a share in', async () => {
    const { dir, db, spool } = tempDb();
    const summary = path.join(dir, 'first.json');
    await runCli(['run', '--quiet', '--db', db, '--summary-json', summary, '--', 'true'], { env: LONG_DEFERRAL });
    const firstId = readSummary(summary).run_id;
    const template = readFileSync(path.join(spool, `${firstId}.json`), 'utf8');
    // 199 more waiting runs (copies under new ids), as if nothing had folded them in for a while.
    for (let i = 0; i < 199; i++) {
      const id = `${firstId.slice(0, -12)}${String(i).padStart(12, '0')}`;
      writeFileSync(path.join(spool, `${id}.json`), template.replaceAll(firstId, id));
    }
    expect(readdirSync(spool)).toHaveLength(200);
    const lastSummary = path.join(dir, 'last.json');
    const last = await runCli(['run', '--quiet', '--db', db, '--summary-json', lastSummary, '--', 'true'], {
      env: LONG_DEFERRAL,
    });
    expect(last.code).toBe(0);
    const lastId = readSummary(lastSummary).run_id;
    expect(dbFiles(db)).not.toEqual([]);
    const waiting = readdirSync(spool);
    expect(waiting).toHaveLength(180);
    expect(waiting).not.toContain(`${lastId}.json`);
    const stored = withStore(db, (store) => store.getRun(lastId));
    expect(stored).toMatchObject({ status: 'exited', exitCode: 0 });
  });

  it('stores each of several short and long runs of one database exactly once when they run at once', async () => {
    const { dir, db, spool } = tempDb();
    const summaries = Array.from({ length: 6 }, (_, i) => path.join(dir, `run-${i}.json`));
    const results = await Promise.all(
      summaries.map((summary, i) =>
        i % 2 === 0
          ? runCli(['run', '--quiet', '--db', db, '--summary-json', summary, '--', 'true'], { env: LONG_DEFERRAL })
          : runCli(['run', '--quiet', '--db', db, '--summary-json', summary, '--', 'sleep', '1'], {
              env: SHORT_DEFERRAL,
            }),
      ),
    );
    expect(results.map((result) => [result.code, result.stderr])).toEqual(summaries.map(() => [0, '']));
    const runIds = summaries.map((summary) => readSummary(summary).run_id);
    const stored = withStore(db, (store) =>
      runIds.map((runId) => ({
        status: store.getRun(runId)?.status,
        started: store.listTimeline({ runId, types: ['run.started'], limit: 10 }).length,
        ended: store.listTimeline({ runId, types: ['run.ended'], limit: 10 }).length,
      })),
    );
    expect(stored).toEqual(runIds.map(() => ({ status: 'exited', started: 1, ended: 1 })));
    expect(readdirSync(spool)).toEqual([]);
  });

  it('writes a run that makes a decision to SQLite directly, whatever the deferral', async () => {
    const { db, spool } = tempDb();
    const result = await runCli(['run', '--quiet', '--timeout', '1s', '--db', db, '--', 'sleep', '30'], {
      env: LONG_DEFERRAL,
    });
    expect(result.code).toBe(124);
    // Nothing waits in the spool (its live marker, written while the run was young, went with the open).
    expect(existsSync(spool) ? readdirSync(spool) : []).toEqual([]);
    const runs = withStore(db, (store) =>
      store.listRuns({ limit: 10 }).map((run) => ({ ...run, decisions: store.listDecisions(run.id).length })),
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ terminationReason: 'timeout', exitCode: 124 });
    expect(runs[0]?.decisions).toBeGreaterThan(0);
  });

  it('replays a run that only exists in the spool', async () => {
    const { dir, db } = tempDb();
    const summary = path.join(dir, 'short.json');
    await runCli(['run', '--quiet', '--db', db, '--summary-json', summary, '--', 'true'], { env: LONG_DEFERRAL });
    const replay = await runCli(['replay', readSummary(summary).run_id, '--db', db, '--json']);
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
  });

  it('finds a run whose CLI is SIGKILLed inside the deferral by its live marker: the daemon marks it owner-lost and stops its child', async () => {
    const { dir, db, spool } = tempDb();
    const cli = startCli(['run', '--quiet', '--db', db, '--', 'sh', '-c', 'echo $$; exec sleep 30'], {
      env: LONG_DEFERRAL,
    });
    await waitFor(() => cli.stdoutSoFar().includes('\n'), 'the child to print its pid');
    const pgid = Number(cli.stdoutSoFar().trim());
    cleanups.push(() => {
      killGroup(pgid);
    });
    const markers = (): string[] => (existsSync(spool) ? readdirSync(spool).filter((f) => f.endsWith('.live')) : []);
    await waitFor(() => markers().length === 1, 'the run to write its live marker');
    cli.kill('SIGKILL');
    await cli.result;
    expect(dbFiles(db)).toEqual([]);
    // The orphan runs on, unseen, until something folds the marker in: here the daemon.
    expect(livePidsInGroup(pgid)).not.toEqual([]);
    const { daemon } = await startTestDaemon(dir, { intervalMs: 100, staleAfterMs: 300, graceMs: 500 });
    cleanups.push(() => {
      void daemon.close();
    });
    await waitFor(() => livePidsInGroup(pgid).length === 0, 'the daemon to stop the orphaned child');
    const runs = withStore(db, (store) => store.listRuns({ limit: 10 }));
    expect(runs.map((run) => [run.status, run.terminationReason, run.childPid])).toEqual([
      ['owner-lost', 'owner-lost', pgid],
    ]);
    expect(markers()).toEqual([]);
  });
});
