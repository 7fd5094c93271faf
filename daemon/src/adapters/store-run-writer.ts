/**
 * The run owner's writes: runs, samples, the bounded output tail, incident closing and plain events.
 * Every multi-statement write is one IMMEDIATE transaction, so concurrent writers queue on the
 * busy timeout instead of failing with SQLITE_BUSY on a lock upgrade. The lines that run.output and
 * run.volume events carry are kept within a budget per run (line-retention.ts): past it, the oldest
 * live-tail events are deleted and the oldest replay ticks keep their counts but lose their lines.
 */
import type { RunWriter } from './store.js';
import type { RunUpdate } from '../contract/records.js';
import { truncateUtf8, type StoreContext } from './store-context.js';
import { createDecisionWriter } from './store-decisions.js';
import { createLineRetention, linesBytes } from './line-retention.js';

const UPDATE_COLUMNS: Record<keyof RunUpdate, string> = {
  status: 'status',
  childPid: 'child_pid',
  endedAtMs: 'ended_at_ms',
  exitCode: 'exit_code',
  signal: 'signal',
  terminationReason: 'termination_reason',
  restarts: 'restarts',
  cpuPeakPercent: 'cpu_peak_percent',
  memoryPeakBytes: 'memory_peak_bytes',
  cpuPercent: 'cpu_percent',
  rssBytes: 'rss_bytes',
  tokensTotal: 'tokens_total',
  costUsdTotal: 'cost_usd_total',
  outputs: 'outputs_json',
};

/** Creates the RunWriter half of the store. */
export function createRunWriter(ctx: StoreContext): RunWriter {
  const { db, stmt, appendEvent } = ctx;
  const liveLines = createLineRetention(ctx.liveOutputBytesPerRun);
  const volumeLines = createLineRetention(ctx.volumeLineBytesPerRun);

  const createRun = db.transaction((run: Parameters<RunWriter['createRun']>[0], atMs: number) => {
    // Link the run to the newest registered owner with its pid and kind (see runsOfOwner).
    const owner = stmt<{ id: string }>(
      `SELECT id FROM owners WHERE pid = ? AND kind = ? AND gone_at_ms IS NULL AND registered_at_ms <= ?
       ORDER BY registered_at_ms DESC LIMIT 1`,
    ).get(run.ownerPid, run.ownerKind, run.startedAtMs);
    stmt(
      `INSERT INTO runs (id, name, command_json, cwd, status, rollout, run_key, enforced, owner_kind, owner_pid,
         owner_id, started_at_ms, limits_json)
       VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      run.id,
      run.name,
      JSON.stringify(run.command),
      run.cwd,
      run.rollout,
      run.runKey,
      run.enforced ? 1 : 0,
      run.ownerKind,
      run.ownerPid,
      owner?.id ?? null,
      run.startedAtMs,
      JSON.stringify(run.limits),
    );
    appendEvent({
      atMs,
      type: 'run.started',
      runId: run.id,
      incidentId: null,
      data: { name: run.name, command: run.command, cwd: run.cwd, rollout: run.rollout, enforced: run.enforced },
    });
  });

  const addSample = db.transaction((s: Parameters<RunWriter['addSample']>[0]) => {
    stmt(
      `INSERT INTO samples (run_id, at_ms, cpu_percent, rss_bytes, process_count, zombie_count)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(s.runId, s.atMs, s.cpuPercent, s.rssBytes, s.processCount, s.zombieCount);
    // Keep the run's latest reading and peaks current for overviews (max() ignores NULLs).
    stmt(
      `UPDATE runs SET cpu_percent = @cpu, rss_bytes = @rss,
         cpu_peak_percent = CASE WHEN @cpu IS NULL THEN cpu_peak_percent ELSE max(coalesce(cpu_peak_percent, @cpu), @cpu) END,
         memory_peak_bytes = CASE WHEN @rss IS NULL THEN memory_peak_bytes ELSE max(coalesce(memory_peak_bytes, @rss), @rss) END
       WHERE id = @runId`,
    ).run({ cpu: s.cpuPercent, rss: s.rssBytes, runId: s.runId });
    appendEvent({
      atMs: s.atMs,
      type: 'run.sample',
      runId: s.runId,
      incidentId: null,
      data: {
        cpuPercent: s.cpuPercent,
        rssBytes: s.rssBytes,
        processCount: s.processCount,
        zombieCount: s.zombieCount,
      },
    });
  });

  const addOutput = db.transaction((runId: string, lines: Parameters<RunWriter['addOutput']>[1]) => {
    const insert = stmt('INSERT INTO output_tail (run_id, at_ms, stream, text) VALUES (?, ?, ?, ?)');
    const kept = lines
      .slice(-ctx.outputTailLines)
      .map((l) => ({ ...l, text: truncateUtf8(l.text, ctx.outputLineBytes) }));
    for (const line of kept) insert.run(runId, line.atMs, line.stream, line.text);
    stmt(
      `DELETE FROM output_tail WHERE run_id = @runId AND id <= (
         SELECT id FROM output_tail WHERE run_id = @runId ORDER BY id DESC LIMIT 1 OFFSET @keep)`,
    ).run({ runId, keep: ctx.outputTailLines });
    const id = appendEvent({
      atMs: kept.at(-1)?.atMs ?? 0,
      type: 'run.output',
      runId,
      incidentId: null,
      data: { lines: kept, dropped: lines.length - kept.length },
    });
    for (const old of liveLines.add(runId, id, linesBytes(kept))) stmt('DELETE FROM events WHERE id = ?').run(old);
  });

  /** A replay tick: past the run's budget, the oldest ticks keep their counts and lose their lines. */
  const appendVolume = db.transaction((event: Parameters<RunWriter['appendEvent']>[0]) => {
    const id = appendEvent(event);
    const analysed = event.data['analysed'];
    if (event.runId === null || !Array.isArray(analysed) || analysed.length === 0) return id;
    for (const old of volumeLines.add(event.runId, id, linesBytes(analysed.filter(isLine)))) {
      stmt(
        `UPDATE events SET data_json = json_set(data_json,
           '$.analysedTrimmed', json_array_length(data_json, '$.analysed'), '$.analysed', json('[]'))
         WHERE id = ?`,
      ).run(old);
    }
    return id;
  });

  const closeIncident = db.transaction((runId: string, atMs: number, summary: string) => {
    const open = stmt<{ id: number }>("SELECT id FROM incidents WHERE run_id = ? AND status = 'open'").all(runId);
    for (const { id } of open) {
      stmt("UPDATE incidents SET status = 'resolved', closed_at_ms = ?, summary = ? WHERE id = ?").run(
        atMs,
        summary,
        id,
      );
      appendEvent({ atMs, type: 'incident.closed', runId, incidentId: id, data: { summary } });
    }
  });

  return {
    createRun: (run, atMs) => {
      createRun.immediate(run, atMs);
    },
    updateRun(runId, update) {
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const [key, column] of Object.entries(UPDATE_COLUMNS) as [keyof RunUpdate, string][]) {
        const value = update[key];
        if (value === undefined) continue;
        sets.push(`${column} = ?`);
        values.push(typeof value === 'object' && value !== null ? JSON.stringify(value) : value);
      }
      if (update.endedAtMs !== undefined) {
        liveLines.forget(runId);
        volumeLines.forget(runId);
      }
      if (sets.length === 0) return;
      stmt(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...values, runId);
    },
    addSample: (sample) => {
      addSample.immediate(sample);
    },
    addOutput: (runId, lines) => {
      if (lines.length > 0) addOutput.immediate(runId, lines);
    },
    addDecision: createDecisionWriter(ctx),
    closeIncident: (runId, atMs, summary) => {
      closeIncident.immediate(runId, atMs, summary);
    },
    appendEvent: (event) => (event.type === 'run.volume' ? appendVolume.immediate(event) : appendEvent(event)),
  };
}

function isLine(value: unknown): value is { text: string } {
  return typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string';
}
