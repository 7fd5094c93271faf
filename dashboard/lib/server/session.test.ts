import { describe, expect, it } from 'vitest';
import { hasSession, isTheKey, readCookie, SESSION_COOKIE, sessionCookie, sessionToken } from './session';

const KEY = 'the-api-key-0123456789abcdefghijklmnop';

describe('dashboard sessions', () => {
  it('accepts only the key itself at sign-in', () => {
    expect(isTheKey(KEY, KEY)).toBe(true);
    expect(isTheKey(`${KEY}x`, KEY)).toBe(false);
    expect(isTheKey('', KEY)).toBe(false);
  });

  it('signs a browser in with a token that is not the key, HttpOnly and same-site only', () => {
    const cookie = sessionCookie(KEY);
    expect(cookie).not.toContain(KEY);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(hasSession(`other=1; ${SESSION_COOKIE}=${sessionToken(KEY)}`, KEY)).toBe(true);
  });

  it('refuses no cookie, a forged token, and a token of an old key (a rotation signs everyone out)', () => {
    expect(hasSession(null, KEY)).toBe(false);
    expect(hasSession(`${SESSION_COOKIE}=forged`, KEY)).toBe(false);
    expect(hasSession(`${SESSION_COOKIE}=${sessionToken('the-old-key-0123456789abcdefghij')}`, KEY)).toBe(false);
  });

  it('reads one cookie out of a Cookie header', () => {
    expect(readCookie('a=1; b=two; c=3', 'b')).toBe('two');
    expect(readCookie('a=1', 'b')).toBeNull();
  });
});
