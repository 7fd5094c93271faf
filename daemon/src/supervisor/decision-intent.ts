/** What a destructive decision means for the child: why it is stopped and what comes after. */
import type { Decision } from '../core/types.js';
import type { StopIntent } from './stop-controller.js';

/** The stop a kill or restart decision asks for; null for any other action. */
export function stopIntentFor(decision: Decision): StopIntent | null {
  if (decision.taken !== 'kill' && decision.taken !== 'restart') return null;
  const detectors = new Set(decision.findings.map((f) => f.detector));
  const reason = detectors.has('timeout')
    ? 'timeout'
    : detectors.has('token-budget') || detectors.has('cost-budget')
      ? 'budget'
      : decision.taken === 'restart'
        ? 'policy-restart'
        : 'policy-kill';
  // A timeout or a spent budget ends the run even when breaches restart it.
  const then = decision.taken === 'restart' && reason === 'policy-restart' ? 'restart' : 'end';
  return { reason, then, message: decision.reason };
}

/**
 * A restart decision the restart budget no longer allows: the child is stopped for good, so the
 * decision is recorded as the kill it is (intended stays `restart`), and the run ends as a spent budget.
 */
export function stopWhenBudgetSpent(decision: Decision, exhausted: string): { decision: Decision; intent: StopIntent } {
  return {
    decision: { ...decision, taken: 'kill', reason: `${decision.reason}; ${exhausted}: stopped, not restarted` },
    intent: { reason: 'policy-restart', then: 'end', message: exhausted, budgetExhausted: true },
  };
}
