/**
 * The SQLite evidence store (better-sqlite3): one file shared by the daemon and every
 * `flowforge run`, in WAL mode with a busy timeout so several processes can write at once.
 */
import { makeDirectory } from './make-dir.js';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { FlowForgeError, errorMessage } from '../errors.js';
import type { Store } from './store.js';
import { applyMigrations, MIGRATIONS } from './migrations.js';
import { createStoreContext } from './store-context.js';
import { createRunWriter } from './store-run-writer.js';
import { createControl } from './store-control.js';
import { createReader } from './store-reader.js';
import { createMaintenance } from './store-prune.js';

/** Options of openStore. */
export interface OpenStoreOptions {
  /** Open an existing file for reading only (no migrations, writes fail). */
  readonly?: boolean;
  /** How long a write waits for another process's lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Lines of output kept per run (older ones are deleted). */
  outputTailLines?: number;
  /** Bytes kept per output line (UTF-8, cut on a character boundary). */
  outputLineBytes?: number;
  /** Bytes of analysed lines a run's replay record (run.volume events) keeps, newest first. */
  volumeLineBytesPerRun?: number;
  /** Bytes of lines a run's live-tail events (run.output) keep, newest first. */
  liveOutputBytesPerRun?: number;
}

/**
 * The busy timeout of tools that may wait (prune, replay, tests): how long a write waits for another
 * process's lock before failing with SQLITE_BUSY. better-sqlite3 is synchronous, so the wait blocks the
 * whole event loop: a supervising process (a `flowforge run`, the daemon's timers) opens its store with
 * a far shorter one and retries later instead (resilient-store.ts, docs/architecture.md).
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** True for SQLITE_BUSY / SQLITE_LOCKED (and their extended codes), also when wrapped as a cause. */
export function isBusyError(error: unknown): boolean {
  for (let current = error, depth = 0; current !== null && current !== undefined && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Defaults of the caps on a run's stored lines: docs/architecture.md, "What the store keeps". */
export const VOLUME_LINE_BYTES_PER_RUN = 16 * 1024 * 1024;
export const LIVE_OUTPUT_BYTES_PER_RUN = 1024 * 1024;

/** The database file: FLOWFORGE_DB, else $XDG_DATA_HOME/flowforge/flowforge.db, else ~/.local/share/flowforge/flowforge.db. */
export function defaultDbPath(env: Record<string, string | undefined> = process.env): string {
  const explicit = env.FLOWFORGE_DB;
  if (explicit !== undefined && explicit !== '') return explicit;
  const xdg = env.XDG_DATA_HOME;
  const dataHome = xdg !== undefined && xdg !== '' ? xdg : join(env.HOME ?? homedir(), '.local', 'share');
  return join(dataHome, 'flowforge', 'flowforge.db');
}

/** Opens (creating and migrating if needed) the store at path; throws FlowForgeError STORE_OPEN_FAILED. */
export function openStore(path: string, opts: OpenStoreOptions = {}): Store {
  let db: Database.Database;
  try {
    db = openConnection(path, opts);
  } catch (err) {
    const reason = errorMessage(err);
    throw new FlowForgeError(
      'STORE_OPEN_FAILED',
      `could not open the FlowForge database at ${path}: ${reason}. Check that the directory is writable or set FLOWFORGE_DB to another file.`,
      { cause: err },
    );
  }
  const ctx = createStoreContext(db, {
    outputTailLines: Math.max(1, opts.outputTailLines ?? 500),
    outputLineBytes: Math.max(1, opts.outputLineBytes ?? 2000),
    volumeLineBytesPerRun: Math.max(1, opts.volumeLineBytesPerRun ?? VOLUME_LINE_BYTES_PER_RUN),
    liveOutputBytesPerRun: Math.max(1, opts.liveOutputBytesPerRun ?? LIVE_OUTPUT_BYTES_PER_RUN),
  });
  return {
    path,
    transaction: (fn) => db.transaction(fn).immediate(),
    ...createRunWriter(ctx),
    ...createControl(ctx),
    ...createReader(ctx),
    ...createMaintenance(ctx),
    close() {
      if (db.open) db.close();
    },
  };
}

let databaseClass: typeof Database | null = null;

/**
 * better-sqlite3, loaded at the first open rather than at import: loading it costs ≈15 ms, and a short
 * `flowforge run` never opens the store (its writes go to a spool file, see run-store.ts).
 */
function loadDatabaseClass(): typeof Database {
  // esbuild's CJS bundles (some tests) have `require` but no import.meta.url; ESM has the reverse.
  const load = typeof require === 'function' ? require : createRequire(import.meta.url);
  databaseClass ??= load('better-sqlite3') as typeof Database;
  return databaseClass;
}

function openConnection(path: string, opts: OpenStoreOptions): Database.Database {
  const SqliteDatabase = loadDatabaseClass();
  const busyTimeoutMs = opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  if (opts.readonly === true) {
    const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      db.close();
      throw new Error(`database schema version ${version} is newer than this FlowForge (${MIGRATIONS.length})`);
    }
    return db;
  }
  if (path !== ':memory:') makeDirectory(dirname(path));
  const db = new SqliteDatabase(path, { timeout: busyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    enableWal(db, busyTimeoutMs);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // A file that is up to date needs no write lock to open: checking first means an open never waits
    // for another process's lock (applyMigrations checks again inside its IMMEDIATE transaction).
    if ((db.pragma('user_version', { simple: true }) as number) !== MIGRATIONS.length) applyMigrations(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Switches a new file to WAL. Two processes creating the same file at once can get SQLITE_BUSY here
 * without SQLite's busy handler ever running, so the switch is retried within the busy timeout.
 */
function enableWal(db: Database.Database, busyTimeoutMs: number): void {
  const deadline = Date.now() + busyTimeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!String((error as { code?: string }).code).startsWith('SQLITE_BUSY') || Date.now() > deadline) throw error;
      // A short synchronous pause (the store is synchronous by design): 5, 10, 20 … ms, capped.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(100, 5 * 2 ** attempt));
    }
  }
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

/**
 * Why `path` cannot be the evidence database, found without opening SQLite (a stat and, for a
 * non-empty file, its first 16 bytes: ≈0.1 ms): a directory, or a file that is not SQLite. Null when
 * it can be (a missing file is created on first use). A short run never opens SQLite, so without this
 * check such a path would only be noticed by whoever folds its spool later.
 */
export function describeUnusableDbPath(path: string): string | null {
  if (path === ':memory:' || path === '') return null;
  let stats;
  try {
    stats = statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    return `it cannot be reached (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`;
  }
  if (stats === undefined) return null;
  if (stats.isDirectory()) return 'it is a directory, not a database file';
  if (!stats.isFile() || stats.size === 0) return null;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const bytes = readSync(fd, head, 0, head.length, 0);
    return bytes === head.length && head.toString('latin1') === SQLITE_HEADER
      ? null
      : 'it is not an SQLite database (another file has that name)';
  } catch {
    return null; // unreadable: opening it reports the real error
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
