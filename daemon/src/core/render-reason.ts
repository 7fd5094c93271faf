/** Renders the prose reason of a decision from its findings (data first, prose second). */
import type { Decision, Finding } from './types.js';

function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 6_000) / 10} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

const roundTenth = (n: number): number => Math.round(n * 10) / 10;

/**
 * Bytes in decimal units (1 MB = 10^6 bytes), the units of the limits people set (`--max-memory-mb`,
 * `memory.growth_mb_per_min`, "16MB"), so a reason never reads as if it fired under its limit.
 */
function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(roundTenth(value)) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${roundTenth(value)} ${units[unit] ?? 'B'}`;
}

function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function repetitionPhrase(f: Finding): string {
  const length = Number(f.detail.cycleLength);
  const lines = `window ${String(f.detail.windowLines)} lines, ${String(f.detail.linesPerSecond)} lines/s`;
  const what = length === 1 ? 'the same line' : `a ${length}-line cycle`;
  return `${what} repeated ${f.observed} times (${lines})`;
}

function budgetPhrase(f: Finding, name: string, format: (n: number) => string): string {
  const share = `${Math.round((f.observed / f.threshold) * 100)}%`;
  return f.severity === 'breach'
    ? `${name} ${format(f.observed)} ≥ budget ${format(f.threshold)}`
    : `${name} ${format(f.observed)} at ${share} of budget ${format(f.threshold)}`;
}

const usd = (n: number): string => `$${n.toFixed(2)}`;

/** One phrase per finding, e.g. "CPU 98% ≥ 90% for 10 s". */
export function renderFinding(f: Finding): string {
  switch (f.detector) {
    case 'cpu':
      return `CPU ${f.observed}% ≥ ${f.threshold}% for ${formatDuration(f.windowMs)}`;
    case 'memory':
      return `memory ${formatBytes(f.observed)} over the limit ${formatBytes(f.threshold)}`;
    case 'memory-growth':
      // Per minute, as memory.growth_mb_per_min is set (the evidence stays in bytes per second).
      return `memory growing ${formatBytes(f.observed * 60)}/min > ${formatBytes(f.threshold * 60)}/min over ${formatDuration(f.windowMs)}`;
    case 'repetition':
      return repetitionPhrase(f);
    case 'low-diversity':
      return `only ${Math.round(f.observed * 1000) / 10}% unique lines (< ${Math.round(f.threshold * 1000) / 10}%, window ${String(f.detail.windowLines)} lines)`;
    case 'flood':
      return f.unit === 'lines-per-second'
        ? `output flood ${formatCount(f.observed)} lines/s > ${formatCount(f.threshold)} lines/s for ${formatDuration(f.windowMs)}`
        : `output flood ${formatBytes(f.observed)}/s > ${formatBytes(f.threshold)}/s for ${formatDuration(f.windowMs)}`;
    case 'stall':
      return `no output, protocol signal or CPU above ${String(f.detail.idleCpuPercent)}% for ${formatDuration(f.observed)} (limit ${formatDuration(f.threshold)})`;
    case 'heartbeat':
      return `no heartbeat for ${formatDuration(f.observed)} (limit ${formatDuration(f.threshold)})`;
    case 'timeout':
      return `running for ${formatDuration(f.observed)} ≥ timeout ${formatDuration(f.threshold)}`;
    case 'zombies':
      return `${f.observed} zombie processes > ${f.threshold}`;
    case 'token-budget':
      return budgetPhrase(f, 'tokens', formatCount);
    case 'cost-budget':
      return budgetPhrase(f, 'cost', usd);
  }
}

function joinPhrases(phrases: readonly string[]): string {
  if (phrases.length <= 1) return phrases[0] ?? 'no finding';
  const [first, ...rest] = phrases;
  const last = rest.pop();
  return rest.length === 0
    ? `${first ?? ''} with ${last ?? ''}`
    : `${first ?? ''} with ${rest.join(', ')} and ${last ?? ''}`;
}

/** The decision's reason, e.g. "CPU 98% ≥ 90% for 10 s with a 2-line cycle repeated 40 times (window 200 lines, …)". */
export function renderReason(
  decision: Pick<Decision, 'findings' | 'progress' | 'intended' | 'taken' | 'rollout' | 'vetoedAction'>,
): string {
  let reason = joinPhrases(decision.findings.map(renderFinding));
  if (decision.vetoedAction !== undefined) {
    const why = decision.progress.reasons.join(', ');
    reason += `; ${decision.vetoedAction} vetoed by the progress guard (${why})`;
  }
  if (decision.taken === 'log_only') reason += `; would ${decision.intended} (${decision.rollout} mode, not enforced)`;
  return reason;
}
