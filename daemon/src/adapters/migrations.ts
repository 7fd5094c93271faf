/**
 * The store's schema as ordered migration steps. PRAGMA user_version holds how many steps a file
 * has applied; steps run inside one IMMEDIATE transaction so two processes opening a new file at
 * once cannot both apply them.
 */
import type Database from 'better-sqlite3';

/** Migration steps; append only, never edit a released step. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    command_json TEXT NOT NULL,
    cwd TEXT NOT NULL,
    status TEXT NOT NULL,
    rollout TEXT NOT NULL,
    run_key TEXT NOT NULL,
    enforced INTEGER NOT NULL,
    owner_kind TEXT NOT NULL,
    owner_pid INTEGER NOT NULL,
    owner_id TEXT,
    child_pid INTEGER,
    started_at_ms INTEGER NOT NULL,
    ended_at_ms INTEGER,
    exit_code INTEGER,
    signal TEXT,
    termination_reason TEXT,
    restarts INTEGER NOT NULL DEFAULT 0,
    cpu_peak_percent REAL,
    memory_peak_bytes INTEGER,
    cpu_percent REAL,
    rss_bytes INTEGER,
    tokens_total INTEGER NOT NULL DEFAULT 0,
    cost_usd_total REAL NOT NULL DEFAULT 0,
    outputs_json TEXT NOT NULL DEFAULT '{}',
    limits_json TEXT NOT NULL
  );
  CREATE INDEX runs_started ON runs (started_at_ms);
  CREATE INDEX runs_status ON runs (status);
  CREATE INDEX runs_owner ON runs (owner_id, status);

  CREATE TABLE samples (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    at_ms INTEGER NOT NULL,
    cpu_percent REAL,
    rss_bytes INTEGER,
    process_count INTEGER,
    zombie_count INTEGER
  );
  CREATE INDEX samples_run_at ON samples (run_id, at_ms);

  CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    opened_at_ms INTEGER NOT NULL,
    closed_at_ms INTEGER,
    status TEXT NOT NULL,
    action TEXT NOT NULL,
    taken TEXT NOT NULL,
    detectors_json TEXT NOT NULL,
    summary TEXT NOT NULL
  );
  CREATE INDEX incidents_run_status ON incidents (run_id, status);
  CREATE INDEX incidents_opened ON incidents (opened_at_ms);
  CREATE INDEX incidents_action ON incidents (action, id);

  CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    incident_id INTEGER REFERENCES incidents (id),
    at_ms INTEGER NOT NULL,
    intended TEXT NOT NULL,
    taken TEXT NOT NULL,
    rollout TEXT NOT NULL,
    enforced INTEGER NOT NULL,
    level INTEGER NOT NULL,
    reason TEXT NOT NULL,
    detectors_json TEXT NOT NULL,
    evidence_json TEXT NOT NULL,
    progress_json TEXT NOT NULL
  );
  CREATE INDEX decisions_run ON decisions (run_id, id);
  CREATE INDEX decisions_incident ON decisions (incident_id);

  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL,
    type TEXT NOT NULL,
    run_id TEXT,
    incident_id INTEGER,
    data_json TEXT NOT NULL
  );
  CREATE INDEX events_run ON events (run_id, id);
  CREATE INDEX events_type ON events (type, id);
  CREATE INDEX events_incident ON events (incident_id, id);
  CREATE INDEX events_at ON events (at_ms);

  CREATE TABLE output_tail (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    at_ms INTEGER NOT NULL,
    stream TEXT NOT NULL,
    text TEXT NOT NULL
  );
  CREATE INDEX output_tail_run ON output_tail (run_id, id);

  CREATE TABLE commands (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    request_id TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    state TEXT NOT NULL,
    acked_at_ms INTEGER,
    result TEXT
  );
  CREATE INDEX commands_pending ON commands (state, run_id, id);

  CREATE TABLE owners (
    id TEXT PRIMARY KEY,
    pid INTEGER NOT NULL,
    kind TEXT NOT NULL,
    hostname TEXT NOT NULL,
    registered_at_ms INTEGER NOT NULL,
    heartbeat_at_ms INTEGER NOT NULL,
    gone_at_ms INTEGER
  );
  CREATE INDEX owners_pid ON owners (pid, kind, registered_at_ms);

  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    run_id TEXT,
    request_id TEXT,
    detail_json TEXT NOT NULL
  );
  CREATE INDEX audit_run ON audit (run_id, id);
  `,
];

/** Applies the steps a file lacks; throws when the file is newer than this code. */
export function applyMigrations(db: Database.Database, steps: readonly string[] = MIGRATIONS): number {
  const migrate = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > steps.length) {
      throw new Error(
        `database schema version ${current} is newer than this FlowForge (${steps.length}); upgrade FlowForge`,
      );
    }
    for (let version = current; version < steps.length; version += 1) {
      db.exec(steps[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    }
    return steps.length;
  });
  return migrate.immediate();
}
