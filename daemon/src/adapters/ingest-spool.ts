/**
 * Folds spool files into SQLite: one IMMEDIATE transaction per file, which checks inside itself that
 * the run is not stored yet, then the file is deleted. A crash between commit and delete, or two
 * processes ingesting the same file, therefore never duplicates a row: the second one finds the run
 * and only removes the file. A file that cannot be read as a spool is renamed `*.corrupt`, with a
 * warning, and never stops the caller. Live markers (spool-file.ts) are folded in the same way once
 * their owner is dead, after the spool files, so a run's final record always wins over its marker.
 */
import { readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { openStore, type OpenStoreOptions } from './sqlite-store.js';
import { applyStoreOp } from './store-ops.js';
import type { OwnerRegistry, RunWriter, StoreReader, StoreTransactions } from './store.js';
import {
  hasSpoolFiles,
  parseSpoolFile,
  readSpoolDir,
  removeStaleTempFiles,
  spoolDirFor,
  type SpoolContents,
} from './spool-file.js';
import { isProcessAlive } from './process-alive.js';
import { errorMessage } from '../errors.js';

/** What ingestion needs of the store. */
export type SpoolTarget = RunWriter &
  OwnerRegistry &
  StoreTransactions &
  Pick<StoreReader, 'getRun'> & { path: string };

/** Options of ingestSpool. */
export interface IngestSpoolOptions {
  /** At most this many files per call, oldest first; the rest wait for the next call (default: all). */
  maxFiles?: number;
  /** Told about each corrupt file moved aside. */
  warn?: (message: string) => void;
  /** Whether a live marker's owner still runs (default: signal 0 reaches it). */
  isAlive?: (pid: number) => boolean;
  /**
   * This host's name (default: os.hostname()). A marker written on another host (a database shared over
   * a volume, a container) is never folded in: its owner's pid means nothing here.
   */
  hostname?: string;
}

/** What one ingestion pass did. */
export interface IngestSpoolResult {
  /** Run ids folded into the store (from spool files, and from live markers whose owner died). */
  ingested: string[];
  /** Files whose run was already stored (a crash after commit, or another ingester won): removed. */
  alreadyStored: number;
  /** Files moved aside as `*.corrupt`. */
  corrupt: string[];
  /** A failure that ended the pass early (database busy or full, unreadable directory); files stay. */
  error: unknown;
}

/** SQLite errors that say "this file's data is wrong", as opposed to "the database cannot write now". */
const DATA_ERROR_CODES = ['SQLITE_CONSTRAINT', 'SQLITE_MISMATCH', 'SQLITE_TOOBIG', 'SQLITE_RANGE'];

function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // Not an SQLite error at all: a TypeError or RangeError from binding a malformed value.
  if (typeof code !== 'string' || !code.startsWith('SQLITE_'))
    return error instanceof TypeError || error instanceof RangeError;
  return DATA_ERROR_CODES.some((prefix) => code.startsWith(prefix));
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** Spool files oldest first (so runs fold in the order they ended); files that vanished are left out. */
function filesOldestFirst(dir: string, names: readonly string[]): string[] {
  const dated: { name: string; mtimeMs: number }[] = [];
  for (const name of names) {
    try {
      dated.push({ name, mtimeMs: statSync(path.join(dir, name)).mtimeMs });
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return dated.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name)).map((entry) => entry.name);
}

/** Replays the spool files of store.path into the store, deleting each once it is stored. */
export function ingestSpool(store: SpoolTarget, options: IngestSpoolOptions = {}): IngestSpoolResult {
  const result: IngestSpoolResult = { ingested: [], alreadyStored: 0, corrupt: [], error: null };
  const dir = spoolDirFor(store.path);
  if (dir === null) return result;
  const warn = options.warn ?? (() => undefined);
  let names: string[];
  let markers: string[];
  try {
    const listing = readSpoolDir(dir);
    removeStaleTempFiles(dir, listing.tempFiles, Date.now());
    names = filesOldestFirst(dir, listing.spoolFiles);
    markers = listing.liveMarkers;
  } catch (error) {
    result.error = error;
    return result;
  }
  for (const name of names.slice(0, options.maxFiles ?? names.length)) {
    if (!foldFile(store, dir, name, warn, result, () => true)) return result;
  }
  const isAlive = options.isAlive ?? isProcessAlive;
  const host = options.hostname ?? hostname();
  // Only a marker written on this host whose owner is gone: a pid means nothing on another host.
  const ownerGone = (marker: SpoolContents): boolean =>
    ownerHostOf(marker) === host && marker.ownerPid !== null && !isAlive(marker.ownerPid);
  for (const name of markers) {
    if (!foldFile(store, dir, name, warn, result, ownerGone)) return result;
  }
  return result;
}

/**
 * Folds one file into the store when `due` says so, then deletes it; false when the pass must
 * end (result.error is set then).
 */
function foldFile(
  store: SpoolTarget,
  dir: string,
  name: string,
  warn: (message: string) => void,
  result: IngestSpoolResult,
  due: (contents: SpoolContents) => boolean,
): boolean {
  const file = path.join(dir, name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return true; // another ingester took it, or its run removed its marker
    result.error = error;
    return false;
  }
  const parsed = parseSpoolFile(text, name);
  if ('invalid' in parsed) {
    moveAside(file, parsed.invalid, warn, result);
    return true;
  }
  if (!due(parsed)) return true; // a live marker whose run is still going (or not ours)
  let stored: boolean;
  try {
    stored = store.transaction(() => {
      if (store.getRun(parsed.runId) !== null) return false;
      for (const op of parsed.ops) applyStoreOp(store, op);
      return true;
    });
  } catch (error) {
    if (isDataError(error)) {
      moveAside(file, `the database refused it: ${errorMessage(error)}`, warn, result);
      return true;
    }
    result.error = error;
    return false;
  }
  if (stored) result.ingested.push(parsed.runId);
  else result.alreadyStored += 1;
  removeFile(file);
  return true;
}

/** The host of the owner a spool file registers (null when it registers none). */
function ownerHostOf(contents: SpoolContents): string | null {
  for (const op of contents.ops) if (op.op === 'registerOwner') return op.owner.hostname;
  return null;
}

function moveAside(file: string, reason: string, warn: (message: string) => void, result: IngestSpoolResult): void {
  const aside = `${file}.corrupt`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if (isMissing(error)) return; // another ingester moved it first
    warn(`spool file ${file} is unusable (${reason}) and could not be moved aside: ${errorMessage(error)}`);
    return;
  }
  result.corrupt.push(aside);
  warn(`spool file ${file} is unusable (${reason}): moved to ${aside}; that run's record is not in the database`);
}

function removeFile(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // The run is stored; a file that cannot be deleted is only found stored again next time.
  }
}

/**
 * For readers (replay, tests): if dbPath has spool files, opens the store, ingests them all and
 * closes it. Returns null when there was nothing to do; throws STORE_OPEN_FAILED if it cannot open.
 */
export function ingestPendingSpool(
  dbPath: string,
  options: IngestSpoolOptions & { store?: OpenStoreOptions } = {},
): IngestSpoolResult | null {
  if (!hasSpoolFiles(dbPath)) return null;
  const store = openStore(dbPath, options.store);
  try {
    return ingestSpool(store, options);
  } finally {
    store.close();
  }
}
