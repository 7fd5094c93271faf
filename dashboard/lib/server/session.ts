/**
 * The dashboard's sign-in. The proxy adds the API key to what it forwards, so it must not forward for
 * just anyone who can reach its port (any local program, another user): a browser signs in once with
 * the key and gets an HttpOnly cookie, and the proxy forwards only requests that carry it.
 *
 * The cookie is an HMAC of the key, not the key: the page never sees the key, the server keeps no
 * session state (a restart does not sign anyone out), and rotating the key signs every browser out.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The cookie that carries a signed-in browser's token. */
export const SESSION_COOKIE = 'ff_session';
const TOKEN_CONTEXT = 'flowforge-dashboard-session-v1';
/** How long a sign-in lasts (30 days); a key rotation ends it sooner. */
export const SESSION_MAX_AGE_S = 30 * 24 * 3600;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Whether `presented` is the key, compared in constant time. */
export function isTheKey(presented: string, key: string): boolean {
  return timingSafeEqual(digest(presented), digest(key));
}

/** The session token for `key`. */
export function sessionToken(key: string): string {
  return createHmac('sha256', key).update(TOKEN_CONTEXT).digest('base64url');
}

/** The value of cookie `name` in a Cookie header, or null. */
export function readCookie(header: string | null, name: string): string | null {
  if (header === null) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Whether the request's cookies hold a valid session for `key`. */
export function hasSession(cookieHeader: string | null, key: string): boolean {
  const token = readCookie(cookieHeader, SESSION_COOKIE);
  return token !== null && timingSafeEqual(digest(token), digest(sessionToken(key)));
}

/** The Set-Cookie value that signs a browser in (HttpOnly: page scripts cannot read it). */
export function sessionCookie(key: string): string {
  return `${SESSION_COOKIE}=${sessionToken(key)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${String(SESSION_MAX_AGE_S)}`;
}

/** The Set-Cookie value that signs a browser out. */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
}
