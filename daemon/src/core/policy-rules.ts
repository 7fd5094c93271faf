/** The default rules that turn findings into an intended action (docs/policy.md lists them). */
import type { BreachAction, DetectorName, Finding, ProgressState } from './types.js';

/** The intended action before rollout and cooldown, with the findings that caused it. */
export interface Intent {
  action: 'alert' | BreachAction;
  findings: Finding[];
  /** The breach action the progress guard downgraded to an alert, if any. */
  vetoedAction: BreachAction | null;
}

function pick(
  findings: readonly Finding[],
  detector: DetectorName,
  severity: Finding['severity'] = 'breach',
): Finding[] {
  return findings.filter((f) => f.detector === detector && f.severity === severity);
}

/** Output-based breaches the progress guard may veto: CPU + loop, flood + loop, a fast loop that looks like one. */
function softBreaches(findings: readonly Finding[]): Finding[] {
  const cpu = pick(findings, 'cpu');
  const repetition = pick(findings, 'repetition');
  const lowDiversity = pick(findings, 'low-diversity');
  const flood = pick(findings, 'flood');
  const loop = [...repetition, ...lowDiversity];
  // Fast repetition alone is a kill only when it looks like a loop (the same line, a cycle, failures):
  // one line template told apart by ids (`processed job id=<uuid>`) is a worker's items, an alert at most.
  const fast = repetition.filter((f) => f.detail.fast === true && f.detail.loopLike !== false);
  const causes = new Set<Finding>();
  if (cpu.length > 0 && loop.length > 0) [...cpu, ...loop].forEach((f) => causes.add(f));
  if (flood.length > 0 && repetition.length > 0) [...flood, ...repetition].forEach((f) => causes.add(f));
  fast.forEach((f) => causes.add(f));
  return findings.filter((f) => causes.has(f));
}

const ALWAYS_KILL: readonly DetectorName[] = ['timeout', 'token-budget', 'cost-budget'];
const HARD_BREACH: readonly DetectorName[] = ['memory', 'stall', 'heartbeat'];
const EXPLAINED_BY_PROGRESS: readonly DetectorName[] = ['cpu', 'repetition', 'low-diversity'];

/** Applies the default rules; null means nothing worth recording. */
export function computeIntent(
  findings: readonly Finding[],
  progress: ProgressState,
  onBreach: BreachAction,
): Intent | null {
  const kills = findings.filter((f) => f.severity === 'breach' && ALWAYS_KILL.includes(f.detector));
  if (kills.length > 0) return { action: 'kill', findings: kills, vetoedAction: null };
  const hard = findings.filter((f) => f.severity === 'breach' && HARD_BREACH.includes(f.detector));
  if (hard.length > 0) return { action: onBreach, findings: hard, vetoedAction: null };
  const soft = softBreaches(findings);
  if (soft.length > 0 && !progress.progressing) return { action: onBreach, findings: soft, vetoedAction: null };
  // A job showing progress explains its busy CPU and its look-alike lines (`batch 7/500 loss=…`).
  // Bare counters alone do not explain a repetition that looks like a loop (an agent's `[step N]`):
  // the kill is vetoed, the alert stays.
  const explained = (f: Finding): boolean =>
    EXPLAINED_BY_PROGRESS.includes(f.detector) &&
    !(progress.onlyBareCounters === true && f.detector === 'repetition' && f.detail.loopLike === true);
  const remaining = progress.progressing ? findings.filter((f) => !explained(f)) : findings;
  if (remaining.length === 0) return null;
  return { action: 'alert', findings: [...remaining], vetoedAction: soft.length > 0 ? onBreach : null };
}
