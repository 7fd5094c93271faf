import { afterEach, describe, expect, it } from 'vitest';
import { AUTH, TEST_KEY, makeTestApp } from './api-helpers.js';
import type { TestApp } from './api-helpers.js';

let app: TestApp;
afterEach(() => {
  app.close();
});

describe('auth matrix', () => {
  it.each([
    ['no key', {}, 401, 'AUTH_REQUIRED'],
    ['a wrong key', { Authorization: 'Bearer wrong' }, 401, 'AUTH_INVALID'],
    ['a key of another scheme', { Authorization: `Basic ${TEST_KEY}` }, 401, 'AUTH_INVALID'],
    ['a key with a suffix', { Authorization: `Bearer ${TEST_KEY}x` }, 401, 'AUTH_INVALID'],
    ['the right key', AUTH, 200, null],
    ['a bad Host (DNS rebinding)', { ...AUTH, Host: 'evil.example:8080' }, 403, 'FORBIDDEN_HOST'],
    ['a foreign Origin', { ...AUTH, Origin: 'http://localhost:9999' }, 403, 'FORBIDDEN_ORIGIN'],
    ['the dashboard Origin', { ...AUTH, Origin: 'http://127.0.0.1:3001' }, 200, null],
  ])('GET /v1/runs with %s answers %i', async (_name, headers: Record<string, string>, status, code) => {
    app = makeTestApp();
    const response = await app.request('/v1/runs', { headers });
    expect(response.status).toBe(status);
    if (code !== null) expect(await response.json()).toMatchObject({ code });
  });

  it('requires the key on every route but the probes, and reveals no route to anonymous clients', async () => {
    app = makeTestApp();
    for (const path of [
      '/v1/runs',
      '/v1/incidents',
      '/v1/timeline',
      '/v1/stream',
      '/v1/worker/lifecycle',
      '/metrics',
      '/v1/nope',
    ]) {
      expect((await app.request(path)).status).toBe(401);
    }
  });

  it('answers a preflight from the dashboard origin with the allowed methods and headers', async () => {
    app = makeTestApp();
    const response = await app.request('/v1/process/kill', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://127.0.0.1:3001',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3001');
    expect(response.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('refuses a preflight from a foreign origin', async () => {
    app = makeTestApp();
    const response = await app.request('/v1/runs', {
      method: 'OPTIONS',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('locks a client out with 429 and Retry-After after 10 bad keys, even for the right key, until the lockout ends', async () => {
    app = makeTestApp({ authFailures: { max: 10, windowMs: 60_000, lockoutMs: 300_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1)
      statuses.push((await app.request('/v1/runs', { headers: { Authorization: `Bearer guess-${i}` } })).status);
    expect(statuses.slice(0, 9).every((status) => status === 401)).toBe(true);
    expect(statuses[9]).toBe(429);
    const locked = await app.request('/v1/runs', { headers: AUTH });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('300');
    app.now.ms += 300_001;
    expect((await app.request('/v1/runs', { headers: AUTH })).status).toBe(200);
  });

  it('forgets failures older than the window', async () => {
    app = makeTestApp({ authFailures: { max: 3, windowMs: 1000, lockoutMs: 60_000 } });
    for (let i = 0; i < 2; i += 1) await app.request('/v1/runs', { headers: { Authorization: 'Bearer bad' } });
    app.now.ms += 1001;
    expect((await app.request('/v1/runs', { headers: { Authorization: 'Bearer bad' } })).status).toBe(401);
  });

  it('keeps probes open during a lockout so health checks keep working', async () => {
    app = makeTestApp({ authFailures: { max: 1, windowMs: 1000, lockoutMs: 60_000 } });
    await app.request('/v1/runs', { headers: { Authorization: 'Bearer bad' } });
    expect((await app.request('/v1/healthz')).status).toBe(200);
  });
});
