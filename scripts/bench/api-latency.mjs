// API benchmark: p50/p99 of GET /v1/runs and /v1/incidents with 100k events in the DB under a
// loopback load (concurrency 16), SSE append→client latency, fan-out to 100 SSE clients, and
// command ack latency through the commands table. Needs `npm run build -w daemon` first.
// Usage: node scripts/bench/api-latency.mjs [--events 100000] [--concurrency 16] [--requests 2000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../../daemon/dist/adapters/sqlite-store.js';
import { startDaemon, silentLogger } from '../../daemon/dist/server.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '16' },
    requests: { type: 'string', default: '2000' },
  },
});
const EVENTS = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const REQUESTS = Number(values.requests);
const KEY = 'bench-key-0123456789abcdefghijklmnopqrstuvwxyz';
const dir = mkdtempSync(join(tmpdir(), 'ff-bench-'));
const dbPath = join(dir, 'bench.db');

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const summary = (ms) => {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: +pct(s, 50).toFixed(2), p99: +pct(s, 99).toFixed(2), max: +s.at(-1).toFixed(2) };
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function seed(store) {
  const t0 = Date.now() - 3_600_000;
  const runs = 200;
  for (let r = 0; r < runs; r += 1) {
    store.createRun(
      {
        id: `run-${r}`,
        name: `bench ${r}`,
        command: ['python3', 'agent.py'],
        cwd: '/tmp',
        rollout: 'enforce',
        runKey: `k${r}`,
        enforced: true,
        ownerKind: 'cli',
        ownerPid: 999999,
        startedAtMs: t0 + r,
        limits: { maxCpuPercent: 90, maxMemoryBytes: null },
      },
      t0 + r,
    );
    store.updateRun(`run-${r}`, { status: 'exited', endedAtMs: t0 + r + 1000, exitCode: 0 });
  }
  for (let i = 0; store.latestEventId() < EVENTS; i += 1) {
    const runId = `run-${i % runs}`;
    if (i % 200 === 0) {
      store.addDecision(runId, {
        atMs: t0 + i,
        intended: 'alert',
        taken: 'alert',
        rollout: 'enforce',
        enforced: true,
        level: 1,
        reason: 'cpu over 90% for 30 s',
        progress: { progressing: false, reasons: [] },
        findings: [
          {
            detector: 'cpu',
            severity: 'breach',
            observed: 99,
            threshold: 90,
            unit: 'percent',
            windowMs: 30_000,
            sampleLines: [],
            detail: {},
          },
        ],
      });
    } else {
      store.addSample({ runId, atMs: t0 + i, cpuPercent: 50, rssBytes: 1e8, processCount: 2, zombieCount: 0 });
    }
  }
}

async function load(url, path) {
  const latencies = [];
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      next += 1;
      const start = performance.now();
      const res = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${KEY}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path} -> ${res.status}`);
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return summary(latencies);
}

/** Opens an SSE client; onEvent(event, receivedAtMs) for every data frame. */
async function sseClient(url, onEvent) {
  const controller = new AbortController();
  const res = await fetch(`${url}/v1/stream`, {
    headers: { Authorization: `Bearer ${KEY}` },
    signal: controller.signal,
  });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let ready;
  const connected = new Promise((r) => (ready = r));
  (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true }));
      if (chunk.done) return;
      buf += decoder.decode(chunk.value, { stream: true });
      let end;
      while ((end = buf.indexOf('\n\n')) !== -1) {
        const frame = buf.slice(0, end);
        buf = buf.slice(end + 2);
        if (frame.startsWith(': connected')) ready();
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (data) onEvent(JSON.parse(data), Date.now());
      }
    }
  })();
  await connected;
  return () => controller.abort();
}

async function sseLatency(url, writer, clients, count) {
  const seen = new Map();
  const closers = [];
  for (let c = 0; c < clients; c += 1) {
    closers.push(
      await sseClient(url, (event, atMs) => {
        if (event.type !== 'protocol.notice') return;
        const list = seen.get(event.id) ?? [];
        list.push(atMs - event.data.sentAtMs);
        seen.set(event.id, list);
      }),
    );
  }
  await sleep(300);
  for (let i = 0; i < count; i += 1) {
    writer.appendEvent({
      atMs: Date.now(),
      type: 'protocol.notice',
      runId: null,
      incidentId: null,
      data: { sentAtMs: Date.now() },
    });
    await sleep(25);
  }
  const deadline = Date.now() + 5000;
  while ([...seen.values()].filter((l) => l.length === clients).length < count && Date.now() < deadline)
    await sleep(20);
  for (const close of closers) close();
  const lastClient = [...seen.values()].map((l) => Math.max(...l));
  const all = [...seen.values()].flat();
  return {
    complete: [...seen.values()].filter((l) => l.length === clients).length,
    perEvent: summary(all),
    lastClient: summary(lastClient),
  };
}

async function ackLatency(url, writer, pollMs, count) {
  writer.registerOwner({
    id: `bench-owner-${pollMs}`,
    pid: process.pid,
    kind: 'cli',
    hostname: 'bench',
    atMs: Date.now(),
  });
  const runId = `ack-run-${pollMs}`;
  writer.createRun(
    {
      id: runId,
      name: 'ack',
      command: ['x'],
      cwd: '/tmp',
      rollout: 'enforce',
      runKey: runId,
      enforced: true,
      ownerKind: 'cli',
      ownerPid: process.pid,
      startedAtMs: Date.now(),
      limits: { maxCpuPercent: 90, maxMemoryBytes: null },
    },
    Date.now(),
  );
  const timer = setInterval(() => {
    for (const cmd of writer.pendingCommands([runId])) writer.ackCommand(cmd.id, Date.now(), 'acked', 'ok');
  }, pollMs);
  const http = [];
  const ack = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    const res = await fetch(`${url}/v1/process/pause`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ run_id: runId, reason: 'bench' }),
    });
    const body = await res.json();
    http.push(performance.now() - start);
    if (body.command.state === 'acked') ack.push(body.command.ackedAtMs - body.command.createdAtMs);
    await sleep(Math.random() * pollMs);
  }
  clearInterval(timer);
  return { pollMs, acked: ack.length, of: count, ackMs: summary(ack), httpMs: summary(http) };
}

const seedStore = openStore(dbPath);
let t = performance.now();
seed(seedStore);
const seedSeconds = ((performance.now() - t) / 1000).toFixed(1);
seedStore.close();
const daemon = await startDaemon({
  env: { FLOWFORGE_DB: dbPath, FLOWFORGE_API_KEY: KEY },
  host: '127.0.0.1',
  port: 0,
  pidFile: false,
  logger: silentLogger,
  api: { authFailures: { max: 1e9, windowMs: 1, lockoutMs: 1 } },
});
const writer = openStore(dbPath);
const results = { events: writer.latestEventId(), seedSeconds, concurrency: CONCURRENCY, requests: REQUESTS };
try {
  await load(daemon.url, '/v1/runs'); // warm-up
  results['GET /v1/runs?limit=50'] = await load(daemon.url, '/v1/runs?limit=50');
  results['GET /v1/incidents?limit=50'] = await load(daemon.url, '/v1/incidents?limit=50');
  results['GET /v1/timeline?limit=100'] = await load(daemon.url, '/v1/timeline?limit=100');
  results['SSE append->client (1 client)'] = await sseLatency(daemon.url, writer, 1, 100);
  results['SSE fan-out (100 clients)'] = await sseLatency(daemon.url, writer, 100, 50);
  results['command ack (owner polls 200 ms)'] = await ackLatency(daemon.url, writer, 200, 30);
  results['command ack (owner polls 50 ms)'] = await ackLatency(daemon.url, writer, 50, 30);
} finally {
  writer.close();
  await daemon.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(results, null, 2));
