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
