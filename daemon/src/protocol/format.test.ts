import { describe, expect, it } from 'vitest';
import { formatProtocolLine } from './format.js';
import { parseProtocolLine } from './parse.js';
import type { ProtocolCommand } from './types.js';

/** A deterministic generator (mulberry32) so a failure always reproduces. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['%', ':', ',', '\r', '\n', '=', ' ', '::', '%25', '%0A', 'a', 'Z', '9', 'é', '🙂', '\t', '"'];

function randomText(next: () => number, minLength = 0): string {
  const length = minLength + Math.floor(next() * 12);
  let text = '';
  for (let i = 0; i < length; i += 1) text += ALPHABET[Math.floor(next() * ALPHABET.length)] ?? '';
  return text;
}

function randomCommand(next: () => number): ProtocolCommand {
  const nonce = next() < 0.5 ? null : randomText(next);
  const maybe = <T>(value: T): T | null => (next() < 0.5 ? null : value);
  const kinds = ['heartbeat', 'progress', 'usage', 'add-mask', 'set-output', 'notice', 'warning', 'error'] as const;
  const kind = kinds[Math.floor(next() * kinds.length)] ?? 'heartbeat';
  switch (kind) {
    case 'heartbeat':
      return { kind, nonce, message: randomText(next) };
    case 'progress':
      return {
        kind,
        nonce,
        percent: maybe(Math.floor(next() * 10000) / 100),
        current: Math.floor(next() * 500),
        total: maybe(500),
        message: randomText(next),
      };
    case 'usage':
      return {
        kind,
        nonce,
        model: maybe(randomText(next, 1)),
        inputTokens: Math.floor(next() * 1e6),
        outputTokens: maybe(7),
        costUsd: maybe(next()),
      };
    case 'add-mask':
      return { kind, nonce, value: randomText(next, 1) };
    case 'set-output':
      return { kind, nonce, name: 'out_1', value: randomText(next) };
    default:
      return {
        kind,
        nonce,
        message: randomText(next),
        title: maybe(randomText(next)),
        file: maybe(randomText(next)),
        line: maybe(3),
        col: null,
        endLine: maybe(9),
        endColumn: null,
      };
  }
}

describe('formatProtocolLine', () => {
  it('writes one line that parses back to the same command, for 2000 random commands', () => {
    const next = seeded(20250815);
    for (let i = 0; i < 2000; i += 1) {
      const cmd = randomCommand(next);
      const line = formatProtocolLine(cmd);
      expect(line).not.toMatch(/[\r\n]/);
      expect(parseProtocolLine(line)).toEqual(cmd);
    }
  });

  it('escapes percent, colon and comma in property values but only percent and newlines in messages', () => {
    const line = formatProtocolLine({
      kind: 'warning',
      nonce: 'n',
      message: 'a:b,c%\n',
      title: 'x:y,z%',
      file: null,
      line: null,
      col: null,
      endLine: null,
      endColumn: null,
    });
    expect(line).toBe('::warning nonce=n,title=x%3Ay%2Cz%25::a:b,c%25%0A');
  });
});
