// @ts-check
// Bundles the CLI as CommonJS into dist/bundle/: main.cjs (src/main.ts: usage and dispatch) and one
// standalone file per command (run.cjs, demo.cjs, config.cjs, replay.cjs, daemon-cmd.cjs) that main.cjs
// `require`s only when that command is called. `flowforge run` thus never loads the daemon server,
// replay or dashboard code, and its bundle is compiled through a V8 code cache (run-cached.cjs, a stub
// over code-cache.cjs; the portable sampler's ESM imports live in portable-deps.cjs, since vm.Script has
// no import()). CommonJS rather than ESM chunks: Node's ESM loader (async module graph, lexing
// better-sqlite3 for its CommonJS exports) cost ≈20 ms more of start-up.
// Native and heavy dependencies stay external and load only where the source loads them.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { basename } from 'node:path';
import { build } from 'esbuild';

const OUT_DIR = 'dist/bundle';
const EXTERNAL = [
  'better-sqlite3',
  'zod',
  'yaml',
  'commander',
  'hono',
  '@hono/node-server',
  'prom-client',
  'pidusage',
  'ps-list',
];
/** Source paths that must never reach the run bundle (start-up cost; the run path needs none of them). */
const NOT_IN_RUN = [
  /daemon\/dist\/(api|daemon|replay)\//,
  /daemon\/dist\/server\.js$/,
  /src\/daemon\//,
  /src\/commands\/replay/,
];
const NOT_REQUIRED_BY_RUN = ['hono', '@hono/node-server', 'prom-client', 'commander'];

/** Every module under src/commands/ is a command; each becomes dist/bundle/<name>.cjs. */
const COMMANDS = readdirSync('src/commands')
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => basename(file, '.ts'));

/** @type {import('esbuild').BuildOptions} */
const common = {
  outdir: OUT_DIR,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  sourcemap: 'linked',
  external: EXTERNAL,
  metafile: true,
  logLevel: 'warning',
};

/**
 * Resolves main.ts's `import('./commands/<name>.js')` to the external file `./<name>.cjs`, so the command
 * is not bundled into main.cjs but loaded from its own file at dispatch.
 * @type {import('esbuild').Plugin}
 */
const commandFiles = {
  name: 'command-files',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, (args) => {
      const name = basename(args.path, '.js');
      if (!COMMANDS.includes(name)) return { errors: [{ text: `no command bundle for ${args.path}` }] };
      return { path: CACHED_COMMANDS.includes(name) ? `./${name}-cached.cjs` : `./${name}.cjs`, external: true };
    });
  },
};

/**
 * Keeps the portable sampler's ESM-only dependencies (daemon adapters/portable-deps.js) in a file of
 * their own, `./portable-deps.cjs`, required normally: the run bundle is loaded through vm.Script for
 * its code cache, and `import()` does not work there (see src/code-cache.ts).
 * @type {import('esbuild').Plugin}
 */
const portableDepsFile = {
  name: 'portable-deps-file',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/portable-deps\.js$/ }, () => ({ path: './portable-deps.cjs', external: true }));
  },
};

/** Commands loaded through the code cache: main.cjs requires `<name>-cached.cjs`, a stub over `<name>.cjs`. */
const CACHED_COMMANDS = ['run'];

rmSync(OUT_DIR, { recursive: true, force: true });

const commands = await build({
  ...common,
  entryPoints: Object.fromEntries(COMMANDS.map((name) => [name, `src/commands/${name}.ts`])),
  // import.meta.url has no CommonJS equivalent: each file derives it from its own __filename when asked.
  banner: {
    js: '"use strict";const __importMeta={get url(){return require("node:url").pathToFileURL(__filename).href}};',
  },
  define: { 'import.meta.url': '__importMeta.url' },
  plugins: [portableDepsFile],
});

await build({
  ...common,
  entryPoints: {
    'portable-deps': '../daemon/dist/adapters/portable-deps.js',
    'code-cache': 'src/code-cache.ts',
  },
});

for (const name of CACHED_COMMANDS) {
  // Stored already in Node's module wrapper, so loading it compiles the file's own string instead of
  // a concatenated copy (src/code-cache.ts); only the stub loads it.
  const file = `${OUT_DIR}/${name}.cjs`;
  const wrapped = Module.wrap(readFileSync(file, 'utf8'));
  writeFileSync(file, wrapped);
  // The cache is keyed by the bundle's content: V8 itself compares only the source's length.
  const contentKey = createHash('sha256').update(wrapped).digest('hex').slice(0, 16);
  writeFileSync(
    `${OUT_DIR}/${name}-cached.cjs`,
    `"use strict";// ${name}.cjs through the V8 code cache (src/code-cache.ts)\n` +
      `const{requireWithCodeCache,codeCacheDir}=require("./code-cache.cjs");` +
      `module.exports=requireWithCodeCache(require("node:path").join(__dirname,"${name}.cjs"),codeCacheDir(process.env),"${contentKey}");\n`,
  );
}

await build({
  ...common,
  entryPoints: ['src/main.ts'],
  // Turns the commands' import() into require(): synchronous, and without Node's ESM loader.
  supported: { 'dynamic-import': false },
  plugins: [commandFiles],
});

assertRunBundleIsLean(commands.metafile);

/**
 * Fails the build when run.cjs includes code or requires packages that only other commands need.
 * @param {import('esbuild').Metafile | undefined} metafile
 */
function assertRunBundleIsLean(metafile) {
  const run = metafile?.outputs[`${OUT_DIR}/run.cjs`];
  if (run === undefined) throw new Error(`bundle: ${OUT_DIR}/run.cjs was not built`);
  const inputs = Object.keys(run.inputs).filter((input) => NOT_IN_RUN.some((pattern) => pattern.test(input)));
  const required = run.imports.filter((entry) => NOT_REQUIRED_BY_RUN.some((name) => entry.path.startsWith(name)));
  if (readFileSync(`${OUT_DIR}/run.cjs`, 'utf8').includes('import(')) {
    throw new Error('bundle: run.cjs must not use import(): it is compiled through vm.Script (src/code-cache.ts)');
  }
  if (inputs.length > 0 || required.length > 0) {
    const found = [...inputs, ...required.map((entry) => entry.path)].join(', ');
    throw new Error(`bundle: run.cjs must stay lean, but it includes ${found}`);
  }
}
