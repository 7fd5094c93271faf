import { describe, expect, it } from 'vitest';
import { randomHex, randomUuid, readRandomBytes } from './random-id.js';

describe('random ids', () => {
  it('returns the requested number of bytes, different each call', () => {
    const a = readRandomBytes(32);
    const b = readRandomBytes(32);
    expect(a).toHaveLength(32);
    expect(a.equals(b)).toBe(false);
  });

  it('formats hex of twice the byte count', () => {
    expect(randomHex(16)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('makes version 4 UUIDs with the RFC 4122 variant, unique over many calls', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = randomUuid();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(2000);
  });
});
