/** The environment a supervised child gets on top of the caller's. */

export interface ChildEnvFacts {
  runId: string;
  nonce: string;
  restarts: number;
  /** A short reason for the previous stop, so a restarted agent can avoid repeating it. */
  lastIncident: string;
}

/** Adds FLOWFORGE_* facts and unbuffered Python (unless the user set PYTHONUNBUFFERED). */
export function buildChildEnv(base: NodeJS.ProcessEnv, facts: ChildEnvFacts): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    FLOWFORGE_RUN_ID: facts.runId,
    FLOWFORGE_PROTOCOL_NONCE: facts.nonce,
    FLOWFORGE_RESTART_COUNT: String(facts.restarts),
  };
  env['PYTHONUNBUFFERED'] ??= '1';
  if (facts.lastIncident === '') delete env['FLOWFORGE_LAST_INCIDENT'];
  else env['FLOWFORGE_LAST_INCIDENT'] = facts.lastIncident;
  return env;
}
