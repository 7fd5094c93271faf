// Bundles the CLI into a few ESM chunks (dist/bundle/) so `flowforge run` loads one small file
// instead of a hundred modules; the daemon, replay and dashboard code stay in lazy chunks.
// Native and heavy dependencies stay external and load only when a command needs them.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['src/main.ts'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  sourcemap: 'linked',
  external: [
    'better-sqlite3',
    'zod',
    'yaml',
    'commander',
    'hono',
    '@hono/node-server',
    'prom-client',
    'pidusage',
    'ps-list',
  ],
  logLevel: 'warning',
});
