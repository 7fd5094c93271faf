import { afterEach, describe, expect, it } from 'vitest';
import type {
  CommandResponse,
  Problem,
  RunDetailResponse,
  RunsResponse,
  TimelineResponse,
  WorkersResponse,
} from '../src/contract/api.js';
import { AUTH, makeTestApp, newRun, postJson } from './api-helpers.js';
import type { TestApp } from './api-helpers.js';

let app: TestApp;
afterEach(() => {
  app.close();
});

/** Acks every pending command of runId as an owner would, until stopped. */
function fakeOwner(target: TestApp, runId: string): () => void {
  const timer = setInterval(() => {
    for (const cmd of target.store.pendingCommands([runId]))
      target.store.ackCommand(cmd.id, target.now.ms, 'acked', `did ${cmd.kind}`);
  }, 5);
  return () => {
    clearInterval(timer);
  };
}

describe('read routes', () => {
  it('answers healthz and readyz without a key', async () => {
    app = makeTestApp();
    expect((await app.request('/v1/healthz')).status).toBe(200);
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });

  it('lists runs and shows one with samples, output tail and decisions', async () => {
    app = makeTestApp();
    app.store.createRun(newRun('r1'), app.now.ms);
    app.store.addSample({
      runId: 'r1',
      atMs: app.now.ms,
      cpuPercent: 12,
      rssBytes: 1000,
      processCount: 1,
      zombieCount: 0,
    });
    app.store.addOutput('r1', [{ atMs: app.now.ms, stream: 'stdout', text: 'hello' }]);
    const list = (await (await app.request('/v1/runs?status=active', { headers: AUTH })).json()) as RunsResponse;
    expect(list.runs.map((run) => run.id)).toEqual(['r1']);
    const detail = (await (await app.request('/v1/runs/r1', { headers: AUTH })).json()) as RunDetailResponse;
    expect(detail.run.id).toBe('r1');
    expect(detail.samples).toHaveLength(1);
    expect(detail.output.map((line) => line.text)).toEqual(['hello']);
  });

  it('pages the timeline of a run newest first', async () => {
    app = makeTestApp();
    app.store.createRun(newRun('r1'), app.now.ms);
    for (let i = 0; i < 5; i += 1)
      app.store.appendEvent({
        atMs: app.now.ms + i,
        type: 'protocol.notice',
        runId: 'r1',
        incidentId: null,
        data: { i },
      });
    const first = (await (
      await app.request('/v1/timeline?run_id=r1&limit=3', { headers: AUTH })
    ).json()) as TimelineResponse;
    expect(first.events).toHaveLength(3);
    expect(first.nextBeforeId).not.toBeNull();
    const second = (await (
      await app.request(`/v1/timeline?run_id=r1&limit=3&before_id=${String(first.nextBeforeId)}`, { headers: AUTH })
    ).json()) as TimelineResponse;
    expect(second.events.every((event) => event.id < (first.nextBeforeId ?? 0))).toBe(true);
  });

  it('reports every run owner with its state and runs', async () => {
    app = makeTestApp();
    app.store.registerOwner({ id: 'o1', pid: process.pid, kind: 'cli', hostname: 'h', atMs: app.now.ms });
    app.store.createRun(newRun('r1'), app.now.ms);
    const body = (await (await app.request('/v1/worker/lifecycle', { headers: AUTH })).json()) as WorkersResponse;
    expect(body.owners.map((owner) => owner.id)).toEqual(['o1']);
  });

  it('serves Prometheus text with the FlowForge metrics', async () => {
    app = makeTestApp();
    const text = await (await app.request('/metrics', { headers: AUTH })).text();
    expect(text).toContain('flowforge_api_requests_total');
    expect(text).toContain('flowforge_sse_clients');
  });
});

describe('problems', () => {
  it.each([
    ['an unknown route', '/v1/nope', 404, 'NOT_FOUND'],
    ['an unknown run', '/v1/runs/missing', 404, 'RUN_NOT_FOUND'],
    ['a bad limit', '/v1/runs?limit=abc', 400, 'VALIDATION_FAILED'],
    ['an unknown query parameter', '/v1/incidents?evil=1', 400, 'VALIDATION_FAILED'],
    ['an unknown event type', '/v1/timeline?types=run.started,bogus', 400, 'VALIDATION_FAILED'],
  ])('answers %s with a problem carrying the request id', async (_name, path, status, code) => {
    app = makeTestApp();
    const response = await app.request(path, { headers: { ...AUTH, 'X-Request-Id': 'req-123' } });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('x-request-id')).toBe('req-123');
    expect(await response.json()).toMatchObject({ code, status, request_id: 'req-123' });
  });

  it('answers a wrong method on a known route with 405 and Allow', async () => {
    app = makeTestApp();
    const response = await app.request('/v1/process/kill', { method: 'GET', headers: AUTH });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('refuses non-JSON bodies with 415 and oversized ones with 413', async () => {
    app = makeTestApp({ maxBodyBytes: 100 });
    const text = await app.request('/v1/process/kill', {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'text/plain' },
      body: 'x',
    });
    expect(text.status).toBe(415);
    const big = await postJson(app, '/v1/process/kill', { run_id: 'x'.repeat(500) });
    expect(big.status).toBe(413);
  });
});

describe('process commands', () => {
  it('delivers a kill to the owner, answers acked and audits who, when and the request id', async () => {
    app = makeTestApp();
    app.store.createRun(newRun('r1'), app.now.ms);
    const stop = fakeOwner(app, 'r1');
    const response = await postJson(
      app,
      '/v1/process/kill',
      { run_id: 'r1', reason: 'runaway' },
      { 'X-Request-Id': 'kill-1' },
    );
    stop();
    expect(response.status).toBe(202);
    const body = (await response.json()) as CommandResponse;
    expect(body.command).toMatchObject({ kind: 'kill', state: 'acked', requestId: 'kill-1', reason: 'runaway' });
    const audit = app.store.listAudit({ runId: 'r1', limit: 10 });
    expect(audit[0]).toMatchObject({
      action: 'process.kill',
      requestId: 'kill-1',
      actor: 'api@local',
      atMs: app.now.ms,
    });
  });

  it('answers pending with a hint when the owner does not ack in time', async () => {
    app = makeTestApp({ commandWait: { timeoutMs: 30, pollMs: 5 } });
    app.store.createRun(newRun('r1'), app.now.ms);
    const body = (await (await postJson(app, '/v1/process/pause', { run_id: 'r1' })).json()) as CommandResponse;
    expect(body.command.state).toBe('pending');
    expect(body.hint).toContain('not acknowledged');
  });

  it('refuses commands for ended runs with 409', async () => {
    app = makeTestApp();
    app.store.createRun(newRun('r1'), app.now.ms);
    app.store.updateRun('r1', { status: 'exited', endedAtMs: app.now.ms });
    const response = await postJson(app, '/v1/process/kill', { run_id: 'r1' });
    expect(response.status).toBe(409);
  });

  it('answers 429 with Retry-After once a run used its restart budget', async () => {
    app = makeTestApp({ commandWait: { timeoutMs: 0, pollMs: 1 }, restartBudget: { max: 2, windowMs: 60_000 } });
    app.store.createRun(newRun('r1'), app.now.ms);
    expect((await postJson(app, '/v1/process/restart', { run_id: 'r1' })).status).toBe(202);
    expect((await postJson(app, '/v1/process/restart', { run_id: 'r1' })).status).toBe(202);
    const refused = await postJson(app, '/v1/process/restart', { run_id: 'r1' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(((await refused.json()) as Problem).code).toBe('RESTART_BUDGET_EXHAUSTED');
  });
});

describe('POST /v1/runs', () => {
  it('re-runs a recorded run through the injected starter and audits it', async () => {
    const started: { command: string[]; cwd: string }[] = [];
    app = makeTestApp({
      startRun: (request) => {
        started.push(request);
        return Promise.resolve({ runId: 'r2' });
      },
    });
    app.store.createRun(newRun('r1', { command: ['python3', 'agent.py'], cwd: '/work' }), app.now.ms);
    const response = await postJson(app, '/v1/runs', { from_run_id: 'r1' });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/v1/runs/r2');
    expect(started).toEqual([{ command: ['python3', 'agent.py'], cwd: '/work', name: 'run r1' }]);
    expect(app.store.listAudit({ runId: 'r2', limit: 5 })[0]?.action).toBe('runs.start');
  });

  it('answers 503 when the daemon has no run starter', async () => {
    app = makeTestApp();
    const response = await postJson(app, '/v1/runs', { command: ['true'], cwd: '/tmp' });
    expect(response.status).toBe(503);
    expect(((await response.json()) as Problem).code).toBe('RUN_START_UNAVAILABLE');
  });
});
