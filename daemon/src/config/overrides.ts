/**
 * The env and flag layers: which FLOWFORGE_* variable and which CLI flag set which field. Values are
 * text, parsed with the same field kinds as the file; no zod here, so `flowforge run` starts fast.
 */
import { getField } from './fields.js';
import type { ResolvedConfig } from './types.js';
import { describeValue, parseBooleanText } from './units.js';

/** The CLI flags that shape the configuration, as commander hands them over (values are text). */
export interface ConfigFlags {
  profile?: string;
  config?: string;
  shadowMode?: boolean | string;
  policyRollout?: string;
  policyCanaryPercent?: string;
  maxCpu?: string;
  cpuWindow?: string;
  maxMemoryMb?: string;
  stallTimeout?: string;
  timeout?: string;
  grace?: string;
  onBreach?: string;
  maxRestarts?: string;
  sampleInterval?: string;
  name?: string;
  db?: string;
  summaryJson?: string;
  quiet?: boolean | string;
  heartbeatTimeout?: string;
  maxTokens?: string;
  maxCostUsd?: string;
  retryOnExit?: string;
  noRetryOnExit?: string;
  echoProtocol?: boolean | string;
  runKey?: string;
}

/** A flag and env var pair that sets one field of flowforge.yaml. */
export interface OverrideSpec {
  flag: keyof ConfigFlags;
  env: string;
  key: string;
}

/** Every field override, in documentation order (profile, config and shadow mode are handled in load.ts). */
export const OVERRIDES: readonly OverrideSpec[] = [
  { flag: 'name', env: 'FLOWFORGE_NAME', key: 'name' },
  { flag: 'sampleInterval', env: 'FLOWFORGE_SAMPLE_INTERVAL', key: 'sample_interval' },
  { flag: 'grace', env: 'FLOWFORGE_GRACE', key: 'grace' },
  { flag: 'timeout', env: 'FLOWFORGE_TIMEOUT', key: 'timeout' },
  { flag: 'maxCpu', env: 'FLOWFORGE_MAX_CPU', key: 'cpu.max_percent' },
  { flag: 'cpuWindow', env: 'FLOWFORGE_CPU_WINDOW', key: 'cpu.window' },
  { flag: 'maxMemoryMb', env: 'FLOWFORGE_MAX_MEMORY_MB', key: 'memory.max_mb' },
  { flag: 'stallTimeout', env: 'FLOWFORGE_STALL_TIMEOUT', key: 'stall.timeout' },
  { flag: 'heartbeatTimeout', env: 'FLOWFORGE_HEARTBEAT_TIMEOUT', key: 'heartbeat.timeout' },
  { flag: 'maxTokens', env: 'FLOWFORGE_MAX_TOKENS', key: 'budget.max_tokens' },
  { flag: 'maxCostUsd', env: 'FLOWFORGE_MAX_COST_USD', key: 'budget.max_cost_usd' },
  { flag: 'onBreach', env: 'FLOWFORGE_ON_BREACH', key: 'policy.on_breach' },
  { flag: 'policyRollout', env: 'FLOWFORGE_POLICY_ROLLOUT', key: 'policy.rollout' },
  { flag: 'policyCanaryPercent', env: 'FLOWFORGE_POLICY_CANARY_PERCENT', key: 'policy.canary_percent' },
  { flag: 'runKey', env: 'FLOWFORGE_RUN_KEY', key: 'policy.run_key' },
  { flag: 'maxRestarts', env: 'FLOWFORGE_MAX_RESTARTS', key: 'restart.max_restarts' },
  { flag: 'retryOnExit', env: 'FLOWFORGE_RETRY_ON_EXIT', key: 'restart.retry_on_exit' },
  { flag: 'noRetryOnExit', env: 'FLOWFORGE_NO_RETRY_ON_EXIT', key: 'restart.no_retry_on_exit' },
  { flag: 'db', env: 'FLOWFORGE_DB', key: 'db' },
  { flag: 'summaryJson', env: 'FLOWFORGE_SUMMARY_JSON', key: 'summary_json' },
  { flag: 'quiet', env: 'FLOWFORGE_QUIET', key: 'quiet' },
  { flag: 'echoProtocol', env: 'FLOWFORGE_ECHO_PROTOCOL', key: 'echo_protocol' },
];

/** Env vars read by loadConfig besides OVERRIDES: the profile, the config file and shadow mode. */
export const SPECIAL_ENV = {
  profile: 'FLOWFORGE_PROFILE',
  config: 'FLOWFORGE_CONFIG',
  shadowMode: 'FLOWFORGE_SHADOW_MODE',
} as const;

/** The flag as typed on the command line, e.g. `maxCpu` → `--max-cpu`. */
export function flagName(flag: keyof ConfigFlags): string {
  return `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** One layer of text values: where each came from (env var or flag) and its raw value. */
export type OverrideLayer = 'env' | 'flags';

function rawValue(
  layer: OverrideLayer,
  spec: OverrideSpec,
  env: Record<string, string | undefined>,
  flags: ConfigFlags,
) {
  const value = layer === 'env' ? env[spec.env] : flags[spec.flag];
  // An empty env var counts as unset, as most shells' `VAR= cmd` idiom intends.
  return value === '' && layer === 'env' ? undefined : value;
}

/** Applies one layer's values onto cfg and returns a message for each invalid one. */
export function applyOverrides(
  cfg: ResolvedConfig,
  layer: OverrideLayer,
  env: Record<string, string | undefined>,
  flags: ConfigFlags,
): string[] {
  const errors: string[] = [];
  for (const spec of OVERRIDES) {
    const raw = rawValue(layer, spec, env, flags);
    if (raw === undefined) continue;
    const expected = getField(spec.key).assign(cfg, raw);
    if (expected === null) continue;
    const source = layer === 'env' ? spec.env : flagName(spec.flag);
    errors.push(`${source}: ${spec.key}: expected ${expected}, got ${describeValue(raw)}`);
  }
  const shadowError = applyShadowMode(cfg, layer, env, flags);
  return shadowError === null ? errors : [...errors, shadowError];
}

/** `--shadow-mode` / FLOWFORGE_SHADOW_MODE=1 is a shorthand for rollout shadow; a different rollout in the same layer conflicts. */
function applyShadowMode(
  cfg: ResolvedConfig,
  layer: OverrideLayer,
  env: Record<string, string | undefined>,
  flags: ConfigFlags,
): string | null {
  const raw = layer === 'env' ? env[SPECIAL_ENV.shadowMode] : flags.shadowMode;
  if (raw === undefined || raw === '') return null;
  const source = layer === 'env' ? SPECIAL_ENV.shadowMode : flagName('shadowMode');
  const shadow = parseBooleanText(raw);
  if (!shadow.ok) return `${source}: policy.rollout: expected ${shadow.expected}, got ${describeValue(raw)}`;
  if (!shadow.value) return null;
  const rollout = layer === 'env' ? env.FLOWFORGE_POLICY_ROLLOUT : flags.policyRollout;
  if (rollout !== undefined && rollout !== '' && rollout !== 'shadow') {
    return `${source}: policy.rollout: shadow mode conflicts with rollout ${describeValue(rollout)} given the same way; give only one`;
  }
  cfg.policy.rollout = 'shadow';
  return null;
}
