/** Bearer-key authentication compared in constant time, with a lockout after repeated failures. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';
import type { Logger } from './deps.js';
import type { FailureLimiter } from './failure-limiter.js';
import { problem } from './problem.js';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** True when candidate equals the key; compares SHA-256 digests so length leaks nothing. */
export function isKeyMatch(candidate: string, keyDigest: Buffer): boolean {
  return timingSafeEqual(digest(candidate), keyDigest);
}

/** Options of the auth middleware. */
export interface AuthOptions {
  key: string;
  limiter: FailureLimiter;
  clock: () => number;
  logger: Logger;
}

/** Requires `Authorization: Bearer <key>`; answers 401, or 429 with Retry-After when locked out. */
export function bearerKeyAuth(options: AuthOptions): MiddlewareHandler<AppEnv> {
  const keyDigest = digest(options.key);
  return async (c, next) => {
    const client = c.get('clientAddress');
    const nowMs = options.clock();
    const lockedMs = options.limiter.retryAfterMs(client, nowMs);
    if (lockedMs > 0) return tooMany(c, lockedMs);
    const header = c.req.header('authorization');
    if (header === undefined || header === '') {
      return problem(c, 'AUTH_REQUIRED', 'Send Authorization: Bearer <FLOWFORGE_API_KEY>.', {
        headers: { 'WWW-Authenticate': 'Bearer realm="flowforge"' },
      });
    }
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (match?.[1] !== undefined && isKeyMatch(match[1], keyDigest)) {
      await next();
      return;
    }
    const lockout = options.limiter.recordFailure(client, nowMs);
    options.logger.warn('auth failed', { client, path: c.req.path, requestId: c.get('requestId') });
    if (lockout > 0) return tooMany(c, lockout);
    return problem(c, 'AUTH_INVALID', 'The bearer key does not match FLOWFORGE_API_KEY.', {
      headers: { 'WWW-Authenticate': 'Bearer realm="flowforge", error="invalid_token"' },
    });
  };
}

function tooMany(c: Parameters<MiddlewareHandler<AppEnv>>[0], retryMs: number): Response {
  const seconds = Math.ceil(retryMs / 1000);
  return problem(c, 'RATE_LIMITED', `Too many failed authentication attempts; retry in ${seconds} s.`, {
    headers: { 'Retry-After': String(seconds) },
  });
}
