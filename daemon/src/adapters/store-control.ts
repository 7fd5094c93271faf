/**
 * Commands between the API and run owners, the owner registry and the audit log.
 */
import type { AuditWriter, CommandQueue, OwnerRegistry } from './store.js';
import type { StoreContext } from './store-context.js';
import {
  toAudit,
  toCommand,
  toOwner,
  toRun,
  type AuditRow,
  type CommandRow,
  type OwnerRow,
  type RunRow,
} from './row-mappers.js';

/** Creates the command queue, owner registry and audit writer halves of the store. */
export function createControl(ctx: StoreContext): CommandQueue & OwnerRegistry & AuditWriter {
  const { db, stmt, appendEvent } = ctx;
  const getCommand = (id: number) => {
    const row = stmt<CommandRow>('SELECT * FROM commands WHERE id = ?').get(id);
    return row === undefined ? null : toCommand(row);
  };

  const enqueue = db.transaction((cmd: Parameters<CommandQueue['enqueueCommand']>[0]) => {
    const info = stmt(
      `INSERT INTO commands (run_id, kind, reason, requested_by, request_id, created_at_ms, state)
       VALUES (?, ?, ?, ?, ?, ?, 'pending')`,
    ).run(cmd.runId, cmd.kind, cmd.reason, cmd.requestedBy, cmd.requestId, cmd.atMs);
    const id = Number(info.lastInsertRowid);
    appendEvent({
      atMs: cmd.atMs,
      type: 'command.requested',
      runId: cmd.runId,
      incidentId: null,
      data: {
        commandId: id,
        kind: cmd.kind,
        reason: cmd.reason,
        requestedBy: cmd.requestedBy,
        requestId: cmd.requestId,
      },
    });
    return id;
  });

  const ack = db.transaction((id: number, atMs: number, state: 'acked' | 'failed', result: string) => {
    const row = stmt<CommandRow>("SELECT * FROM commands WHERE id = ? AND state = 'pending'").get(id);
    if (row === undefined) return;
    stmt('UPDATE commands SET state = ?, acked_at_ms = ?, result = ? WHERE id = ?').run(state, atMs, result, id);
    appendEvent({
      atMs,
      type: 'command.acked',
      runId: row.run_id,
      incidentId: null,
      data: { commandId: id, kind: row.kind, state, result, requestId: row.request_id },
    });
  });

  const register = db.transaction((o: Parameters<OwnerRegistry['registerOwner']>[0]) => {
    stmt(
      `INSERT INTO owners (id, pid, kind, hostname, registered_at_ms, heartbeat_at_ms) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, kind = excluded.kind, hostname = excluded.hostname,
         registered_at_ms = excluded.registered_at_ms, heartbeat_at_ms = excluded.heartbeat_at_ms, gone_at_ms = NULL`,
    ).run(o.id, o.pid, o.kind, o.hostname, o.atMs, o.atMs);
    appendEvent({
      atMs: o.atMs,
      type: 'owner.registered',
      runId: null,
      incidentId: null,
      data: { ownerId: o.id, pid: o.pid, kind: o.kind, hostname: o.hostname },
    });
  });

  const audit = db.transaction((entry: Parameters<AuditWriter['addAudit']>[0]) => {
    const info = stmt(
      'INSERT INTO audit (at_ms, actor, action, run_id, request_id, detail_json) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(entry.atMs, entry.actor, entry.action, entry.runId, entry.requestId, JSON.stringify(entry.detail));
    const id = Number(info.lastInsertRowid);
    appendEvent({
      atMs: entry.atMs,
      type: 'audit',
      runId: entry.runId,
      incidentId: null,
      data: { auditId: id, actor: entry.actor, action: entry.action, requestId: entry.requestId, detail: entry.detail },
    });
    return id;
  });

  return {
    enqueueCommand(cmd) {
      const command = getCommand(enqueue.immediate(cmd));
      if (command === null) throw new Error('enqueued command vanished');
      return command;
    },
    pendingCommands(runIds) {
      if (runIds.length === 0) return [];
      return stmt<CommandRow>(
        "SELECT * FROM commands WHERE state = 'pending' AND run_id IN (SELECT value FROM json_each(?)) ORDER BY id",
      )
        .all(JSON.stringify(runIds))
        .map(toCommand);
    },
    ackCommand: (id, atMs, state, result) => {
      ack.immediate(id, atMs, state, result);
    },
    getCommand,
    registerOwner: (owner) => {
      register.immediate(owner);
    },
    heartbeatOwner(ownerId, atMs) {
      stmt('UPDATE owners SET heartbeat_at_ms = max(heartbeat_at_ms, ?) WHERE id = ?').run(atMs, ownerId);
    },
    markOwnerGone(ownerId, atMs) {
      stmt('UPDATE owners SET gone_at_ms = coalesce(gone_at_ms, ?) WHERE id = ?').run(atMs, ownerId);
    },
    listOwners(nowMs, staleAfterMs) {
      return stmt<OwnerRow>('SELECT * FROM owners ORDER BY registered_at_ms DESC')
        .all()
        .map((row) => toOwner(row, nowMs, staleAfterMs));
    },
    runsOfOwner(ownerId) {
      // Runs are linked at createRun; a run created before its owner registered matches by pid and kind.
      return stmt<RunRow>(
        `SELECT r.* FROM runs r JOIN owners o ON o.id = ?
         WHERE r.status IN ('running', 'paused', 'restarting')
           AND (r.owner_id = o.id OR (r.owner_id IS NULL AND r.owner_pid = o.pid AND r.owner_kind = o.kind))
         ORDER BY r.started_at_ms`,
      )
        .all(ownerId)
        .map(toRun);
    },
    addAudit(entry) {
      const id = audit.immediate(entry);
      const row = stmt<AuditRow>('SELECT * FROM audit WHERE id = ?').get(id);
      if (row === undefined) throw new Error('audit row vanished');
      return toAudit(row);
    },
  };
}
