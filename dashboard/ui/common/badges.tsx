/** Coloured pills for run status, rollout mode and policy actions; the text always says it in words. */
import type { ActionName, RolloutMode, RunStatus } from '../../lib/types';

type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'neutral';

const STATUS_TONES: Record<RunStatus, Tone> = {
  running: 'ok',
  restarting: 'warn',
  paused: 'warn',
  exited: 'neutral',
  killed: 'danger',
  failed: 'danger',
  'owner-lost': 'warn',
};

const ACTION_TONES: Record<ActionName, Tone> = {
  continue: 'neutral',
  log_only: 'info',
  alert: 'warn',
  pause: 'warn',
  restart: 'warn',
  kill: 'danger',
};

/** A run's status. */
export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className="badge" data-tone={STATUS_TONES[status]} data-testid="run-status">
      {status}
    </span>
  );
}

/** A run's rollout mode: enforce acts, shadow and canary (outside its sample) only log. */
export function RolloutBadge({ mode, enforced }: { mode: RolloutMode; enforced?: boolean }) {
  const title =
    mode === 'enforce'
      ? 'Policy decisions are carried out'
      : mode === 'shadow'
        ? 'Decisions are logged, never carried out'
        : `Canary: ${enforced === true ? 'this run is in the enforced sample' : 'this run only logs'}`;
  return (
    <span className="badge plain" data-tone={mode === 'enforce' ? 'info' : 'neutral'} title={title}>
      {mode}
      {mode === 'canary' && enforced !== undefined ? (enforced ? ' · enforced' : ' · log only') : ''}
    </span>
  );
}

/** A policy action (intended or taken). */
export function ActionBadge({ action }: { action: ActionName }) {
  return (
    <span className="badge" data-tone={ACTION_TONES[action]}>
      {action === 'log_only' ? 'log only' : action}
    </span>
  );
}
