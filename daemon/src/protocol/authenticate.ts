/**
 * Which commands need the run's nonce, and the check. Anything a job prints can be forged (an agent
 * echoing scraped text), so every command that changes the run's state, budgets or detectors needs it.
 */
import type { ProtocolCommand, ProtocolCommandName } from './types.js';

/** How each command is authenticated (the why is in docs/protocol.md). */
export const NONCE_POLICY: Record<ProtocolCommandName, 'required' | 'optional' | 'ignored'> = {
  heartbeat: 'required',
  progress: 'required',
  usage: 'required',
  'set-output': 'required',
  notice: 'optional',
  warning: 'optional',
  error: 'optional',
  'add-mask': 'ignored',
};

/** The outcome of authenticating a command against the run's nonce. */
export type AuthResult = { ok: true; authenticated: boolean } | { ok: false; reason: 'missing-nonce' | 'wrong-nonce' };

/** Compares in time independent of where the strings differ (the pure core has no crypto). */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

/**
 * Accepts or rejects a command: `required` commands need nonce=<the run's nonce>; `optional` ones are
 * accepted without it but rejected with a wrong one (a line echoed from another run); add-mask is
 * always accepted, since refusing a mask could leak the secret it names. An empty run nonce matches nothing.
 */
export function authenticateCommand(cmd: ProtocolCommand, nonce: string): AuthResult {
  const policy = NONCE_POLICY[cmd.kind];
  if (policy === 'ignored')
    return { ok: true, authenticated: cmd.nonce !== null && nonce !== '' && sameText(cmd.nonce, nonce) };
  if (cmd.nonce === null)
    return policy === 'required' ? { ok: false, reason: 'missing-nonce' } : { ok: true, authenticated: false };
  return nonce !== '' && sameText(cmd.nonce, nonce)
    ? { ok: true, authenticated: true }
    : { ok: false, reason: 'wrong-nonce' };
}
