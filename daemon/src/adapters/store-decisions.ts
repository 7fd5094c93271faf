/**
 * Recording a policy decision: the decision row, the run's incident (opened on the first
 * non-continue decision, then updated; the strongest action wins) and the events that announce
 * them, all in one IMMEDIATE transaction.
 */
import type { Action, Decision, TakenAction } from '../core/types.js';
import type { DecisionRecord, EventType } from '../contract/records.js';
import type { StoreContext } from './store-context.js';
import { toDecision, toIncident, type DecisionRow, type IncidentRow } from './row-mappers.js';

/** Strength of an action; an incident keeps the strongest one seen. */
const STRENGTH: Record<TakenAction, number> = { continue: 0, log_only: 1, alert: 2, pause: 3, restart: 4, kill: 5 };

const ACTION_EVENT: Record<TakenAction, EventType | null> = {
  continue: null,
  log_only: 'action.log_only',
  alert: 'action.alerted',
  pause: 'action.paused',
  restart: 'action.restarted',
  kill: 'action.killed',
};

function stronger<A extends TakenAction>(a: A, b: A): A {
  return STRENGTH[b] > STRENGTH[a] ? b : a;
}

/** Creates addDecision for the store. */
export function createDecisionWriter(ctx: StoreContext): (runId: string, decision: Decision) => DecisionRecord {
  const { db, stmt, appendEvent } = ctx;

  /** Opens or updates the run's incident for a non-continue decision; returns its id. */
  function touchIncident(runId: string, d: Decision, detectors: string[]): number {
    const open = stmt<IncidentRow>(
      "SELECT * FROM incidents WHERE run_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1",
    ).get(runId);
    if (open === undefined) {
      const info = stmt(
        `INSERT INTO incidents (run_id, opened_at_ms, status, action, taken, detectors_json, summary)
         VALUES (?, ?, 'open', ?, ?, ?, ?)`,
      ).run(runId, d.atMs, d.intended, d.taken, JSON.stringify(detectors), d.reason);
      const id = Number(info.lastInsertRowid);
      appendEvent({
        atMs: d.atMs,
        type: 'incident.opened',
        runId,
        incidentId: id,
        data: { action: d.intended, taken: d.taken, detectors },
      });
      return id;
    }
    const incident = toIncident(open);
    const action: Action = stronger(incident.action, d.intended);
    const taken: TakenAction = stronger(incident.taken, d.taken);
    const merged = [...new Set([...incident.detectors, ...detectors])];
    const upgraded = action !== incident.action;
    if (upgraded || taken !== incident.taken || merged.length !== incident.detectors.length) {
      stmt('UPDATE incidents SET action = ?, taken = ?, detectors_json = ?, summary = ? WHERE id = ?').run(
        action,
        taken,
        JSON.stringify(merged),
        upgraded ? d.reason : incident.summary,
        incident.id,
      );
      appendEvent({
        atMs: d.atMs,
        type: 'incident.updated',
        runId,
        incidentId: incident.id,
        data: { action, taken, detectors: merged },
      });
    }
    return incident.id;
  }

  const record = db.transaction((runId: string, d: Decision): DecisionRecord => {
    const detectors = [...new Set(d.findings.map((f) => f.detector))];
    let incidentId: number | null;
    if (d.intended === 'continue') {
      incidentId =
        stmt<{ id: number }>(
          "SELECT id FROM incidents WHERE run_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1",
        ).get(runId)?.id ?? null;
    } else {
      incidentId = touchIncident(runId, d, detectors);
    }
    const info = stmt(
      `INSERT INTO decisions (run_id, incident_id, at_ms, intended, taken, rollout, enforced, level, reason,
         detectors_json, evidence_json, progress_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      runId,
      incidentId,
      d.atMs,
      d.intended,
      d.taken,
      d.rollout,
      d.enforced ? 1 : 0,
      d.level,
      d.reason,
      JSON.stringify(detectors),
      JSON.stringify(d.findings),
      JSON.stringify(d.progress),
    );
    const id = Number(info.lastInsertRowid);
    const summary = {
      decisionId: id,
      intended: d.intended,
      taken: d.taken,
      rollout: d.rollout,
      enforced: d.enforced,
      level: d.level,
      detectors,
      reason: d.reason,
      ...(d.detectionLatencyMs === undefined ? {} : { detectionLatencyMs: d.detectionLatencyMs }),
    };
    appendEvent({
      atMs: d.atMs,
      type: 'policy.decided',
      runId,
      incidentId,
      data: { ...summary, findings: d.findings },
    });
    const actionEvent = ACTION_EVENT[d.taken];
    if (actionEvent !== null) appendEvent({ atMs: d.atMs, type: actionEvent, runId, incidentId, data: summary });
    const row = stmt<DecisionRow>('SELECT * FROM decisions WHERE id = ?').get(id);
    if (row === undefined) throw new Error(`decision ${id} vanished inside its own transaction`);
    return toDecision(row);
  });

  return (runId, decision) => record.immediate(runId, decision);
}
