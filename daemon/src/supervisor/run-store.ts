/** Opens the evidence store for a run so that storage trouble only ever costs evidence, never the job. */
import { createResilientWriter, openStoreOrNull, type ResilientWriter } from '../adapters/resilient-store.js';
import { defaultDbPath } from '../adapters/sqlite-store.js';

export interface RunStore {
  writer: ResilientWriter;
  path: string;
  close(): void;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Opens (or fails softly to open) the SQLite file; warns once through `warn` and carries on. */
export function openRunStore(dbPath: string | null, env: NodeJS.ProcessEnv, warn: (message: string) => void): RunStore {
  const path = dbPath ?? defaultDbPath(env);
  const store = openStoreOrNull(path, (error) => {
    warn(
      `cannot open the evidence database ${path} (${describe(error)}): the job runs unrecorded; set --db or FLOWFORGE_DB to a writable file`,
    );
  });
  const writer = createResilientWriter(store, {
    onFirstFailure: (error) => {
      warn(`writing evidence to ${path} failed (${describe(error)}): the job goes on; later evidence may be missing`);
    },
  });
  return {
    writer,
    path,
    close(): void {
      try {
        store?.close();
      } catch {
        // Closing a broken database must not change the run's exit code.
      }
    },
  };
}
