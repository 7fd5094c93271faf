/** The flags of `flowforge run`, as one table that drives parsing, help and docs/cli.md. */

export interface OptionSpec {
  /** Long flag name without dashes, e.g. 'max-cpu'. */
  flag: string;
  type: 'string' | 'boolean';
  /** Placeholder shown in help for string options. */
  value?: string;
  description: string;
}

export const RUN_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'profile',
    type: 'string',
    value: 'NAME',
    description: 'threshold profile: standard (default), strict or lenient',
  },
  { flag: 'config', type: 'string', value: 'FILE', description: 'config file (default ./flowforge.yaml when present)' },
  { flag: 'name', type: 'string', value: 'NAME', description: 'a name for the run, shown in the dashboard' },
  {
    flag: 'run-key',
    type: 'string',
    value: 'KEY',
    description: 'stable key for the canary sample (default: --name, else the command line)',
  },
  {
    flag: 'shadow-mode',
    type: 'boolean',
    description: 'log what the policy would do, never kill (= --policy-rollout shadow)',
  },
  { flag: 'policy-rollout', type: 'string', value: 'MODE', description: 'enforce (default), shadow or canary' },
  {
    flag: 'policy-canary-percent',
    type: 'string',
    value: 'N',
    description: 'with canary: enforce on N% of run keys, log only on the rest',
  },
  { flag: 'max-cpu', type: 'string', value: 'PERCENT', description: 'CPU limit of the whole tree (100 = one core)' },
  {
    flag: 'cpu-window',
    type: 'string',
    value: 'DURATION',
    description: 'how long CPU must stay over the limit, e.g. 10s',
  },
  { flag: 'max-memory-mb', type: 'string', value: 'MB', description: 'memory limit of the whole tree (RSS)' },
  {
    flag: 'stall-timeout',
    type: 'string',
    value: 'DURATION',
    description: 'no output, no CPU and no heartbeat for this long is a stall',
  },
  {
    flag: 'heartbeat-timeout',
    type: 'string',
    value: 'DURATION',
    description: 'after a first ::heartbeat::, missing heartbeats for this long is a stall',
  },
  { flag: 'timeout', type: 'string', value: 'DURATION', description: 'wall-clock limit of the run' },
  {
    flag: 'grace',
    type: 'string',
    value: 'DURATION',
    description: 'time between SIGTERM and SIGKILL when stopping the job',
  },
  {
    flag: 'on-breach',
    type: 'string',
    value: 'ACTION',
    description: 'what a breach does: kill (default), restart or pause',
  },
  { flag: 'max-restarts', type: 'string', value: 'N', description: 'restart budget within the restart window' },
  {
    flag: 'retry-on-exit',
    type: 'string',
    value: 'CODES',
    description: 'non-zero exit codes that are restarted (comma list, or "any")',
  },
  {
    flag: 'no-retry-on-exit',
    type: 'string',
    value: 'CODES',
    description: 'exit codes that are never restarted (comma list)',
  },
  { flag: 'max-tokens', type: 'string', value: 'N', description: 'token budget reported through ::usage:: lines' },
  { flag: 'max-cost-usd', type: 'string', value: 'USD', description: 'cost budget in US dollars' },
  {
    flag: 'sample-interval',
    type: 'string',
    value: 'DURATION',
    description: 'how often the process tree is sampled (default 1s)',
  },
  {
    flag: 'db',
    type: 'string',
    value: 'FILE',
    description: 'SQLite evidence file (default: FLOWFORGE_DB, else the user data dir)',
  },
  {
    flag: 'summary-json',
    type: 'string',
    value: 'FILE',
    description: 'write the run summary as JSON at exit (docs/summary-json.md)',
  },
  { flag: 'echo-protocol', type: 'boolean', description: 'pass ::command:: lines through instead of consuming them' },
  { flag: 'quiet', type: 'boolean', description: "print none of FlowForge's own messages but errors" },
  { flag: 'help', type: 'boolean', description: 'show this help' },
];

/** camelCase key of a flag: 'max-cpu' → 'maxCpu'. */
export function flagKey(flag: string): string {
  return flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** Renders help text for a command from its option table. */
export function renderOptionsHelp(options: readonly OptionSpec[]): string {
  const rows = options.map((o) => [`--${o.flag}${o.value === undefined ? '' : ` ${o.value}`}`, o.description] as const);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`).join('\n');
}
