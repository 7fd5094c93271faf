/**
 * Optional retention in the daemon: with FLOWFORGE_RETENTION set (e.g. "30d"), runs that ended longer
 * ago than that are removed at start and every hour, as `flowforge prune --older-than` would do.
 * Unset, nothing is ever removed: evidence is kept until somebody decides otherwise.
 */
import type { Logger } from '../api/deps.js';
import type { StoreMaintenance } from '../adapters/store.js';
import { parseDurationMs } from '../config/units.js';
import { errorMessage, FlowForgeError } from '../errors.js';

/** How often the daemon prunes when retention is on. */
export const RETENTION_PASS_MS = 3_600_000;
/** The shortest retention accepted: less would remove runs a person may still be looking at. */
const MIN_RETENTION_MS = 3_600_000;

/** The retention FLOWFORGE_RETENTION asks for, null when unset; throws CONFIG_INVALID for a bad value. */
export function retentionFromEnv(env: NodeJS.ProcessEnv): number | null {
  const raw = env['FLOWFORGE_RETENTION'];
  if (raw === undefined || raw.trim() === '') return null;
  const parsed = parseDurationMs(raw);
  if (!parsed.ok || parsed.value < MIN_RETENTION_MS) {
    throw new FlowForgeError(
      'CONFIG_INVALID',
      `FLOWFORGE_RETENTION: expected a duration of at least 1h, like "30d" or "12h", got ${JSON.stringify(raw)}; unset it to keep every run`,
    );
  }
  return parsed.value;
}

/** One pass removes the runs that ended more than retentionMs ago; it never throws. */
export function createRetention(options: {
  store: Pick<StoreMaintenance, 'pruneRuns'>;
  logger: Logger;
  clock: () => number;
  retentionMs: number;
}): { pass(): void } {
  const { store, logger, clock, retentionMs } = options;
  return {
    pass() {
      try {
        const removed = store.pruneRuns(clock() - retentionMs, { dryRun: false });
        if (removed.runs > 0) logger.info('removed runs past the retention', { ...removed, retentionMs });
      } catch (error) {
        // A lock held too long or a full disk: the next pass tries again; the daemon carries on.
        logger.warn('pruning old runs failed; trying again within the hour', { error: errorMessage(error) });
      }
    },
  };
}
