/** Request guards that run before auth: Host allowlist (DNS rebinding) and exact Origin allowlist. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';
import { problem } from './problem.js';

/** The host name of a Host header value without its port ('[::1]:8080' → '[::1]'). */
export function hostNameOf(hostHeader: string): string {
  const trimmed = hostHeader.trim().toLowerCase();
  if (trimmed.startsWith('[')) {
    const end = trimmed.indexOf(']');
    return end === -1 ? trimmed : trimmed.slice(0, end + 1);
  }
  const colon = trimmed.indexOf(':');
  return colon === -1 ? trimmed : trimmed.slice(0, colon);
}

/** Rejects requests whose Host is not one of the bound loopback names (403 FORBIDDEN_HOST). */
export function hostGuard(allowedHosts: readonly string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(allowedHosts.map((host) => host.toLowerCase()));
  return async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!allowed.has(hostNameOf(host))) {
      return problem(c, 'FORBIDDEN_HOST', `Host ${JSON.stringify(host.slice(0, 100))} is not served here.`);
    }
    await next();
  };
}

/** Rejects requests that carry an Origin outside the exact allowlist (403 FORBIDDEN_ORIGIN). */
export function originGuard(allowedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(allowedOrigins);
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !allowed.has(origin)) {
      return problem(c, 'FORBIDDEN_ORIGIN', `Origin ${JSON.stringify(origin.slice(0, 100))} is not allowed.`);
    }
    await next();
  };
}

/** Sets clientAddress and actor for later middleware and the audit log. */
export function identifyClient(
  addressOf: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => string,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const address = addressOf(c);
    c.set('clientAddress', address);
    const label = c.req.header('x-flowforge-actor');
    const safeLabel = label !== undefined && /^[\w.@:-]{1,64}$/.test(label) ? label : null;
    c.set('actor', safeLabel === null ? `api@${address}` : `api@${address} (${safeLabel})`);
    await next();
  };
}

/** The socket's remote address under @hono/node-server, or 'local' under app.request(). */
export function socketAddress(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  // app.request() passes no bindings at all, so env itself may be undefined.
  const env = c.env as AppEnv['Bindings'] | undefined;
  return env?.incoming?.socket.remoteAddress ?? 'local';
}
