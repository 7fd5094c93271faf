/** Query strings are parsed strictly on every route: plain decimal integers, no unknown parameters. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Problem } from '../src/contract/api.js';
import { AUTH, makeTestApp, postJson } from './api-helpers.js';
import type { TestApp } from './api-helpers.js';

let app: TestApp;
afterEach(() => {
  app.close();
});

async function expectValidationProblem(response: Response, param: string): Promise<void> {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as Problem;
  expect(body).toMatchObject({
    code: 'VALIDATION_FAILED',
    title: 'VALIDATION_FAILED',
    type: 'https://flowforge.dev/problems/validation-failed',
  });
  expect(JSON.stringify(body.issues)).toContain(param);
}

describe('integer query parameters', () => {
  it.each(['0x10', '1e2', '0b11', '0o7', ' 1 ', '+2', '-2', '2.0', '1_0', 'Infinity', ''])(
    'refuses limit=%j with 400 naming the parameter',
    async (value) => {
      app = makeTestApp();
      await expectValidationProblem(
        await app.request(`/v1/runs?limit=${encodeURIComponent(value)}`, { headers: AUTH }),
        'limit',
      );
    },
  );

  it('refuses a non-decimal id or time in the other integer parameters', async () => {
    app = makeTestApp();
    for (const [path, param] of [
      ['/v1/timeline?before_id=0x10', 'before_id'],
      ['/v1/incidents?since_ms=1e3', 'since_ms'],
      ['/v1/runs/r1?samples=%2B5', 'samples'],
    ] as const) {
      await expectValidationProblem(await app.request(path, { headers: AUTH }), param);
    }
  });

  it('accepts plain decimal digits and keeps the defaults', async () => {
    app = makeTestApp();
    expect((await app.request('/v1/runs?limit=16', { headers: AUTH })).status).toBe(200);
    expect((await app.request('/v1/runs?limit=007', { headers: AUTH })).status).toBe(200);
    expect((await app.request('/v1/runs', { headers: AUTH })).status).toBe(200);
    expect((await app.request('/v1/timeline?since_ms=0&limit=1000', { headers: AUTH })).status).toBe(200);
  });
});

describe('unknown query parameters', () => {
  it.each(['/v1/healthz', '/v1/readyz', '/healthz', '/v1/metrics', '/metrics', '/v1/worker/lifecycle'])(
    'are refused on %s with 400, like on the other routes',
    async (path) => {
      app = makeTestApp();
      await expectValidationProblem(await app.request(`${path}?verbose=1`, { headers: AUTH }), 'verbose');
      expect((await app.request(path, { headers: AUTH })).status).toBe(200);
    },
  );

  it('are refused on GET /v1/incidents/:id and POST /v1/runs', async () => {
    app = makeTestApp({ startRun: () => Promise.resolve({ runId: 'r2' }) });
    await expectValidationProblem(await app.request('/v1/incidents/1?x=1', { headers: AUTH }), 'x');
    await expectValidationProblem(await postJson(app, '/v1/runs?x=1', { command: ['true'], cwd: '/tmp' }), 'x');
  });

  it('still need the key on /v1/metrics before the query is looked at', async () => {
    app = makeTestApp();
    expect((await app.request('/v1/metrics?verbose=1')).status).toBe(401);
  });
});
