/**
 * Shapes of what FlowForge stores and serves: runs, samples, decisions, incidents, events, commands.
 * Plain types with no node:* imports, shared by the store, the API, the CLI and the dashboard.
 */
import type { Action, Decision, RolloutMode, StreamName, TakenAction } from '../core/types.js';

export type RunStatus = 'running' | 'restarting' | 'paused' | 'exited' | 'killed' | 'failed' | 'owner-lost';

export type TerminationReason =
  'exited' | 'policy-kill' | 'policy-restart' | 'user-stop' | 'timeout' | 'spawn-failed' | 'owner-lost' | 'budget';

export type OwnerKind = 'cli' | 'daemon';

/** One supervised run (across its restarts). Secrets are already redacted from command and env. */
export interface RunRecord {
  id: string;
  name: string;
  command: string[];
  cwd: string;
  status: RunStatus;
  rollout: RolloutMode;
  runKey: string;
  enforced: boolean;
  ownerKind: OwnerKind;
  ownerPid: number;
  childPid: number | null;
  startedAtMs: number;
  endedAtMs: number | null;
  exitCode: number | null;
  signal: string | null;
  terminationReason: TerminationReason | null;
  restarts: number;
  cpuPeakPercent: number | null;
  memoryPeakBytes: number | null;
  /** The latest sample, for overviews. */
  cpuPercent: number | null;
  rssBytes: number | null;
  tokensTotal: number;
  costUsdTotal: number;
  /** set-output values a script recorded. */
  outputs: Record<string, string>;
  /** Thresholds in force (the resolved detection and policy config), for drawing charts. */
  limits: { maxCpuPercent: number; maxMemoryBytes: number | null };
}

/** Fields given when a run starts; the rest get defaults. */
export type NewRun = Pick<
  RunRecord,
  | 'id'
  | 'name'
  | 'command'
  | 'cwd'
  | 'rollout'
  | 'runKey'
  | 'enforced'
  | 'ownerKind'
  | 'ownerPid'
  | 'startedAtMs'
  | 'limits'
>;

/** Fields that change while a run goes on or when it ends. */
export type RunUpdate = Partial<
  Pick<
    RunRecord,
    | 'status'
    | 'childPid'
    | 'endedAtMs'
    | 'exitCode'
    | 'signal'
    | 'terminationReason'
    | 'restarts'
    | 'cpuPeakPercent'
    | 'memoryPeakBytes'
    | 'cpuPercent'
    | 'rssBytes'
    | 'tokensTotal'
    | 'costUsdTotal'
    | 'outputs'
  >
>;

export interface SampleRecord {
  runId: string;
  atMs: number;
  cpuPercent: number | null;
  rssBytes: number | null;
  processCount: number | null;
  zombieCount: number | null;
}

export interface DecisionRecord extends Decision {
  id: number;
  runId: string;
  incidentId: number | null;
}

export type IncidentStatus = 'open' | 'resolved';

/** A run's trouble from the first non-continue decision until the run ends or recovers. */
export interface IncidentRecord {
  id: number;
  runId: string;
  openedAtMs: number;
  closedAtMs: number | null;
  status: IncidentStatus;
  /** The strongest action intended so far. */
  action: Action;
  taken: TakenAction;
  detectors: string[];
  summary: string;
}

export interface OutputLineRecord {
  runId: string;
  atMs: number;
  stream: StreamName;
  text: string;
}

/** Event types of the append-only log; the event id is the SSE id. */
export type EventType =
  | 'run.started'
  | 'run.sample'
  | 'run.output'
  | 'run.progress'
  | 'run.usage'
  /** Per tick: the output volume, the analysed lines and the protocol signals (what replay needs). */
  | 'run.volume'
  /** Once at start: the resolved detection and policy config the run was supervised with. */
  | 'run.config'
  | 'run.output-set'
  | 'run.exited'
  | 'run.restarting'
  | 'run.ended'
  | 'policy.decided'
  | 'action.alerted'
  | 'action.killed'
  | 'action.restarted'
  | 'action.paused'
  | 'action.resumed'
  | 'action.log_only'
  | 'incident.opened'
  | 'incident.updated'
  | 'incident.closed'
  | 'protocol.notice'
  | 'protocol.warning'
  | 'protocol.error'
  | 'command.requested'
  | 'command.acked'
  | 'owner.registered'
  | 'owner.lost'
  | 'audit';

export interface EventRecord {
  id: number;
  atMs: number;
  type: EventType;
  runId: string | null;
  incidentId: number | null;
  /** JSON-safe payload; secrets already redacted. */
  data: Record<string, unknown>;
}

export type CommandKind = 'kill' | 'restart' | 'pause' | 'resume';
export type CommandState = 'pending' | 'acked' | 'failed';

/** A control request for whichever process owns the run. */
export interface CommandRecord {
  id: number;
  runId: string;
  kind: CommandKind;
  reason: string;
  requestedBy: string;
  requestId: string;
  createdAtMs: number;
  state: CommandState;
  ackedAtMs: number | null;
  result: string | null;
}

export type OwnerState = 'registered' | 'heartbeating' | 'stale' | 'gone';

/** A process that owns runs: a `flowforge run` or the daemon. */
export interface OwnerRecord {
  id: string;
  pid: number;
  kind: OwnerKind;
  hostname: string;
  registeredAtMs: number;
  heartbeatAtMs: number;
  state: OwnerState;
}

export interface AuditRecord {
  id: number;
  atMs: number;
  actor: string;
  action: string;
  runId: string | null;
  requestId: string | null;
  detail: Record<string, unknown>;
}
