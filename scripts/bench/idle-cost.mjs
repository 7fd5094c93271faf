// Idle cost: CPU and memory of the supervisor while it watches an idle child (`sleep`) with
// --sample-interval 1s. CPU comes from /proc/<pid>/stat (utime+stime, plus cutime+cstime of helpers it
// reaped) measured between a warm-up point and the end, extrapolated to one minute; RSS is VmRSS at the end.
// Goals: ≤ 0.3 CPU s/min and ≤ 60 MB RSS. Knobs: BENCH_IDLE_SECONDS (default 30), BENCH_IDLE_FLAGS.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  FLOWFORGE,
  assertFlowforge,
  clockTicks,
  envFlags,
  envNumber,
  log,
  makeTempDir,
  metric,
  readProcStat,
  readRssBytes,
  runDriver,
  runTimed,
  sleep,
  trackPid,
} from './lib/common.mjs';

const WARMUP_MS = 3000;
const SHELLS = new Set(['sh', 'bash', 'dash']);

/** Pid of a `sleep` process that descends from `rootPid`, or null. */
function findSleepDescendant(rootPid) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat?.comm !== 'sleep') continue;
    for (let pid = stat.ppid, hops = 0; pid > 1 && hops < 10; hops += 1) {
      if (pid === rootPid) return Number(entry);
      pid = readProcStat(pid)?.ppid ?? 0;
    }
  }
  return null;
}

/** The supervisor: the nearest ancestor of the child that is not a shell wrapper. */
function findSupervisor(childPid) {
  let pid = readProcStat(childPid)?.ppid ?? 0;
  while (pid > 1) {
    const stat = readProcStat(pid);
    if (stat === null) return null;
    if (!SHELLS.has(stat.comm)) return pid;
    pid = stat.ppid;
  }
  return null;
}

const cpuTicks = (s) => s.utime + s.stime + s.cutime + s.cstime;

/** Measures the supervisor's idle CPU and RSS; returns { metrics, details }. */
export async function bench() {
  assertFlowforge();
  const seconds = envNumber('BENCH_IDLE_SECONDS', 30);
  const tmp = makeTempDir('idle');
  const args = [
    'run',
    '--quiet',
    '--sample-interval',
    '1s',
    '--db',
    join(tmp.dir, 'bench.db'),
    ...envFlags('BENCH_IDLE_FLAGS'),
  ];
  let ffPid = 0;
  const exited = runTimed(FLOWFORGE, [...args, '--', 'sleep', String(Math.ceil(seconds) + 60)], {
    onSpawn: (child) => {
      ffPid = child.pid;
    },
  });
  exited.catch(() => null); // a spawn failure surfaces below as "sleep did not appear"
  let sleepPid = null;
  try {
    for (let waited = 0; sleepPid === null && waited < 10_000; waited += 50) {
      await sleep(50);
      sleepPid = findSleepDescendant(ffPid);
    }
    if (sleepPid === null) throw new Error('the supervised `sleep` did not appear within 10 s');
    trackPid(sleepPid);
    const supervisorPid = findSupervisor(sleepPid);
    if (supervisorPid === null) throw new Error('could not find the supervisor process above `sleep`');
    await sleep(WARMUP_MS);
    const before = readProcStat(supervisorPid);
    log(`idle-cost: watching supervisor pid ${supervisorPid} (${before?.comm}) for ${seconds} s`);
    await sleep(seconds * 1000);
    const after = readProcStat(supervisorPid);
    const rssBytes = readRssBytes(supervisorPid);
    if (before === null || after === null) throw new Error('the supervisor exited during the measurement');
    const hz = clockTicks();
    const cpuSecondsPerMinute = ((cpuTicks(after) - cpuTicks(before)) / hz / seconds) * 60;
    const totalCpuSeconds = cpuTicks(after) / hz;
    // End the run the natural way: the child exits, the supervisor follows.
    process.kill(sleepPid, 'SIGTERM');
    const outcome = await Promise.race([exited, sleep(10_000).then(() => null)]);
    log(`idle-cost: ${cpuSecondsPerMinute.toFixed(3)} CPU s/min, RSS ${(rssBytes / 1048576).toFixed(1)} MiB`);
    return {
      metrics: [
        metric('idle CPU', cpuSecondsPerMinute, 's/min', { op: '<=', value: 0.3 }),
        metric('idle RSS', rssBytes === null ? null : rssBytes / 1048576, 'MiB', { op: '<=', value: 60 }),
        metric('CPU since start (incl. startup)', totalCpuSeconds, 's'),
      ],
      details: { seconds, warmupMs: WARMUP_MS, supervisorComm: after.comm, exitedAfterChild: outcome !== null },
    };
  } finally {
    tmp.cleanup();
  }
}

await runDriver(import.meta.url, 'idle-cost', bench);
