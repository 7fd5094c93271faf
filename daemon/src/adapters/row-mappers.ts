/**
 * The one place where SQL rows (snake_case, JSON text, 0/1 booleans) become the camelCase records
 * of contract/records.ts. Row fields carry the record's unions because only the store writes them.
 */
import type {
  Action,
  DetectorName,
  Finding,
  ProgressState,
  RolloutMode,
  StreamName,
  TakenAction,
} from '../core/types.js';
import type {
  AuditRecord,
  CommandKind,
  CommandRecord,
  CommandState,
  DecisionRecord,
  EventRecord,
  EventType,
  IncidentRecord,
  IncidentStatus,
  OutputLineRecord,
  OwnerKind,
  OwnerRecord,
  OwnerState,
  RunRecord,
  RunStatus,
  SampleRecord,
  TerminationReason,
} from '../contract/records.js';

/** A row of runs. */
export interface RunRow {
  id: string;
  name: string;
  command_json: string;
  cwd: string;
  status: RunStatus;
  rollout: RolloutMode;
  run_key: string;
  enforced: number;
  owner_kind: OwnerKind;
  owner_pid: number;
  child_pid: number | null;
  started_at_ms: number;
  ended_at_ms: number | null;
  exit_code: number | null;
  signal: string | null;
  termination_reason: TerminationReason | null;
  restarts: number;
  cpu_peak_percent: number | null;
  memory_peak_bytes: number | null;
  cpu_percent: number | null;
  rss_bytes: number | null;
  tokens_total: number;
  cost_usd_total: number;
  outputs_json: string;
  limits_json: string;
}

/** A row of samples. */
export interface SampleRow {
  run_id: string;
  at_ms: number;
  cpu_percent: number | null;
  rss_bytes: number | null;
  process_count: number | null;
  zombie_count: number | null;
}

/** A row of decisions. */
export interface DecisionRow {
  id: number;
  run_id: string;
  incident_id: number | null;
  at_ms: number;
  intended: Action;
  taken: TakenAction;
  rollout: RolloutMode;
  enforced: number;
  level: number;
  reason: string;
  evidence_json: string;
  progress_json: string;
}

/** A row of incidents. */
export interface IncidentRow {
  id: number;
  run_id: string;
  opened_at_ms: number;
  closed_at_ms: number | null;
  status: IncidentStatus;
  action: Action;
  taken: TakenAction;
  detectors_json: string;
  summary: string;
}

/** A row of events. */
export interface EventRow {
  id: number;
  at_ms: number;
  type: EventType;
  run_id: string | null;
  incident_id: number | null;
  data_json: string;
}

/** A row of output_tail. */
export interface OutputRow {
  run_id: string;
  at_ms: number;
  stream: StreamName;
  text: string;
}

/** A row of commands. */
export interface CommandRow {
  id: number;
  run_id: string;
  kind: CommandKind;
  reason: string;
  requested_by: string;
  request_id: string;
  created_at_ms: number;
  state: CommandState;
  acked_at_ms: number | null;
  result: string | null;
}

/** A row of owners. */
export interface OwnerRow {
  id: string;
  pid: number;
  kind: OwnerKind;
  hostname: string;
  registered_at_ms: number;
  heartbeat_at_ms: number;
  gone_at_ms: number | null;
}

/** A row of audit. */
export interface AuditRow {
  id: number;
  at_ms: number;
  actor: string;
  action: string;
  run_id: string | null;
  request_id: string | null;
  detail_json: string;
}

/** Maps a runs row to a RunRecord. */
export function toRun(r: RunRow): RunRecord {
  return {
    id: r.id,
    name: r.name,
    command: JSON.parse(r.command_json) as string[],
    cwd: r.cwd,
    status: r.status,
    rollout: r.rollout,
    runKey: r.run_key,
    enforced: r.enforced === 1,
    ownerKind: r.owner_kind,
    ownerPid: r.owner_pid,
    childPid: r.child_pid,
    startedAtMs: r.started_at_ms,
    endedAtMs: r.ended_at_ms,
    exitCode: r.exit_code,
    signal: r.signal,
    terminationReason: r.termination_reason,
    restarts: r.restarts,
    cpuPeakPercent: r.cpu_peak_percent,
    memoryPeakBytes: r.memory_peak_bytes,
    cpuPercent: r.cpu_percent,
    rssBytes: r.rss_bytes,
    tokensTotal: r.tokens_total,
    costUsdTotal: r.cost_usd_total,
    outputs: JSON.parse(r.outputs_json) as Record<string, string>,
    limits: JSON.parse(r.limits_json) as RunRecord['limits'],
  };
}

/** Maps a samples row to a SampleRecord. */
export function toSample(r: SampleRow): SampleRecord {
  return {
    runId: r.run_id,
    atMs: r.at_ms,
    cpuPercent: r.cpu_percent,
    rssBytes: r.rss_bytes,
    processCount: r.process_count,
    zombieCount: r.zombie_count,
  };
}

/** Maps a decisions row to a DecisionRecord. */
export function toDecision(r: DecisionRow): DecisionRecord {
  return {
    id: r.id,
    runId: r.run_id,
    incidentId: r.incident_id,
    atMs: r.at_ms,
    intended: r.intended,
    taken: r.taken,
    rollout: r.rollout,
    enforced: r.enforced === 1,
    level: r.level,
    reason: r.reason,
    findings: JSON.parse(r.evidence_json) as Finding[],
    progress: JSON.parse(r.progress_json) as ProgressState,
  };
}

/** Maps an incidents row to an IncidentRecord. */
export function toIncident(r: IncidentRow): IncidentRecord {
  return {
    id: r.id,
    runId: r.run_id,
    openedAtMs: r.opened_at_ms,
    closedAtMs: r.closed_at_ms,
    status: r.status,
    action: r.action,
    taken: r.taken,
    detectors: JSON.parse(r.detectors_json) as DetectorName[],
    summary: r.summary,
  };
}

/** Maps an events row to an EventRecord. */
export function toEvent(r: EventRow): EventRecord {
  return {
    id: r.id,
    atMs: r.at_ms,
    type: r.type,
    runId: r.run_id,
    incidentId: r.incident_id,
    data: JSON.parse(r.data_json) as Record<string, unknown>,
  };
}

/** Maps an output_tail row to an OutputLineRecord. */
export function toOutputLine(r: OutputRow): OutputLineRecord {
  return { runId: r.run_id, atMs: r.at_ms, stream: r.stream, text: r.text };
}

/** Maps a commands row to a CommandRecord. */
export function toCommand(r: CommandRow): CommandRecord {
  return {
    id: r.id,
    runId: r.run_id,
    kind: r.kind,
    reason: r.reason,
    requestedBy: r.requested_by,
    requestId: r.request_id,
    createdAtMs: r.created_at_ms,
    state: r.state,
    ackedAtMs: r.acked_at_ms,
    result: r.result,
  };
}

/** Maps an owners row to an OwnerRecord, computing its state from the heartbeat age. */
export function toOwner(r: OwnerRow, nowMs: number, staleAfterMs: number): OwnerRecord {
  let state: OwnerState;
  if (r.gone_at_ms !== null) state = 'gone';
  else if (nowMs - r.heartbeat_at_ms > staleAfterMs) state = 'stale';
  else state = r.heartbeat_at_ms > r.registered_at_ms ? 'heartbeating' : 'registered';
  return {
    id: r.id,
    pid: r.pid,
    kind: r.kind,
    hostname: r.hostname,
    registeredAtMs: r.registered_at_ms,
    heartbeatAtMs: r.heartbeat_at_ms,
    state,
  };
}

/** Maps an audit row to an AuditRecord. */
export function toAudit(r: AuditRow): AuditRecord {
  return {
    id: r.id,
    atMs: r.at_ms,
    actor: r.actor,
    action: r.action,
    runId: r.run_id,
    requestId: r.request_id,
    detail: JSON.parse(r.detail_json) as Record<string, unknown>,
  };
}
