/**
 * What the store's parts share: the connection, a cache of prepared statements, the event append
 * and the caps on stored output.
 */
import type Database from 'better-sqlite3';
import type { EventRecord } from '../contract/records.js';

/** The connection and helpers the store modules are built on. */
export interface StoreContext {
  db: Database.Database;
  /** A prepared statement for sql, prepared once per connection. */
  stmt: <R = unknown>(sql: string) => Database.Statement<unknown[], R>;
  /** Inserts an event and returns its id (the SSE id). */
  appendEvent: (event: Omit<EventRecord, 'id'>) => number;
  outputTailLines: number;
  outputLineBytes: number;
  /** Bytes of analysed lines kept in a run's run.volume events (the newest ticks keep theirs). */
  volumeLineBytesPerRun: number;
  /** Bytes of lines kept in a run's run.output events (the live tail; older events are deleted). */
  liveOutputBytesPerRun: number;
}

/** The caps a context carries. */
export type StoreCaps = Pick<
  StoreContext,
  'outputTailLines' | 'outputLineBytes' | 'volumeLineBytesPerRun' | 'liveOutputBytesPerRun'
>;

/** Builds the context for an open connection. */
export function createStoreContext(db: Database.Database, caps: StoreCaps): StoreContext {
  const cache = new Map<string, Database.Statement>();
  function stmt<R = unknown>(sql: string): Database.Statement<unknown[], R> {
    let prepared = cache.get(sql);
    if (prepared === undefined) {
      prepared = db.prepare(sql);
      cache.set(sql, prepared);
    }
    return prepared as Database.Statement<unknown[], R>;
  }
  return {
    db,
    stmt,
    appendEvent(event) {
      const info = stmt('INSERT INTO events (at_ms, type, run_id, incident_id, data_json) VALUES (?, ?, ?, ?, ?)').run(
        event.atMs,
        event.type,
        event.runId,
        event.incidentId,
        JSON.stringify(event.data),
      );
      return Number(info.lastInsertRowid);
    },
    ...caps,
  };
}

/** Cuts text to at most maxBytes of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (text.length <= maxBytes / 3) return text;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}
