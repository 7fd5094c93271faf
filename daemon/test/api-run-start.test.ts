/** POST /v1/runs on a real daemon: what cannot run is refused up front with a 4xx, and the daemon lives on. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem, RunDetailResponse, RunsResponse, StartRunResponse } from '../src/contract/api.js';
import type { DaemonHandle } from '../src/daemon/start-daemon.js';
import { makeTempDir, startDaemonFor } from './api-helpers.js';

const temp = makeTempDir();
let daemon: DaemonHandle;
let key: string;

const api = (path: string, init: RequestInit = {}): Promise<Response> =>
  fetch(`${daemon.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
  });
const startRun = (body: unknown): Promise<Response> => api('/v1/runs', { method: 'POST', body: JSON.stringify(body) });

async function until<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A fresh directory under the test's temp dir. */
function makeDir(name: string): string {
  const dir = join(temp.dir, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Reads the problem body and checks it is problem+json with a matching type and title. */
async function readProblem(response: Response, status: number, code: string): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as Problem;
  expect(body).toMatchObject({
    status,
    code,
    title: code,
    type: `https://flowforge.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
  });
  return body;
}

/** The daemon answers its probes and still has exactly the runs it had: nothing was started. */
async function expectHealthyWithRuns(count: number): Promise<void> {
  expect((await api('/v1/healthz')).status).toBe(200);
  expect((await api('/v1/readyz')).status).toBe(200);
  const runs = (await (await api('/v1/runs?limit=500')).json()) as RunsResponse;
  expect(runs.runs).toHaveLength(count);
}

/** Waits for a daemon-started run to end and returns it. */
function ended(runId: string): Promise<RunDetailResponse> {
  return until(async () => {
    const detail = (await (await api(`/v1/runs/${runId}`)).json()) as RunDetailResponse;
    return detail.run.endedAtMs !== null ? detail : null;
  }, `run ${runId} to end`);
}

beforeAll(async () => {
  daemon = await startDaemonFor(join(temp.dir, 'ff.db'));
  key = /FLOWFORGE_API_KEY=(\S+)/.exec(readFileSync(join(temp.dir, '.flowforge.env'), 'utf8'))?.[1] ?? '';
});

afterAll(async () => {
  await daemon.close();
  temp.remove();
});

describe('POST /v1/runs refuses what cannot run before creating a run', () => {
  it('answers 400 naming cwd when it does not exist, is a file, or holds a NUL byte', async () => {
    const file = join(makeDir('with-a-file'), 'notes.txt');
    writeFileSync(file, 'not a directory\n');
    const cases = [
      { cwd: join(temp.dir, 'no-such-dir'), says: /does not exist/ },
      { cwd: file, says: /is not a directory/ },
      { cwd: `${temp.dir}/x\u0000y`, says: /NUL byte/ },
    ];
    for (const { cwd, says } of cases) {
      const problem = await readProblem(await startRun({ command: ['true'], cwd }), 400, 'VALIDATION_FAILED');
      expect(problem.issues?.map((issue) => issue.path)).toEqual(['cwd']);
      expect(problem.issues?.[0]?.message).toMatch(says);
      expect(problem.issues?.[0]?.message).toMatch(/existing directory/);
    }
    await expectHealthyWithRuns(0);
  });

  it('answers 422 SPAWN_NOT_FOUND / SPAWN_NOT_EXECUTABLE for a command that is missing or not executable', async () => {
    const cwd = makeDir('spawn-checks');
    writeFileSync(join(cwd, 'script.sh'), '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    const missing = await readProblem(
      await startRun({ command: ['flowforge-no-such-command-xyz'], cwd }),
      422,
      'SPAWN_NOT_FOUND',
    );
    expect(missing.detail).toMatch(/flowforge-no-such-command-xyz/);
    await readProblem(await startRun({ command: ['./missing.sh'], cwd }), 422, 'SPAWN_NOT_FOUND');
    const notExecutable = await readProblem(
      await startRun({ command: ['./script.sh'], cwd }),
      422,
      'SPAWN_NOT_EXECUTABLE',
    );
    expect(notExecutable.detail).toMatch(/chmod \+x/);
    await expectHealthyWithRuns(0);
  });

  it('answers 422 CONFIG_INVALID naming the key when the flowforge.yaml of cwd is invalid', async () => {
    const cwd = makeDir('bad-config');
    writeFileSync(join(cwd, 'flowforge.yaml'), 'cpu:\n  max_percent: lots\n');
    const problem = await readProblem(await startRun({ command: ['true'], cwd }), 422, 'CONFIG_INVALID');
    expect(problem.detail).toMatch(/max_percent/);
    await expectHealthyWithRuns(0);
  });

  it('starts a valid run, and refuses its re-run with 400 naming cwd once its directory is deleted', async () => {
    const cwd = makeDir('rerun-source');
    const first = await startRun({ command: ['true'], cwd });
    expect(first.status).toBe(201);
    const { runId } = (await first.json()) as StartRunResponse;
    expect((await ended(runId)).run.exitCode).toBe(0);
    rmSync(cwd, { recursive: true });
    const problem = await readProblem(await startRun({ from_run_id: runId }), 400, 'VALIDATION_FAILED');
    expect(problem.issues?.[0]?.path).toBe('cwd');
    expect(problem.detail).toContain(cwd);
    expect(problem.detail).toMatch(/recreate it/);
    await expectHealthyWithRuns(1);
  });

  it('does not pass FLOWFORGE_API_KEY from its environment to the runs it starts', async () => {
    const cwd = makeDir('key-leak');
    const previous = process.env.FLOWFORGE_API_KEY;
    process.env.FLOWFORGE_API_KEY = 'leaked-key-0123456789abcdefghijkl';
    try {
      const response = await startRun({
        command: ['sh', '-c', 'printf %s "${FLOWFORGE_API_KEY:-absent}" > seen.txt'],
        cwd,
      });
      expect(response.status).toBe(201);
      await ended(((await response.json()) as StartRunResponse).runId);
    } finally {
      if (previous === undefined) delete process.env.FLOWFORGE_API_KEY;
      else process.env.FLOWFORGE_API_KEY = previous;
    }
    expect(existsSync(join(cwd, 'seen.txt'))).toBe(true);
    expect(readFileSync(join(cwd, 'seen.txt'), 'utf8')).toBe('absent');
  });
});
