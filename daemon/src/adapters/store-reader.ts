/**
 * Reads for the API, the CLI and replay. Filters build SQL from fixed fragments only (values are
 * always bound), so each filter combination is one cached statement.
 */
import type { StoreReader } from './store.js';
import type { StoreContext } from './store-context.js';
import {
  toAudit,
  toDecision,
  toEvent,
  toIncident,
  toOutputLine,
  toRun,
  toSample,
  type AuditRow,
  type DecisionRow,
  type EventRow,
  type IncidentRow,
  type OutputRow,
  type RunRow,
  type SampleRow,
} from './row-mappers.js';

const MAX_LIMIT = 10_000;

/** Clamps a caller's limit to 1..MAX_LIMIT. */
function clampLimit(limit: number | undefined, fallback: number): number {
  const n = Math.floor(limit ?? fallback);
  return Number.isFinite(n) ? Math.min(Math.max(n, 1), MAX_LIMIT) : fallback;
}

/** Collects WHERE clauses and their bound values. */
function createWhere() {
  const clauses: string[] = [];
  const values: unknown[] = [];
  return {
    raw(clause: string) {
      clauses.push(clause);
    },
    add(clause: string, value: unknown) {
      if (value === undefined) return;
      clauses.push(clause);
      values.push(value);
    },
    sql: () => (clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`),
    values,
  };
}

/** Creates the StoreReader half of the store. */
export function createReader(ctx: StoreContext): StoreReader {
  const { stmt } = ctx;
  return {
    getRun(runId) {
      const row = stmt<RunRow>('SELECT * FROM runs WHERE id = ?').get(runId);
      return row === undefined ? null : toRun(row);
    },
    listRuns(query) {
      const where = createWhere();
      if (query.status === 'active') where.raw("status IN ('running', 'paused', 'restarting')");
      else where.add('status = ?', query.status);
      // Runs have text ids, so their page cursor is the start time: beforeId = startedAtMs of the last row.
      where.add('started_at_ms < ?', query.beforeId);
      return stmt<RunRow>(`SELECT * FROM runs ${where.sql()} ORDER BY started_at_ms DESC LIMIT ?`)
        .all(...where.values, clampLimit(query.limit, 50))
        .map(toRun);
    },
    listSamples(runId, opts = {}) {
      // Newest `limit` samples at or after sinceMs, returned oldest first for charts.
      const rows = stmt<SampleRow>(
        'SELECT * FROM samples WHERE run_id = ? AND at_ms >= ? ORDER BY at_ms DESC, id DESC LIMIT ?',
      ).all(runId, opts.sinceMs ?? 0, clampLimit(opts.limit, 1000));
      return rows.reverse().map(toSample);
    },
    listOutput(runId, opts = {}) {
      const rows = stmt<OutputRow>('SELECT * FROM output_tail WHERE run_id = ? ORDER BY id DESC LIMIT ?').all(
        runId,
        clampLimit(opts.limit, ctx.outputTailLines),
      );
      return rows.reverse().map(toOutputLine);
    },
    listDecisions(runId) {
      return stmt<DecisionRow>('SELECT * FROM decisions WHERE run_id = ? ORDER BY id').all(runId).map(toDecision);
    },
    listIncidents(query) {
      const where = createWhere();
      where.add('run_id = ?', query.runId);
      where.add('action = ?', query.action);
      where.add('EXISTS (SELECT 1 FROM json_each(detectors_json) WHERE value = ?)', query.detector);
      where.add('opened_at_ms >= ?', query.sinceMs);
      where.add('opened_at_ms <= ?', query.untilMs);
      where.add('id < ?', query.beforeId);
      return stmt<IncidentRow>(`SELECT * FROM incidents ${where.sql()} ORDER BY id DESC LIMIT ?`)
        .all(...where.values, clampLimit(query.limit, 50))
        .map(toIncident);
    },
    getIncident(id) {
      const row = stmt<IncidentRow>('SELECT * FROM incidents WHERE id = ?').get(id);
      return row === undefined ? null : toIncident(row);
    },
    eventsAfter(afterId, limit) {
      return stmt<EventRow>('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?')
        .all(afterId, clampLimit(limit, 500))
        .map(toEvent);
    },
    listTimeline(query) {
      const where = createWhere();
      where.add('run_id = ?', query.runId);
      where.add('incident_id = ?', query.incidentId);
      if (query.types !== undefined && query.types.length > 0) {
        where.add('type IN (SELECT value FROM json_each(?))', JSON.stringify(query.types));
      }
      where.add('at_ms >= ?', query.sinceMs);
      where.add('at_ms <= ?', query.untilMs);
      where.add('id < ?', query.beforeId);
      return stmt<EventRow>(`SELECT * FROM events ${where.sql()} ORDER BY id DESC LIMIT ?`)
        .all(...where.values, clampLimit(query.limit, 100))
        .map(toEvent);
    },
    latestEventId() {
      return stmt<{ id: number | null }>('SELECT max(id) AS id FROM events').get()?.id ?? 0;
    },
    listAudit(opts) {
      const where = createWhere();
      where.add('run_id = ?', opts.runId);
      return stmt<AuditRow>(`SELECT * FROM audit ${where.sql()} ORDER BY id DESC LIMIT ?`)
        .all(...where.values, clampLimit(opts.limit, 100))
        .map(toAudit);
    },
    ping() {
      return stmt<{ ok: number }>('SELECT 1 AS ok').get()?.ok === 1;
    },
  };
}
