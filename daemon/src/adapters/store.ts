/**
 * The evidence store's interface. The SQLite implementation (sqlite-store.ts) is the only code
 * that holds SQL; the supervisor writes through it and the API reads through it.
 */
import type { Decision, StreamName } from '../core/types.js';
import type {
  AuditRecord,
  CommandKind,
  CommandRecord,
  DecisionRecord,
  EventRecord,
  EventType,
  IncidentRecord,
  NewRun,
  OutputLineRecord,
  OwnerKind,
  OwnerRecord,
  RunRecord,
  RunStatus,
  RunUpdate,
  SampleRecord,
} from '../contract/records.js';

export interface Page {
  limit: number;
  /** Return rows with id < beforeId (newest first paging). */
  beforeId?: number;
}

export interface RunQuery extends Page {
  status?: RunStatus | 'active';
}

export interface TimelineQuery extends Page {
  runId?: string;
  incidentId?: number;
  types?: EventType[];
  sinceMs?: number;
  untilMs?: number;
}

export interface IncidentQuery extends Page {
  runId?: string;
  action?: string;
  detector?: string;
  sinceMs?: number;
  untilMs?: number;
}

/** Writes made by a run's owner. Every write also appends to the event log where noted. */
export interface RunWriter {
  /** Inserts the run and appends run.started. */
  createRun(run: NewRun, atMs: number): void;
  updateRun(runId: string, update: RunUpdate): void;
  /** Inserts a sample row and appends run.sample. */
  addSample(sample: SampleRecord): void;
  /** Appends to the run's bounded output tail (caps per line and per run) and a run.output event. */
  addOutput(runId: string, lines: readonly { atMs: number; stream: StreamName; text: string }[]): void;
  /**
   * Records a decision: inserts it, opens or updates the run's open incident (or opens one), and
   * appends policy.decided plus the action event. Returns the stored row.
   */
  addDecision(runId: string, decision: Decision): DecisionRecord;
  /** Closes the run's open incident, if any (recovered or run ended). */
  closeIncident(runId: string, atMs: number, summary: string): void;
  /** Appends any other event (protocol notices, run.exited, ...). Returns its id. */
  appendEvent(event: Omit<EventRecord, 'id'>): number;
}

/** Control requests between the API and whichever process owns a run. */
export interface CommandQueue {
  enqueueCommand(cmd: {
    runId: string;
    kind: CommandKind;
    reason: string;
    requestedBy: string;
    requestId: string;
    atMs: number;
  }): CommandRecord;
  /** Pending commands for the runs this owner holds, oldest first. */
  pendingCommands(runIds: readonly string[]): CommandRecord[];
  ackCommand(id: number, atMs: number, state: 'acked' | 'failed', result: string): void;
  getCommand(id: number): CommandRecord | null;
}

/** Owners register and heartbeat so a dead owner's runs can be found. */
export interface OwnerRegistry {
  registerOwner(owner: { id: string; pid: number; kind: OwnerKind; hostname: string; atMs: number }): void;
  heartbeatOwner(ownerId: string, atMs: number): void;
  /** Marks an owner gone (clean exit or found dead). */
  markOwnerGone(ownerId: string, atMs: number): void;
  /** Owners with their state computed from heartbeat age against staleAfterMs. */
  listOwners(nowMs: number, staleAfterMs: number): OwnerRecord[];
  /** Runs still marked running/paused/restarting whose owner is this one. */
  runsOfOwner(ownerId: string): RunRecord[];
}

/** Reads for the API, CLI and replay. */
export interface StoreReader {
  getRun(runId: string): RunRecord | null;
  listRuns(query: RunQuery): RunRecord[];
  listSamples(runId: string, opts?: { sinceMs?: number; limit?: number }): SampleRecord[];
  listOutput(runId: string, opts?: { limit?: number }): OutputLineRecord[];
  listDecisions(runId: string): DecisionRecord[];
  listIncidents(query: IncidentQuery): IncidentRecord[];
  getIncident(id: number): IncidentRecord | null;
  /** Events in id order after afterId (for SSE catch-up), at most limit. */
  eventsAfter(afterId: number, limit: number): EventRecord[];
  /** Newest-first page of the timeline. */
  listTimeline(query: TimelineQuery): EventRecord[];
  latestEventId(): number;
  listAudit(opts: { runId?: string; limit: number }): AuditRecord[];
  /** A cheap query that proves the DB answers. */
  ping(): boolean;
}

export interface AuditWriter {
  /** Inserts an audit row and appends an 'audit' event. Never store keys here. */
  addAudit(entry: Omit<AuditRecord, 'id'>): AuditRecord;
}

/** Several writes as one unit. */
export interface StoreTransactions {
  /** Runs fn in one IMMEDIATE transaction; the store's own transactions inside it become savepoints. */
  transaction<T>(fn: () => T): T;
}

/** The whole store. */
/** Housekeeping: removing old runs (store-prune.ts). */
export interface StoreMaintenance {
  /** Removes runs that ended before cutoffMs with everything they left behind; dryRun only counts. */
  pruneRuns(cutoffMs: number, opts: { dryRun: boolean }): { runs: number; events: number };
  /** Gives the space of removed rows back to the file system (rewrites the file; takes a while). */
  vacuum(): void;
}

export interface Store
  extends RunWriter, CommandQueue, OwnerRegistry, StoreReader, AuditWriter, StoreTransactions, StoreMaintenance {
  readonly path: string;
  close(): void;
}
