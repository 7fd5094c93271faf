/**
 * The portable sampler's ESM-only dependencies, loaded on first use. A module of its own so that a
 * CommonJS bundle can keep it as a separate, normally required file: the CLI runs its main bundle
 * through a V8 code cache (vm.Script), where `import()` is unavailable without an experimental flag.
 */

/** Loads ps-list (lists every process with its parent). */
export function loadPsList(): Promise<typeof import('ps-list')> {
  return import('ps-list');
}

/** Loads pidusage (CPU and memory of given pids). */
export function loadPidusage(): Promise<{ default: typeof import('pidusage') }> {
  return import('pidusage');
}
