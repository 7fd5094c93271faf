/** The table of every scalar field of flowforge.yaml, in documentation order (pricing.models is separate). */
import { boolean, date, duration, exitCodes, integer, oneOf, orOff, percent, retryExit, size, text } from './kinds.js';
import { field, type FieldSpec } from './field.js';
import { DETECTION_FIELDS } from './fields-detection.js';

/** Profile names, in documentation order. */
export const PROFILE_NAMES = ['standard', 'strict', 'lenient'] as const;

const RUN_FIELDS: readonly FieldSpec[] = [
  field(
    'profile',
    oneOf(PROFILE_NAMES),
    (c) => c.profile,
    (c, v) => {
      c.profile = v;
    },
    'Base set of thresholds that every other key overrides (see "Profiles").',
  ),
  field(
    'name',
    orOff(text(200), 'auto'),
    (c) => c.name,
    (c, v) => {
      c.name = v;
    },
    'Display name of the run; "auto" (default) derives it from the command.',
  ),
  field(
    'sample_interval',
    duration({ min: 100, max: 60_000 }),
    (c) => c.sampleIntervalMs,
    (c, v) => {
      c.sampleIntervalMs = v;
    },
    'How often the process tree is sampled (CPU, memory, zombies).',
  ),
  field(
    'grace',
    duration({ min: 0, max: 600_000 }),
    (c) => c.graceMs,
    (c, v) => {
      c.graceMs = v;
    },
    'Time between SIGTERM and SIGKILL when FlowForge stops the process group.',
  ),
];

const POLICY_FIELDS: readonly FieldSpec[] = [
  field(
    'policy.on_breach',
    oneOf(['kill', 'restart', 'pause'] as const),
    (c) => c.policy.onBreach,
    (c, v) => {
      c.policy.onBreach = v;
    },
    'What a breach does when enforced: kill the tree, restart the command, or pause it (SIGSTOP) for a person to decide.',
  ),
  field(
    'policy.alert_cooldown',
    duration({ min: 0 }),
    (c) => c.policy.alertCooldownMs,
    (c, v) => {
      c.policy.alertCooldownMs = v;
    },
    'Minimum time between two alerts on the same detectors (repeats escalate the level instead).',
  ),
  field(
    'policy.rollout',
    oneOf(['enforce', 'shadow', 'canary'] as const),
    (c) => c.policy.rollout,
    (c, v) => {
      c.policy.rollout = v;
    },
    'enforce acts on breaches; shadow only logs what it would have done; canary enforces on canary_percent of runs.',
  ),
  field(
    'policy.canary_percent',
    percent({ min: 0, max: 100 }),
    (c) => c.policy.canaryPercent,
    (c, v) => {
      c.policy.canaryPercent = v;
    },
    'Share of runs (by a stable hash of run_key) that enforce when rollout is canary.',
  ),
  field(
    'policy.run_key',
    orOff(text(200), 'auto'),
    (c) => c.policy.runKey,
    (c, v) => {
      c.policy.runKey = v;
    },
    'Stable key of the run for the canary sample; "auto" (default) lets the supervisor derive it from name and command.',
  ),
  field(
    'restart.max_restarts',
    integer({ min: 0, max: 10_000 }),
    (c) => c.restart.maxRestarts,
    (c, v) => {
      c.restart.maxRestarts = v;
    },
    'Restart budget: at most this many restarts within restart.window, then the run is stopped.',
  ),
  field(
    'restart.window',
    duration({ min: 1000 }),
    (c) => c.restart.windowMs,
    (c, v) => {
      c.restart.windowMs = v;
    },
    'Window of the restart budget.',
  ),
  field(
    'restart.backoff_initial',
    duration({ min: 0 }),
    (c) => c.restart.backoffInitialMs,
    (c, v) => {
      c.restart.backoffInitialMs = v;
    },
    'Delay before the first restart; it doubles on each further restart.',
  ),
  field(
    'restart.backoff_max',
    duration({ min: 0 }),
    (c) => c.restart.backoffMaxMs,
    (c, v) => {
      c.restart.backoffMaxMs = v;
    },
    'Cap of the restart delay.',
  ),
  field(
    'restart.stable_after',
    duration({ min: 0 }),
    (c) => c.restart.stableMs,
    (c, v) => {
      c.restart.stableMs = v;
    },
    'A child that runs this long without a breach resets the backoff.',
  ),
  field(
    'restart.retry_on_exit',
    retryExit(),
    (c) => c.restart.retryOnExit,
    (c, v) => {
      c.restart.retryOnExit = v;
    },
    'Exits of the child that are restarted by themselves (without a breach): "none" (default), "any-nonzero" or a list of codes.',
  ),
  field(
    'restart.no_retry_on_exit',
    exitCodes(),
    (c) => c.restart.noRetryOnExit,
    (c, v) => {
      c.restart.noRetryOnExit = v;
    },
    'Exit codes that are never restarted, even under retry_on_exit: any-nonzero.',
  ),
  field(
    'pause.timeout',
    duration({ min: 1000 }),
    (c) => c.pause.timeoutMs,
    (c, v) => {
      c.pause.timeoutMs = v;
    },
    'How long a paused run waits for a person before the fallback applies.',
  ),
  field(
    'pause.fallback',
    oneOf(['kill', 'resume'] as const),
    (c) => c.pause.fallback,
    (c, v) => {
      c.pause.fallback = v;
    },
    'What happens to a paused run nobody answered within pause.timeout.',
  ),
];

const OUTPUT_FIELDS: readonly FieldSpec[] = [
  field(
    'output.max_line_bytes',
    size('B', { min: 256, max: 16 * 1024 ** 2 }),
    (c) => c.output.maxLineBytes,
    (c, v) => {
      c.output.maxLineBytes = v;
    },
    'Lines longer than this are truncated before analysis and storage (pass-through is untouched).',
  ),
  field(
    'output.tail_lines',
    integer({ min: 0, max: 100_000 }),
    (c) => c.output.tailLines,
    (c, v) => {
      c.output.tailLines = v;
    },
    'How many last output lines (redacted) are kept with an incident and in the run summary.',
  ),
  field(
    'pricing.as_of',
    date(),
    (c) => c.pricing.asOf,
    (c, v) => {
      c.pricing.asOf = v;
    },
    "Date the prices were taken from the providers' price lists.",
  ),
  field(
    'db',
    orOff(text(4096), 'auto'),
    (c) => c.db,
    (c, v) => {
      c.db = v;
    },
    'Path of the SQLite event log; "auto" (default) uses the per-user data directory.',
  ),
  field(
    'summary_json',
    orOff(text(4096)),
    (c) => c.summaryJson,
    (c, v) => {
      c.summaryJson = v;
    },
    'Path where a JSON summary of the run is written when it ends; "off" (default) for none.',
  ),
  field(
    'quiet',
    boolean(),
    (c) => c.quiet,
    (c, v) => {
      c.quiet = v;
    },
    "Suppress FlowForge's own status lines on stderr (the child's output still passes through).",
  ),
  field(
    'echo_protocol',
    boolean(),
    (c) => c.echoProtocol,
    (c, v) => {
      c.echoProtocol = v;
    },
    'Also pass ::command:: lines through to the terminal (they are swallowed by default).',
  ),
];

/** Every scalar field, in documentation order. */
export const FIELDS: readonly FieldSpec[] = [...RUN_FIELDS, ...DETECTION_FIELDS, ...POLICY_FIELDS, ...OUTPUT_FIELDS];

/** The field with a given dotted YAML key. */
export function getField(key: string): FieldSpec {
  const found = FIELDS.find((f) => f.key === key);
  if (found === undefined) throw new Error(`unknown config field ${key}`);
  return found;
}
