// Sampler cost per tick: the /proc tree sampler against pidusage on the same pids (the cheapest
// library baseline, measured in the same run) and ps-list + pidusage (the portable fallback), for
// trees of N sleeping processes. Linux only. `node scripts/bench/sampler-bench.mjs [N ...]`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { createTreeSampler, readProcessTreePids } from '../../daemon/dist/adapters/process-tree-sampler.js';
import { REPO_ROOT, log, metric, runDriver } from './lib/common.mjs';

const require = createRequire(join(REPO_ROOT, 'daemon', 'package.json'));
const pidusage = require('pidusage');
const psList = (await import(pathToFileURL(require.resolve('ps-list')).href)).default;

async function timeTicks(ticks, tick) {
  for (let i = 0; i < 5; i += 1) await tick(i); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < ticks; i += 1) await tick(i);
  return Number(process.hrtime.bigint() - start) / 1000 / ticks;
}

async function benchTree(n) {
  const child = spawn('sh', ['-c', `for i in $(seq ${n}); do sleep 600 & done; wait`], {
    detached: true,
    stdio: 'ignore',
  });
  try {
    while (readProcessTreePids(child.pid).length < n + 1) await sleep(10);
    const pids = readProcessTreePids(child.pid);
    const sampler = createTreeSampler({ rootPid: child.pid });
    const ours = await timeTicks(200, (i) => sampler.sample(i * 1000));
    const lib = await timeTicks(200, () => pidusage(pids));
    const portable = await timeTicks(10, async () => {
      const all = await psList();
      return pidusage(all.filter((p) => pids.includes(p.pid)).map((p) => p.pid));
    });
    log(
      `tree of ${pids.length}: ours ${ours.toFixed(0)} µs, pidusage ${lib.toFixed(0)} µs, ps-list+pidusage ${portable.toFixed(0)} µs`,
    );
    return { n: pids.length, ours, lib, portable };
  } finally {
    process.kill(-child.pid, 'SIGKILL');
    pidusage.clear();
  }
}

await runDriver(import.meta.url, 'sampler-bench', async () => {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const results = [];
  for (const n of sizes.length > 0 ? sizes : [1, 10, 50]) results.push(await benchTree(n));
  return {
    metrics: results.flatMap((r) => [
      metric(`sampler per tick, tree of ${r.n} (whole tree found)`, r.ours, 'µs'),
      metric(`ratio to pidusage on the same ${r.n} known pids`, r.ours / r.lib, 'x'),
      metric(`ratio to ps-list + pidusage (portable), tree of ${r.n}`, r.ours / r.portable, 'x'),
    ]),
    details: { results },
  };
});
