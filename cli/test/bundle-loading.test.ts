/** The built CLI loads only the code a command needs: `flowforge run` stays off the daemon, replay and dashboard. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, useTempDir } from './harness.js';

const { dir } = useTempDir();

/** Runs the CLI with a preload that records every CommonJS module loaded; returns exit code and paths. */
function loadedModules(args: readonly string[]): { code: number | null; modules: string[] } {
  const list = path.join(dir, 'modules.json');
  const probe = path.join(dir, 'probe.cjs');
  writeFileSync(
    probe,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));`,
  );
  const result = spawnSync(process.execPath, ['--require', probe, CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  const modules = JSON.parse(readFileSync(list, 'utf8')) as string[];
  return { code: result.status, modules: modules.map((file) => path.relative(REPO_ROOT, file)) };
}

/** Packages (first path segment) that only the daemon, config or dashboard commands need. */
const ONLY_FOR_OTHER_COMMANDS = ['hono', '@hono', 'zod', 'yaml', 'commander', 'prom-client'];

/** Our own files among the loaded modules (the daemon package resolves to daemon/ through its symlink). */
function repoFiles(modules: readonly string[]): string[] {
  return modules.filter((file) => !file.startsWith('..') && !file.includes('node_modules/'));
}

describe('the bundled CLI', () => {
  it('loads only the dispatcher and the run bundle for flowforge run, as CommonJS', () => {
    const { code, modules } = loadedModules(['run', '--quiet', '--db', path.join(dir, 'runs.db'), '--', 'true']);
    expect(code).toBe(0);
    // run.cjs itself is compiled through the code cache (vm.Script), so it is not in require's cache.
    expect(repoFiles(modules)).toEqual([
      'cli/bin/flowforge.cjs',
      'cli/dist/bundle/main.cjs',
      'cli/dist/bundle/run-cached.cjs',
      'cli/dist/bundle/code-cache.cjs',
      'cli/dist/bundle/portable-deps.cjs',
    ]);
    const packages = modules.filter((file) => file.includes('node_modules/')).map((file) => file.split('/')[1]);
    expect(packages.filter((name) => name !== undefined && ONLY_FOR_OTHER_COMMANDS.includes(name))).toEqual([]);
  });

  it('loads no command bundle for the usage text', () => {
    const { code, modules } = loadedModules(['help']);
    expect(code).toBe(0);
    expect(repoFiles(modules)).toEqual(['cli/bin/flowforge.cjs', 'cli/dist/bundle/main.cjs']);
  });
});
