/** Prometheus metrics of the daemon (prom-client, one registry per app). Names and labels are stable. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventRecord } from '../contract/records.js';

/** The daemon's metrics and the hooks that feed them. */
export interface ApiMetrics {
  registry: Registry;
  apiRequests: Counter<'method' | 'route' | 'status'>;
  sseClients: Gauge;
  commands: Counter<'kind' | 'state'>;
  /** Feeds counters from one appended event (the shared SSE poller calls this for every event). */
  observeEvent(event: EventRecord): void;
}

/** Options of createApiMetrics. */
export interface ApiMetricsOptions {
  /** Counts active runs at scrape time (null when unavailable). */
  readActiveRuns?: () => number | null;
}

const LATENCY_BUCKETS_SECONDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/** Creates the metrics on a fresh registry. */
export function createApiMetrics(options: ApiMetricsOptions = {}): ApiMetrics {
  const registry = new Registry();
  const registers = [registry];
  const runsStarted = new Counter({ name: 'flowforge_runs_started_total', help: 'Runs started.', registers });
  new Gauge({
    name: 'flowforge_runs_active',
    help: 'Runs running, paused or restarting.',
    registers,
    collect() {
      const count = options.readActiveRuns?.() ?? null;
      if (count !== null) this.set(count);
    },
  });
  const decisions = new Counter({
    name: 'flowforge_decisions_total',
    help: 'Policy decisions by intended action and detector.',
    labelNames: ['action', 'detector'] as const,
    registers,
  });
  const kills = new Counter({ name: 'flowforge_kills_total', help: 'Runs killed by policy or command.', registers });
  const restarts = new Counter({ name: 'flowforge_restarts_total', help: 'Runs restarted.', registers });
  const ownersLost = new Counter({ name: 'flowforge_owners_lost_total', help: 'Run owners found dead.', registers });
  const detectionLatency = new Histogram({
    name: 'flowforge_detection_latency_seconds',
    help: 'Time from the first breaching observation to the decision.',
    buckets: LATENCY_BUCKETS_SECONDS,
    registers,
  });
  // Usage totals carry no run label: per-run values are on GET /v1/runs/:id, and a label per run
  // would grow without bound across a fleet. Sum over hosts in Prometheus.
  const tokens = new Counter({
    name: 'flowforge_tokens_total',
    help: 'Tokens reported by jobs through ::usage:: lines (all runs).',
    registers,
  });
  const costUsd = new Counter({
    name: 'flowforge_cost_usd_total',
    help: 'Cost in US dollars reported or priced from ::usage:: lines (all runs).',
    registers,
  });
  const apiRequests = new Counter({
    name: 'flowforge_api_requests_total',
    help: 'API requests by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const sseClients = new Gauge({ name: 'flowforge_sse_clients', help: 'Connected SSE clients.', registers });
  const commands = new Counter({
    name: 'flowforge_commands_total',
    help: 'Process commands sent through the API by kind and state after the wait.',
    labelNames: ['kind', 'state'] as const,
    registers,
  });

  const observeEvent = (event: EventRecord): void => {
    switch (event.type) {
      case 'run.started':
        runsStarted.inc();
        break;
      case 'policy.decided':
        observeDecision(event.data);
        break;
      case 'action.killed':
        kills.inc();
        break;
      case 'action.restarted':
        restarts.inc();
        break;
      case 'owner.lost':
        ownersLost.inc();
        break;
      case 'run.usage':
        incrementBy(tokens, event.data.tokens);
        incrementBy(costUsd, event.data.costUsd);
        break;
      default:
        break;
    }
  };

  const observeDecision = (data: Record<string, unknown>): void => {
    const action = typeof data.intended === 'string' ? data.intended : 'unknown';
    const detectors = Array.isArray(data.findings)
      ? data.findings.map((finding: unknown) => detectorOf(finding)).filter((name) => name !== null)
      : [];
    for (const detector of detectors.length > 0 ? new Set(detectors) : ['none']) {
      decisions.inc({ action: action.slice(0, 32), detector: detector.slice(0, 32) });
    }
    if (typeof data.detectionLatencyMs === 'number' && Number.isFinite(data.detectionLatencyMs)) {
      detectionLatency.observe(Math.max(0, data.detectionLatencyMs) / 1000);
    }
  };

  return { registry, apiRequests, sseClients, commands, observeEvent };
}

function incrementBy(counter: Counter, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) counter.inc(value);
}

function detectorOf(finding: unknown): string | null {
  if (typeof finding !== 'object' || finding === null || !('detector' in finding)) return null;
  return typeof finding.detector === 'string' ? finding.detector : null;
}
