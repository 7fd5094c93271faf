/** Where the daemon listens and which Host/Origin values it accepts. */
import { isIP } from 'node:net';
import { FlowForgeError } from '../errors.js';

/** The resolved listening address and request allowlists. */
export interface BindPlan {
  host: string;
  port: number;
  allowedHosts: string[];
  allowedOrigins: string[];
}

/** Options of resolveBind (flags win over env). */
export interface BindOptions {
  env: NodeJS.ProcessEnv;
  host?: string;
  port?: number;
  /** --allow-remote or FLOWFORGE_API_ALLOW_REMOTE=1. */
  allowRemote?: boolean;
  /** True when the key was configured before this start (not generated now). */
  keyConfigured: boolean;
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** Resolves host and port (127.0.0.1:8080 by default) and refuses a non-loopback bind unless asked for with a key. */
export function resolveBind(options: BindOptions): BindPlan {
  const { env } = options;
  const host = options.host ?? (env.FLOWFORGE_API_HOST || '127.0.0.1');
  const rawPort = options.port ?? Number(env.FLOWFORGE_API_PORT || 8080);
  if (!Number.isInteger(rawPort) || rawPort < 0 || rawPort > 65535) {
    throw new FlowForgeError('USAGE', `The API port must be an integer from 0 to 65535; got ${String(rawPort)}.`);
  }
  const allowRemote = options.allowRemote === true || env.FLOWFORGE_API_ALLOW_REMOTE === '1';
  const loopback = isLoopbackHost(host);
  if (!loopback && !(allowRemote && options.keyConfigured)) {
    throw new FlowForgeError(
      'BIND_REFUSED',
      `Refusing to listen on non-loopback ${host}: pass --allow-remote (or FLOWFORGE_API_ALLOW_REMOTE=1) and set FLOWFORGE_API_KEY yourself first.`,
    );
  }
  const hostName = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const allowedHosts = new Set([
    '127.0.0.1',
    'localhost',
    '[::1]',
    hostName.toLowerCase(),
    ...list(env.FLOWFORGE_API_ALLOWED_HOSTS),
  ]);
  const origins = list(env.FLOWFORGE_API_ALLOWED_ORIGINS);
  return {
    host,
    port: rawPort,
    allowedHosts: [...allowedHosts],
    allowedOrigins: origins.length > 0 ? origins : ['http://127.0.0.1:3001', 'http://localhost:3001'],
  };
}
