/** Renders a replay next to what was recorded: a time-ordered table, a verdict diff, and JSON. */
import type { RecordedDecision, Recording } from './recording.js';
import { computeVerdict, type ReplayResult, type Verdict } from './replay-recording.js';

/** The JSON shape of `flowforge replay --json` (docs/replay.md). */
export interface ReplayReport {
  source: Recording['source'];
  policy: string;
  recorded: { verdict: Verdict; decisions: RecordedDecision[]; ending: string | null } | null;
  replay: { verdict: Verdict; decisions: ReplayResult['decisions']; stoppedEarly: boolean };
  /** True when the replay's verdict differs from the recorded one (action or time). */
  changed: boolean;
  verdictLine: string;
  warnings: string[];
}

const seconds = (atMs: number, startMs: number): string => `${((atMs - startMs) / 1000).toFixed(1)} s`;

function describeVerdict(verdict: Verdict, startMs: number): string {
  if (verdict.atMs === null) return 'continue (no decision)';
  const action = verdict.taken === 'log_only' ? `log only (would ${verdict.intended})` : verdict.taken;
  return `${action} at ${seconds(verdict.atMs, startMs)}`;
}

/** Builds the report of a replay; `policyLabel` names what was replayed, e.g. "profile strict". */
export function buildReplayReport(recording: Recording, result: ReplayResult, policyLabel: string): ReplayReport {
  const replayVerdict = computeVerdict(result.decisions);
  const start = recording.startedAtMs;
  const isRun = recording.source.kind === 'run';
  // The replay stops at its first kill, restart or pause (docs/replay.md): what was recorded after that
  // point is compared with nothing. A restarted run whose budget ran out later is the same, not changed.
  const cutAtMs = result.stoppedEarly ? replayVerdict.atMs : null;
  const comparable = cutAtMs === null ? recording.decisions : recording.decisions.filter((d) => d.atMs <= cutAtMs);
  const recordedVerdict = isRun ? computeVerdict(comparable) : null;
  const replayText = `replay (${policyLabel}): ${describeVerdict(replayVerdict, start)}`;
  const verdictLine =
    recordedVerdict === null ? replayText : `recorded: ${describeVerdict(recordedVerdict, start)}; ${replayText}`;
  const changed =
    recordedVerdict !== null &&
    (recordedVerdict.taken !== replayVerdict.taken ||
      recordedVerdict.intended !== replayVerdict.intended ||
      recordedVerdict.atMs !== replayVerdict.atMs);
  return {
    source: recording.source,
    policy: policyLabel,
    recorded: isRun
      ? { verdict: recordedVerdict ?? replayVerdict, decisions: recording.decisions, ending: recording.ending }
      : null,
    replay: { verdict: replayVerdict, decisions: result.decisions, stoppedEarly: result.stoppedEarly },
    changed,
    verdictLine,
    warnings: recording.warnings,
  };
}

function row(atMs: number, startMs: number, who: string, d: RecordedDecision): string {
  const action = d.taken === 'log_only' ? `log only (would ${d.intended})` : d.taken;
  return `${seconds(atMs, startMs).padStart(9)}  ${who.padEnd(8)}  ${action} [${d.detectors.join(', ')}]: ${d.reason}`;
}

/** Renders the report as text lines for the terminal. */
export function renderReplayReport(report: ReplayReport, startedAtMs: number): string[] {
  const source =
    report.source.kind === 'run'
      ? `run ${report.source.runId} (${report.source.name})`
      : `log ${report.source.path} at ${report.source.linesPerSecond} lines/s`;
  const lines = [`Replaying ${source} with ${report.policy}`];
  for (const warning of report.warnings) lines.push(`note: ${warning}`);
  const rows = [
    ...(report.recorded?.decisions ?? []).map((d) => ({
      atMs: d.atMs,
      order: 0,
      text: row(d.atMs, startedAtMs, 'recorded', d),
    })),
    ...report.replay.decisions.map((d) => ({ atMs: d.atMs, order: 1, text: row(d.atMs, startedAtMs, 'replay', d) })),
  ].sort((a, b) => a.atMs - b.atMs || a.order - b.order);
  lines.push(rows.length === 0 ? '  (no decisions either way)' : '     time  who       decision');
  lines.push(...rows.map((r) => r.text));
  if (report.recorded?.ending !== undefined && report.recorded.ending !== null)
    lines.push(`recorded run ended: ${report.recorded.ending}`);
  if (report.replay.stoppedEarly)
    lines.push('replay stopped at its first kill/restart/pause: what followed would have differed');
  lines.push(
    `verdict: ${report.verdictLine}${report.changed ? ' (changed)' : report.recorded === null ? '' : ' (same)'}`,
  );
  return lines;
}
