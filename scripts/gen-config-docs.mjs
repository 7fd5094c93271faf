#!/usr/bin/env node
// Generates docs/config.md from daemon/src/config (zod schema + field table) so it cannot drift.
// Usage: node scripts/gen-config-docs.mjs [--check]   (--check exits 1 when docs/config.md is stale)
// The TypeScript source is bundled in memory with esbuild (zod and yaml stay external), so no build is needed.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'docs', 'config.md');

const result = await build({
  entryPoints: [join(root, 'daemon', 'src', 'config', 'docs.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  external: ['zod', 'yaml'],
});
// Written inside daemon/ so that the bundle's createRequire resolves zod and yaml from node_modules.
const dir = mkdtempSync(join(root, 'daemon', '.gen-config-docs-'));
try {
  const file = join(dir, 'docs.mjs');
  writeFileSync(file, result.outputFiles[0].text);
  const { renderConfigDocs } = await import(pathToFileURL(file).href);
  const markdown = renderConfigDocs();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // A missing file is simply stale.
    }
    if (current !== markdown) {
      console.error('docs/config.md is out of date: run node scripts/gen-config-docs.mjs');
      process.exitCode = 1;
    }
  } else {
    writeFileSync(target, markdown);
    console.log(`wrote ${target}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
