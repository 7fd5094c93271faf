/**
 * Spool files: how a short `flowforge run` that never opened SQLite hands its record to the next
 * process that does. One file per run, `<db path>-spool/<run id>.json`, written to a temp name and
 * renamed so a reader never sees half a file (docs/architecture.md, "Short runs and the spool").
 */
import { readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeDirectory } from './make-dir.js';
import { isStoreOp, type StoreOp } from './store-ops.js';
import { errorMessage } from '../errors.js';

/** The format tag and version a spool file starts with. */
export const SPOOL_FORMAT = 'flowforge-spool';
export const SPOOL_VERSION = 1;

/** A spool file's name: the run id (a UUID in practice) and `.json`. */
const SPOOL_FILE = /^([A-Za-z0-9][A-Za-z0-9_-]{0,127})\.json$/;

/**
 * A live marker's name: `<run id>.live`. A run still inside its store deferral writes one (its writes
 * so far, and its own pid) so that, should the CLI die before it opens SQLite (kill -9), the run and
 * its owner can still be found: ingestion folds a marker in once its owner is dead, and the daemon's
 * owner reaper then marks the run owner-lost and stops its process group. The run removes its marker
 * as soon as its record is in SQLite or in its spool file.
 */
const LIVE_MARKER = /^([A-Za-z0-9][A-Za-z0-9_-]{0,127})\.live$/;

/** A parsed spool file or live marker (ownerPid: the marker's writer; null for a spool file). */
export interface SpoolContents {
  runId: string;
  ops: StoreOp[];
  ownerPid: number | null;
}

/** The spool directory of a database file; null for an in-memory database (nothing to hand over). */
export function spoolDirFor(dbPath: string): string | null {
  return dbPath === ':memory:' || dbPath === '' ? null : `${dbPath}-spool`;
}

/** A writer's temp file (see writeSpoolFile): `.<run id>.<pid>.tmp`. */
const TEMP_FILE = /^\..+\.\d+\.tmp$/;

/** What a spool directory holds, from one readdir: spool files, live markers and writers' temp files, unordered. */
export interface SpoolListing {
  spoolFiles: string[];
  liveMarkers: string[];
  tempFiles: string[];
}

/** Lists dir (empty when it does not exist); throws on any other failure. */
export function readSpoolDir(dir: string): SpoolListing {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { spoolFiles: [], liveMarkers: [], tempFiles: [] };
    throw error;
  }
  return {
    spoolFiles: names.filter((name) => SPOOL_FILE.test(name)),
    liveMarkers: names.filter((name) => LIVE_MARKER.test(name)),
    tempFiles: names.filter((name) => TEMP_FILE.test(name)),
  };
}

/** The spool file names in dir, in no particular order (none when dir does not exist). */
export function listSpoolFiles(dir: string): string[] {
  return readSpoolDir(dir).spoolFiles;
}

/** A temp file older than this was left by a writer that died between write and rename. */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/** Removes those of tempFiles (names in dir) that crashed writers left behind; returns how many. Never throws. */
export function removeStaleTempFiles(
  dir: string,
  tempFiles: readonly string[],
  nowMs: number,
  maxAgeMs = STALE_TEMP_MS,
): number {
  let removed = 0;
  for (const name of tempFiles) {
    const file = path.join(dir, name);
    try {
      if (nowMs - statSync(file).mtimeMs < maxAgeMs) continue; // a live writer renames it in a moment
      rmSync(file, { force: true });
      removed++;
    } catch {
      // gone already, or not ours to remove: the next pass looks again
    }
  }
  return removed;
}

/** True when the database at dbPath has spool files or live markers waiting (a cheap readdir; never throws). */
export function hasSpoolFiles(dbPath: string): boolean {
  const dir = spoolDirFor(dbPath);
  if (dir === null) return false;
  try {
    const listing = readSpoolDir(dir);
    return listing.spoolFiles.length > 0 || listing.liveMarkers.length > 0;
  } catch {
    // An unreadable spool directory holds nothing we could ingest either.
    return false;
  }
}

/**
 * Writes a run's queued ops (each already JSON) as `<dir>/<runId>.json`: the directory is created
 * 0700, the file 0600 under a temp name, then renamed into place. Throws on any failure.
 */
export function writeSpoolFile(dir: string, runId: string, opsJson: readonly string[]): string {
  return writeOps(dir, runId, '.json', {}, opsJson);
}

/** Writes (or rewrites) the run's live marker `<dir>/<runId>.live` as ownerPid's; throws on any failure. */
export function writeLiveMarker(dir: string, runId: string, ownerPid: number, opsJson: readonly string[]): string {
  return writeOps(dir, runId, '.live', { ownerPid }, opsJson);
}

/** Removes the run's live marker, if any. Never throws: a marker left behind is folded in as already stored. */
export function removeLiveMarker(dir: string, runId: string): void {
  try {
    rmSync(path.join(dir, `${runId}.live`), { force: true });
  } catch {
    // Ingestion finds the run stored and removes it then.
  }
}

/** Writes `<dir>/<runId><suffix>` (spool format, plus `extra` in its head) under a temp name, then renames it. */
function writeOps(
  dir: string,
  runId: string,
  suffix: '.json' | '.live',
  extra: Record<string, unknown>,
  opsJson: readonly string[],
): string {
  const name = `${runId}${suffix}`;
  if (!SPOOL_FILE.test(`${runId}.json`)) throw new Error(`run id ${JSON.stringify(runId)} cannot name a spool file`);
  makeDirectory(dir, 0o700);
  const file = path.join(dir, name);
  const temp = path.join(dir, `.${runId}.${process.pid}.tmp`);
  const head = JSON.stringify({ format: SPOOL_FORMAT, version: SPOOL_VERSION, runId, ...extra });
  try {
    writeFileSync(temp, `${head.slice(0, -1)},"ops":[\n${opsJson.join(',\n')}\n]}\n`, { mode: 0o600 });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return file;
}

/** Parses a spool file's text; returns the reason it is unusable instead of throwing. */
export function parseSpoolFile(text: string, fileName: string): SpoolContents | { invalid: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { invalid: `not JSON: ${errorMessage(error)}` };
  }
  if (typeof value !== 'object' || value === null) return { invalid: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  if (record.format !== SPOOL_FORMAT || record.version !== SPOOL_VERSION) {
    return { invalid: `not a ${SPOOL_FORMAT} file of version ${SPOOL_VERSION}` };
  }
  const runId = record.runId;
  if (typeof runId !== 'string' || (`${runId}.json` !== fileName && `${runId}.live` !== fileName))
    return { invalid: 'its run id does not match its name' };
  const ownerPid = record.ownerPid;
  if (fileName.endsWith('.live') && (typeof ownerPid !== 'number' || !Number.isInteger(ownerPid) || ownerPid <= 0))
    return { invalid: 'a live marker without its owner pid' };
  const ops = record.ops;
  if (!Array.isArray(ops)) return { invalid: 'no list of writes' };
  const bad = ops.findIndex((op) => !isStoreOp(op));
  if (bad >= 0) return { invalid: `write ${bad} is malformed` };
  const valid = ops as StoreOp[];
  // The run's own row is what makes ingestion idempotent (see ingest-spool.ts), so it must be there.
  if (!valid.some((op) => op.op === 'createRun' && op.run.id === runId))
    return { invalid: 'it does not create its run' };
  return { runId, ops: valid, ownerPid: typeof ownerPid === 'number' ? ownerPid : null };
}
