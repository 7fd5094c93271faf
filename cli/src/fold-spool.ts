/** Folds in the spool files short runs left (docs/architecture.md), so commands see runs that just ended. */
import { errorMessage, ingestPendingSpool } from '@flowforge/daemon';
import type { CliIo } from './io.js';

/** Folds the spool of dbPath into it; warns on stderr and carries on when that fails. */
export function foldSpool(dbPath: string, io: CliIo): void {
  try {
    ingestPendingSpool(dbPath, {
      warn: (message) => {
        io.error(message);
      },
    });
  } catch (error) {
    io.error(`could not fold recent runs into ${dbPath}: ${errorMessage(error)}`);
  }
}
