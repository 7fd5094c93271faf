// Benchmark: µs per tick of the /proc tree sampler against pidusage (per process) and ps-list +
// pidusage (the portable fallback), for trees of N sleeping processes. Linux only; not a test.
// Usage: node scripts/bench/sampler-bench.mjs [N ...]   (default 1 10 50)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'daemon', 'package.json'));
const { buildSync } = require('esbuild');
const pidusage = require('pidusage');
const psList = (await import(pathToFileURL(require.resolve('ps-list')).href)).default;

const out = mkdtempSync(join(tmpdir(), 'ff-bench-'));
const bundle = join(out, 'sampler.mjs');
buildSync({
  entryPoints: [join(root, 'daemon/src/adapters/process-tree-sampler.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: bundle,
  logLevel: 'silent',
  // pidusage is CommonJS and requires node builtins at run time.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
const { createTreeSampler, readProcessTreePids } = await import(pathToFileURL(bundle).href);

async function timeTicks(label, ticks, tick) {
  for (let i = 0; i < 5; i += 1) await tick(i); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < ticks; i += 1) await tick(i);
  const us = Number(process.hrtime.bigint() - start) / 1000 / ticks;
  return { label, us };
}

async function benchTree(n) {
  const child = spawn('sh', ['-c', `for i in $(seq ${n}); do sleep 600 & done; wait`], {
    detached: true,
    stdio: 'ignore',
  });
  try {
    while (readProcessTreePids(child.pid).length < n + 1) await sleep(10);
    const pids = readProcessTreePids(child.pid);
    const ticks = 200;
    const fast = createTreeSampler({ rootPid: child.pid });
    const full = createTreeSampler({ rootPid: child.pid, fullScanEvery: 1 });
    const results = [
      await timeTicks('flowforge sampler (full scan every 10)', ticks, (i) => fast.sample(i * 1000)),
      await timeTicks('flowforge sampler (full scan every tick)', ticks, (i) => full.sample(i * 1000)),
      await timeTicks('pidusage(pids of the tree)', ticks, () => pidusage(pids)),
      await timeTicks('ps-list + pidusage (portable fallback)', 20, async () => {
        const all = await psList();
        return pidusage(all.filter((p) => pids.includes(p.pid)).map((p) => p.pid));
      }),
    ];
    const base = results[0].us;
    console.log(`\ntree of ${pids.length} processes (system has ${readProcessTreePids(1).length} processes):`);
    for (const r of results)
      console.log(`  ${r.label.padEnd(42)} ${r.us.toFixed(0).padStart(8)} µs/tick  x${(r.us / base).toFixed(1)}`);
  } finally {
    process.kill(-child.pid, 'SIGKILL');
    pidusage.clear();
  }
}

try {
  const sizes = process.argv.slice(2).map(Number);
  for (const n of sizes.length > 0 ? sizes : [1, 10, 50]) await benchTree(n);
} finally {
  rmSync(out, { recursive: true, force: true });
}
