/** The environment a supervised child gets on top of the caller's. */

export interface ChildEnvFacts {
  runId: string;
  nonce: string;
  restarts: number;
  /** A short reason for the previous stop, so a restarted agent can avoid repeating it. */
  lastIncident: string;
}

/**
 * Variables that hold FlowForge's own API key (the daemon, the CLI and the dashboard read it from
 * FLOWFORGE_API_KEY): never passed to a child (docs/threat-model.md). Legacy `API_KEY` is only read
 * from the key file, and as an environment name it is a job's own, so it stays.
 */
export const FLOWFORGE_KEY_ENV_NAMES = ['FLOWFORGE_API_KEY'] as const;

/**
 * The caller's environment without FlowForge's key, plus FLOWFORGE_* facts and unbuffered Python
 * (unless the user set PYTHONUNBUFFERED).
 */
export function buildChildEnv(base: NodeJS.ProcessEnv, facts: ChildEnvFacts): NodeJS.ProcessEnv {
  const keyNames: readonly string[] = FLOWFORGE_KEY_ENV_NAMES;
  const inherited: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(base).filter(([name]) => !keyNames.includes(name)),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    FLOWFORGE_RUN_ID: facts.runId,
    FLOWFORGE_PROTOCOL_NONCE: facts.nonce,
    FLOWFORGE_RESTART_COUNT: String(facts.restarts),
  };
  env['PYTHONUNBUFFERED'] ??= '1';
  if (facts.lastIncident === '') delete env['FLOWFORGE_LAST_INCIDENT'];
  else env['FLOWFORGE_LAST_INCIDENT'] = facts.lastIncident;
  return env;
}
