import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, makeTestApp, newRun } from './api-helpers.js';
import type { TestApp } from './api-helpers.js';

/** A small seeded PRNG (mulberry32) so a failure reproduces. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = [
  '/v1/healthz',
  '/v1/readyz',
  '/v1/runs',
  '/v1/runs/r1',
  '/v1/runs/%00',
  '/v1/runs/..%2F..%2Fetc',
  '/v1/incidents',
  '/v1/incidents/1',
  '/v1/incidents/-1',
  '/v1/incidents/99999999999999999999',
  '/v1/timeline',
  '/v1/worker/lifecycle',
  '/v1/metrics',
  '/v1/process/kill',
  '/v1/process/restart',
  '/v1/process/pause',
  '/v1/process/resume',
  '/v1/runs/r1/../../x',
  '//v1//runs',
  '/v1/%zz',
  '/v2/runs',
  '/',
  `/v1/runs/${'a'.repeat(5000)}`,
  '/v1/runs/%E2%98%83',
  '/runs',
  '/process/kill',
  '/v1/process/kill/extra',
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND', 'X-WEIRD'];
const QUERIES = [
  '',
  '?limit=0',
  '?limit=-1',
  '?limit=1e9',
  '?limit=abc',
  '?limit=5&limit=6',
  '?status=bogus',
  '?status=active',
  '?before_id=NaN',
  '?run_id=',
  `?run_id=${'x'.repeat(3000)}`,
  '?types=,,,',
  '?types=run.started',
  '?since_ms=-5',
  '?incident_id=1.5',
  '?%zz=1',
  '?a[b]=c',
  '?samples=99999',
  '?until_ms=99999999999999999999',
  '?__proto__=1',
  '?constructor=x',
];
const BODIES: (string | null)[] = [
  null,
  '',
  '{',
  '[]',
  'null',
  '"x"',
  '42',
  '{"run_id":1}',
  '{"run_id":"r1","reason":5}',
  '{"run_id":"r1","extra":true}',
  '{"run_id":"r1"}',
  '{"run_id":"nope"}',
  '{"from_run_id":"nope"}',
  '{"command":"ls","cwd":"/"}',
  '{"command":[],"cwd":"/"}',
  '{"command":["true"],"cwd":"relative"}',
  '{"__proto__":{"admin":true},"run_id":"r1"}',
  '\u0000\u0001\u0002',
  '[[[[[[[[[[[[[[[[[[[[',
  `{"run_id":"${'x'.repeat(200_000)}"}`,
  `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
  '{"run_id":"\ud800"}',
];
const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'application/json; charset=utf-8',
  'multipart/form-data',
  '',
  'application/jsonx',
];

let app: TestApp;
beforeAll(() => {
  app = makeTestApp({
    commandWait: { timeoutMs: 0, pollMs: 1 },
    authFailures: { max: 1_000_000, windowMs: 1000, lockoutMs: 1000 },
  });
  app.store.createRun(newRun('r1'), app.now.ms);
});
afterAll(() => {
  app.close();
});

describe('fuzzing every route', () => {
  it('answers thousands of malformed requests without a 5xx and stays healthy', async () => {
    const random = prng(20240601);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const failures: string[] = [];
    for (let i = 0; i < 3000; i += 1) {
      const method = pick(METHODS);
      const path = `${pick(PATHS)}${pick(QUERIES)}`;
      const headers: Record<string, string> =
        random() < 0.85 ? { ...AUTH } : random() < 0.5 ? { Authorization: 'Bearer x' } : {};
      if (random() < 0.7) headers['Content-Type'] = pick(CONTENT_TYPES);
      if (random() < 0.1) headers['Last-Event-ID'] = pick(['-1', 'x', '99999999999999999999', '5']);
      if (random() < 0.05) headers['X-Request-Id'] = pick(['bad id with spaces', 'x'.repeat(500), 'ok-id']);
      const body = method === 'GET' || method === 'HEAD' ? null : pick(BODIES);
      const response = await app.request(path, { method, headers, body });
      if (response.headers.get('content-type')?.includes('text/event-stream')) await response.body?.cancel();
      else await response.text();
      if (response.status >= 500) failures.push(`${method} ${path.slice(0, 80)} -> ${response.status}`);
    }
    expect(failures).toEqual([]);
    expect((await app.request('/v1/healthz')).status).toBe(200);
    expect((await app.request('/v1/runs', { headers: AUTH })).status).toBe(200);
  });
});
