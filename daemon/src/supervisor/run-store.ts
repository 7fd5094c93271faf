/**
 * The evidence store of a `flowforge run`: storage trouble only ever costs evidence, never the job
 * (a locked database only delays it: writes wait in memory, see resilient-store.ts).
 * SQLite is opened STORE_OPEN_DEFERRAL_MS after the start (or at the first call that needs it); a run
 * that is over before that leaves its record in a spool file for the next opener to fold in.
 */
import { openStoreOrNull, SUPERVISOR_BUSY_TIMEOUT_MS, type ResilientWriter } from '../adapters/resilient-store.js';
import { defaultDbPath, describeUnusableDbPath } from '../adapters/sqlite-store.js';
import type { Store } from '../adapters/store.js';
import { createDeferredWriter, STORE_OPEN_DEFERRAL_MS, type DeferredFinish } from '../adapters/deferred-writer.js';
import { ingestSpool } from '../adapters/ingest-spool.js';
import {
  listSpoolFiles,
  removeLiveMarker,
  spoolDirFor,
  writeLiveMarker,
  writeSpoolFile,
} from '../adapters/spool-file.js';
import { errorMessage } from '../errors.js';

/** How many other runs' spool files a run folds in when it opens the store (the daemon takes the rest). */
export const SPOOL_FILES_PER_OPEN = 20;

/**
 * Past this many waiting spool files (only short runs and no daemon for a while) a finishing run
 * writes to SQLite itself and folds SPOOL_FILES_PER_OPEN of them on the way: the spool stays bounded.
 */
export const SPOOL_BACKLOG_LIMIT = 200;

/**
 * When a run still inside its deferral writes its live marker (spool-file.ts): late enough that a short
 * job never pays for it, early enough that a CLI killed in its first second leaves its run findable.
 */
export const LIVE_MARKER_AFTER_MS = 100;

/** Env var overriding the deferral in ms (0: open SQLite at once, as before the spool existed). */
export const DEFER_ENV = 'FLOWFORGE_DB_DEFER_MS';

export interface RunStore {
  writer: ResilientWriter;
  path: string;
  /** Call once the run is done: a run that never opened SQLite writes its spool file here. */
  finish(): DeferredFinish;
  close(): void;
}

function readDeferMs(env: NodeJS.ProcessEnv, warn: (message: string) => void): number {
  const raw = env[DEFER_ENV];
  if (raw === undefined || raw === '') return STORE_OPEN_DEFERRAL_MS;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= 0) return value;
  warn(`${DEFER_ENV}: expected whole milliseconds ≥ 0, got ${JSON.stringify(raw)}; using ${STORE_OPEN_DEFERRAL_MS}`);
  return STORE_OPEN_DEFERRAL_MS;
}

/** Folds in what earlier short runs left: a few files, so that a backlog cannot stall this run. */
function foldEarlierRuns(store: Store, warn: (message: string) => void): void {
  try {
    ingestSpool(store, { maxFiles: SPOOL_FILES_PER_OPEN, warn });
  } catch {
    // ingestSpool returns its failures (the daemon or a later opener retries); other runs' records must
    // never cost this run its own store, whatever else goes wrong here.
  }
}

/** Sets up the run's store without opening it; warns once through `warn` and carries on. */
export function openRunStore(dbPath: string | null, env: NodeJS.ProcessEnv, warn: (message: string) => void): RunStore {
  const path = dbPath ?? defaultDbPath(env);
  // Checked at once (a stat): a run shorter than the deferral never opens SQLite and would not notice.
  const unusable = describeUnusableDbPath(path);
  if (unusable !== null) {
    warn(
      `cannot use the evidence database ${path}: ${unusable}: the job runs unrecorded; set --db or FLOWFORGE_DB to a database file`,
    );
  }
  const spoolDir = unusable === null ? spoolDirFor(path) : null;
  let store: Store | null = null;
  const writer = createDeferredWriter({
    deferMs: spoolDir === null ? 0 : readDeferMs(env, warn),
    open: () => {
      if (unusable !== null) return null;
      // A short busy timeout: SQLite waits synchronously, in the event loop that passes the job's output
      // on and stops it. A write that meets a lock waits in the writer's backlog instead (resilient-store.ts).
      store = openStoreOrNull(
        path,
        (error) => {
          warn(
            `cannot open the evidence database ${path} (${errorMessage(error)}): the job runs unrecorded; set --db or FLOWFORGE_DB to a writable file`,
          );
        },
        { busyTimeoutMs: SUPERVISOR_BUSY_TIMEOUT_MS },
      );
      if (store !== null) foldEarlierRuns(store, warn);
      return store;
    },
    spool: (runId, opsJson) => {
      if (spoolDir === null) throw new Error('an in-memory database has no spool');
      // Throwing makes the writer fall back to SQLite (see SPOOL_BACKLOG_LIMIT).
      if (listSpoolFiles(spoolDir).length >= SPOOL_BACKLOG_LIMIT) throw new Error('the spool has a backlog');
      writeSpoolFile(spoolDir, runId, opsJson);
    },
    ...(spoolDir === null
      ? {}
      : {
          marker: {
            afterMs: LIVE_MARKER_AFTER_MS,
            write: (runId: string, opsJson: readonly string[]) => {
              writeLiveMarker(spoolDir, runId, process.pid, opsJson);
            },
            remove: (runId: string) => {
              removeLiveMarker(spoolDir, runId);
            },
          },
        }),
    onFirstFailure: (error) => {
      warn(
        `writing evidence to ${path} failed (${errorMessage(error)}): the job goes on; later evidence may be missing`,
      );
    },
  });
  return {
    writer,
    path,
    finish: () => writer.finish(),
    close(): void {
      writer.finish();
      try {
        store?.close();
      } catch {
        // Closing a broken database must not change the run's exit code.
      }
    },
  };
}
