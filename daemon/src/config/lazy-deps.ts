/**
 * Synchronous, on-demand loading of yaml and zod. Together they cost ~170 ms of start-up (measured on
 * Node 20), and `flowforge run` needs them only when a config file exists, so load.ts stays synchronous
 * and cheap by requiring them here at first use instead of importing them at module load.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type * as Zod from 'zod';

let requireFromHere: NodeJS.Require | undefined;

/** The zod module, loaded at first call. */
export function loadZod(): typeof Zod {
  return requireLazily('zod') as typeof Zod;
}

/** The yaml module, loaded at first call. */
export function loadYaml(): typeof Yaml {
  return requireLazily('yaml') as typeof Yaml;
}

/** Resolves from this file; the require function itself is made at first use, off the start path too. */
function requireLazily(id: string): unknown {
  requireFromHere ??= createRequire(import.meta.url);
  return requireFromHere(id);
}
