/** `flowforge prune --older-than DURATION`: remove runs that ended long ago, with all they left behind. */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  defaultDbPath,
  EXIT_CODES,
  errorMessage,
  listSpoolFiles,
  openStore,
  parseDurationMs,
  spoolDirFor,
  type Store,
} from '@flowforge/daemon';
import type { CliIo } from '../io.js';
import { foldSpool } from '../fold-spool.js';

export const PRUNE_USAGE = `Usage: flowforge prune --older-than DURATION [options]

Remove the runs that ended more than DURATION ago, with their samples, decisions, incidents, output
and events. Runs still going are kept, and so is the audit log. Run it from cron or a timer to keep
the evidence database small; it is safe while other runs are writing.

Options:
  --older-than DURATION    required: e.g. 30d, 12h, 90m
  --db FILE                the evidence database (default: FLOWFORGE_DB, else the user data dir)
  --dry-run                count what would be removed, remove nothing
  --vacuum                 afterwards, give the freed space back to the file system (rewrites the
                           file: takes a while on a large database)
  --help                   show this help

Exit codes: 0 done (also when nothing was old enough), 1 the database could not be pruned or\nvacuumed (the message says which), 2 bad usage.`;

const OPTIONS = {
  'older-than': { type: 'string' },
  db: { type: 'string' },
  'dry-run': { type: 'boolean' },
  vacuum: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** Runs the prune and returns the exit code. */
export function pruneCommand(argv: readonly string[], io: CliIo, nowMs: number = Date.now()): number {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    io.error(`${errorMessage(error)}\nSee: flowforge prune --help`);
    return EXIT_CODES.usage;
  }
  if (values.help === true) {
    io.out(PRUNE_USAGE);
    return 0;
  }
  const raw = values['older-than'];
  if (raw === undefined) {
    io.error('--older-than is required: e.g. flowforge prune --older-than 30d\nSee: flowforge prune --help');
    return EXIT_CODES.usage;
  }
  const age = parseDurationMs(raw);
  if (!age.ok) {
    io.error(`--older-than: expected ${age.expected}, got ${JSON.stringify(raw)}`);
    return EXIT_CODES.usage;
  }
  const dbPath = values.db ?? defaultDbPath(io.env);
  const dryRun = values['dry-run'] === true;
  // Runs that ended in their first second may still be in the spool (the database may not even exist
  // yet): fold them in first, or they would escape. A dry run changes nothing, so it only counts them.
  if (dryRun) noteSpooledRuns(dbPath, io);
  else foldSpool(dbPath, io);
  if (!existsSync(dbPath) || statSync(dbPath).size === 0) {
    io.out(`no evidence database at ${dbPath}: nothing to prune`);
    return 0;
  }
  try {
    const store = openStore(dbPath, dryRun ? { readonly: true } : {});
    try {
      const result = store.pruneRuns(nowMs - age.value, { dryRun });
      const verb = dryRun ? 'would remove' : 'removed';
      const runs = `${result.runs} run${result.runs === 1 ? '' : 's'}`;
      io.out(`${verb} ${runs} that ended more than ${raw} ago (${result.events} events) from ${dbPath}`);
      if (values.vacuum === true && !dryRun) return vacuum(store, io);
    } finally {
      store.close();
    }
    return 0;
  } catch (error) {
    io.error(`could not prune ${dbPath}: ${errorMessage(error)}`);
    return 1;
  }
}

/** What a dry run leaves out: runs still in the spool, which a real prune folds in first. */
function noteSpooledRuns(dbPath: string, io: CliIo): void {
  const spoolDir = spoolDirFor(dbPath);
  const waiting = spoolDir === null ? 0 : listSpoolFiles(spoolDir).length;
  if (waiting > 0) {
    io.out(
      `${waiting} recent run${waiting === 1 ? '' : 's'} still in the spool ${spoolDir ?? ''} not counted (a prune folds them in first)`,
    );
  }
}

/** VACUUM needs the database to itself: when a run is writing, the removal stands and this says so. */
export function vacuum(store: Pick<Store, 'vacuum'>, io: CliIo): number {
  try {
    store.vacuum();
    io.out('vacuumed: the freed space is back with the file system');
    return 0;
  } catch (error) {
    io.error(
      `the runs are removed, but the file could not be vacuumed: ${errorMessage(error)}; try --vacuum again when no run is writing (SQLite reuses the freed space meanwhile)`,
    );
    return 1;
  }
}
