import { describe, expect, it } from 'vitest';
import { authenticateCommand } from './authenticate.js';
import { parseProtocolLine } from './parse.js';
import type { AuthResult } from './authenticate.js';

const NONCE = 'f00dfeed0123456789abcdef';

function authenticate(line: string, nonce = NONCE): AuthResult {
  const cmd = parseProtocolLine(line);
  if (cmd === null || cmd.kind === 'invalid') throw new Error(`not a command: ${line}`);
  return authenticateCommand(cmd, nonce);
}

describe('authenticateCommand', () => {
  const cases: [string, string, AuthResult][] = [
    ['accepts a heartbeat with the run nonce', `::heartbeat nonce=${NONCE}::`, { ok: true, authenticated: true }],
    [
      'rejects a forged heartbeat without a nonce (an echo cannot keep a stalled job alive)',
      '::heartbeat::',
      { ok: false, reason: 'missing-nonce' },
    ],
    ['rejects a heartbeat with another run nonce', '::heartbeat nonce=0123::', { ok: false, reason: 'wrong-nonce' }],
    ['rejects forged progress', '::progress current=5,total=10::', { ok: false, reason: 'missing-nonce' }],
    ['rejects forged usage', '::usage cost_usd=100::', { ok: false, reason: 'missing-nonce' }],
    ['rejects a forged output', '::set-output name=x::y', { ok: false, reason: 'missing-nonce' }],
    ['accepts usage with the nonce', `::usage nonce=${NONCE},cost_usd=1::`, { ok: true, authenticated: true }],
    [
      'accepts an informational warning without a nonce, unauthenticated',
      '::warning::disk slow',
      { ok: true, authenticated: false },
    ],
    [
      'accepts a notice with the nonce as authenticated',
      `::notice nonce=${NONCE}::hi`,
      { ok: true, authenticated: true },
    ],
    [
      'rejects an annotation echoed from another run',
      '::error nonce=other::boom',
      { ok: false, reason: 'wrong-nonce' },
    ],
    [
      'accepts add-mask without a nonce (refusing it could leak the secret)',
      '::add-mask::hunter22',
      { ok: true, authenticated: false },
    ],
    ['accepts add-mask with a wrong nonce', '::add-mask nonce=zzz::hunter22', { ok: true, authenticated: false }],
  ];
  it.each(cases)('%s', (_name, line, expected) => {
    expect(authenticate(line)).toEqual(expected);
  });

  it('matches nothing when the run has no nonce', () => {
    expect(authenticate('::heartbeat nonce=::', '')).toEqual({ ok: false, reason: 'wrong-nonce' });
  });
});
