/**
 * The store writes that need no answer, as data: what the deferred writer queues in memory and what a
 * spool file holds (docs/architecture.md, "Short runs and the spool"). JSON in, JSON out: every field is
 * a plain value, so a queued write replays exactly as it would have been written.
 */
import type { NewRun, RunUpdate, SampleRecord, EventRecord } from '../contract/records.js';
import type { OwnerRegistry, RunWriter } from './store.js';

/** One queued write. */
export type StoreOp =
  | { op: 'createRun'; run: NewRun; atMs: number }
  | { op: 'updateRun'; runId: string; update: RunUpdate }
  | { op: 'addSample'; sample: SampleRecord }
  | { op: 'addOutput'; runId: string; lines: Parameters<RunWriter['addOutput']>[1] }
  | { op: 'closeIncident'; runId: string; atMs: number; summary: string }
  | { op: 'appendEvent'; event: Omit<EventRecord, 'id'> }
  | { op: 'registerOwner'; owner: Parameters<OwnerRegistry['registerOwner']>[0] }
  | { op: 'heartbeatOwner'; ownerId: string; atMs: number }
  | { op: 'markOwnerGone'; ownerId: string; atMs: number };

/** Anything the ops can be written to: the store itself or a resilient writer over it. */
export interface StoreOpTarget {
  createRun(run: NewRun, atMs: number): unknown;
  updateRun(runId: string, update: RunUpdate): unknown;
  addSample(sample: SampleRecord): unknown;
  addOutput(runId: string, lines: Parameters<RunWriter['addOutput']>[1]): unknown;
  closeIncident(runId: string, atMs: number, summary: string): unknown;
  appendEvent(event: Omit<EventRecord, 'id'>): unknown;
  registerOwner(owner: Parameters<OwnerRegistry['registerOwner']>[0]): unknown;
  heartbeatOwner(ownerId: string, atMs: number): unknown;
  markOwnerGone(ownerId: string, atMs: number): unknown;
}

/** Writes one op to target. */
export function applyStoreOp(target: StoreOpTarget, op: StoreOp): void {
  switch (op.op) {
    case 'createRun':
      target.createRun(op.run, op.atMs);
      return;
    case 'updateRun':
      target.updateRun(op.runId, op.update);
      return;
    case 'addSample':
      target.addSample(op.sample);
      return;
    case 'addOutput':
      target.addOutput(op.runId, op.lines);
      return;
    case 'closeIncident':
      target.closeIncident(op.runId, op.atMs, op.summary);
      return;
    case 'appendEvent':
      target.appendEvent(op.event);
      return;
    case 'registerOwner':
      target.registerOwner(op.owner);
      return;
    case 'heartbeatOwner':
      target.heartbeatOwner(op.ownerId, op.atMs);
      return;
    case 'markOwnerGone':
      target.markOwnerGone(op.ownerId, op.atMs);
      return;
  }
}

type FieldKind = 'string' | 'number' | 'object' | 'array';

/** The fields each op must have, and their kinds (a shallow check; the store rejects the rest). */
const OP_FIELDS: Record<StoreOp['op'], Record<string, FieldKind>> = {
  createRun: { run: 'object', atMs: 'number' },
  updateRun: { runId: 'string', update: 'object' },
  addSample: { sample: 'object' },
  addOutput: { runId: 'string', lines: 'array' },
  closeIncident: { runId: 'string', atMs: 'number', summary: 'string' },
  appendEvent: { event: 'object' },
  registerOwner: { owner: 'object' },
  heartbeatOwner: { ownerId: 'string', atMs: 'number' },
  markOwnerGone: { ownerId: 'string', atMs: 'number' },
};

function hasKind(value: unknown, kind: FieldKind): boolean {
  if (kind === 'array') return Array.isArray(value);
  if (kind === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === kind;
}

/** True when value has the shape of a StoreOp (op name known, its fields present with the right kinds). */
export function isStoreOp(value: unknown): value is StoreOp {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const name = record.op;
  if (typeof name !== 'string' || !Object.hasOwn(OP_FIELDS, name)) return false;
  const fields = OP_FIELDS[name as StoreOp['op']];
  return Object.entries(fields).every(([field, kind]) => hasKind(record[field], kind));
}
