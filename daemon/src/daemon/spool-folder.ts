/**
 * The daemon's side of the spool: folds the spool files that short `flowforge run`s leave into its
 * store, at start and on its 1 s timer, so the dashboard shows a short run within about a second.
 */
import { ingestSpool, type SpoolTarget } from '../adapters/ingest-spool.js';
import type { Logger } from '../api/deps.js';
import { errorMessage } from '../errors.js';

/** Files folded per pass at most, so a large backlog cannot stall the API for long. */
export const SPOOL_FILES_PER_PASS = 200;

/** Options of createSpoolFolder. */
export interface SpoolFolderOptions {
  store: SpoolTarget;
  logger: Logger;
  maxFilesPerPass?: number;
}

/** The folder; fold() runs one pass and never throws. */
export interface SpoolFolder {
  fold(): void;
}

/** Creates the folder: a failing pass is logged once per failure streak and retried on the next. */
export function createSpoolFolder(options: SpoolFolderOptions): SpoolFolder {
  const { store, logger } = options;
  let failing = false;
  const failed = (error: unknown): void => {
    if (!failing) logger.warn('folding the spool failed; retrying every second', { error: errorMessage(error) });
    failing = true;
  };
  return {
    fold() {
      try {
        const result = ingestSpool(store, {
          maxFiles: options.maxFilesPerPass ?? SPOOL_FILES_PER_PASS,
          warn: (message) => {
            logger.warn(message);
          },
        });
        if (result.ingested.length > 0) {
          logger.info('folded short runs from the spool', { runs: result.ingested.length });
        }
        if (result.error === null) failing = false;
        else failed(result.error);
      } catch (error) {
        // ingestSpool reports failures as values; anything thrown here is retried on the next pass too.
        failed(error);
      }
    },
  };
}
