/** Fixed vocabularies the UI offers as filters and the command people copy from empty states. */

/** The command shown wherever there is nothing to show yet. */
export const RUN_HINT = 'flowforge run --name my-job -- python3 train.py';

/** Detectors a decision can name (the daemon's DetectorName union). */
export const DETECTORS = [
  'cpu',
  'memory',
  'memory-growth',
  'repetition',
  'low-diversity',
  'flood',
  'stall',
  'heartbeat',
  'timeout',
  'zombies',
  'token-budget',
  'cost-budget',
] as const;

/** Actions an incident can carry, strongest last. */
export const INCIDENT_ACTIONS = ['alert', 'pause', 'restart', 'kill'] as const;

/** Statuses of a run that still has a live process. */
export const ACTIVE_STATUSES: readonly string[] = ['running', 'restarting', 'paused'];
