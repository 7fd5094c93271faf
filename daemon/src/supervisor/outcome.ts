/** The one shape of every run's ending, the summary-JSON contract, and FlowForge's own exit codes. */
import type { Decision, TakenAction } from '../core/types.js';
import type { TerminationReason } from '../contract/records.js';

/** Exit codes FlowForge uses when it ends the job itself (documented in docs/cli.md). */
export const EXIT_CODES = {
  notExecutable: 126,
  notFound: 127,
  timeout: 124,
  policyKill: 125,
  restartBudgetExhausted: 123,
  userStop: 122,
  ownerLost: 121,
  usage: 2,
} as const;

/** One intervention as listed in the summary JSON. */
export interface SummaryAction {
  action: TakenAction;
  intended: TakenAction;
  at_ms: number;
  reason: string;
  detectors: string[];
  evidence: Decision['findings'];
}

/** The result of a supervised run, whatever ended it. */
export interface RunOutcome {
  runId: string;
  command: string[];
  /** The code flowforge itself exits with. */
  exitCode: number;
  childExitCode: number | null;
  signal: string | null;
  terminationReason: TerminationReason;
  durationMs: number;
  restarts: number;
  actions: SummaryAction[];
  cpuPeakPercent: number | null;
  memoryPeakBytes: number | null;
  tokensTotal: number;
  costUsdTotal: number;
  outputs: Record<string, string>;
  /** True when a restart brought the job back to a clean exit or a stable run. */
  recovered: boolean;
  message: string | null;
}

/** Bytes per MB: memory is shown in MB = 10^6 bytes, the unit of `--max-memory-mb` (docs/config.md). */
const BYTES_PER_MB = 1e6;

/** Bytes as MB with one decimal, e.g. 307_560_448 → 307.6. */
function toMb(bytes: number): number {
  return Math.round((bytes / BYTES_PER_MB) * 10) / 10;
}

/** The `--summary-json` document (snake_case, stable contract: docs/summary-json.md). */
export function toSummaryJson(outcome: RunOutcome): Record<string, unknown> {
  return {
    run_id: outcome.runId,
    command: outcome.command,
    exit_code: outcome.exitCode,
    child_exit_code: outcome.childExitCode,
    signal: outcome.signal,
    termination_reason: outcome.terminationReason,
    actions: outcome.actions,
    cpu_peak_percent: outcome.cpuPeakPercent === null ? null : Math.round(outcome.cpuPeakPercent * 10) / 10,
    memory_peak_mb: outcome.memoryPeakBytes === null ? null : toMb(outcome.memoryPeakBytes),
    restarts: outcome.restarts,
    recovered: outcome.recovered,
    tokens_total: outcome.tokensTotal,
    cost_usd_total: outcome.costUsdTotal,
    outputs: outcome.outputs,
    duration_ms: outcome.durationMs,
  };
}

/** The short stderr summary printed at exit; empty when FlowForge did not intervene. */
export function renderExitSummary(outcome: RunOutcome): string[] {
  const interventions = outcome.actions.filter((a) => a.action !== 'alert');
  const alerts = outcome.actions.filter((a) => a.action === 'alert');
  const lines: string[] = [];
  const first = interventions[0] ?? alerts[0];
  if (first === undefined) {
    // Stopped by FlowForge without a policy action (a person via the API or dashboard, a repeated
    // signal, a lost owner): say so, as a policy stop would; a job that ended by itself gets nothing.
    if (outcome.terminationReason === 'exited' || outcome.terminationReason === 'spawn-failed') return lines;
    if (outcome.message !== null) lines.push(outcome.message);
    lines.push(`Run ${outcome.runId}: ended as ${outcome.terminationReason}, exit code ${outcome.exitCode}`);
    return lines;
  }
  const seconds = (first.at_ms / 1000).toFixed(1);
  const what = interventions.length > 0 ? 'Runaway detected' : 'Alert raised';
  lines.push(`${what} in ${seconds} seconds: ${first.reason}`);
  if (outcome.cpuPeakPercent !== null) lines.push(`CPU peaked at ${Math.round(outcome.cpuPeakPercent)}%`);
  if (outcome.memoryPeakBytes !== null) lines.push(`Memory peaked at ${toMb(outcome.memoryPeakBytes)} MB`);
  for (const action of interventions) {
    const verb =
      action.action === 'log_only'
        ? `would have ${action.intended === 'kill' ? 'killed' : action.intended}`
        : action.action;
    lines.push(`  at ${(action.at_ms / 1000).toFixed(1)} s: ${verb} (${action.detectors.join(', ')})`);
  }
  if (outcome.restarts > 0) lines.push(`Restarted ${outcome.restarts} time${outcome.restarts === 1 ? '' : 's'}`);
  if (outcome.recovered) lines.push('Process recovered');
  if (outcome.message !== null) lines.push(outcome.message);
  lines.push(`Run ${outcome.runId}: ended as ${outcome.terminationReason}, exit code ${outcome.exitCode}`);
  return lines;
}
