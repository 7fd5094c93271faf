/** A database locked by another process: the API answers 503 with Retry-After, never a 500 or a hang. */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/adapters/sqlite-store.js';
import { FlowForgeError } from '../src/errors.js';
import { AUTH, makeTempDir, makeTestApp, type TestApp } from './api-helpers.js';

let app: TestApp | null = null;
const temp = makeTempDir();
afterEach(() => {
  app?.close();
  app = null;
});
afterAll(() => {
  temp.remove();
});

describe('a store that meets a lock', () => {
  it('answers 503 STORE_WRITE_FAILED as problem+json with Retry-After, so a client knows to try again', async () => {
    const real = openStore(`${temp.dir}/busy.db`);
    const store = new Proxy(real, {
      get(target, property, receiver) {
        if (property !== 'listRuns') return Reflect.get(target, property, receiver) as unknown;
        return () => {
          throw new FlowForgeError('STORE_WRITE_FAILED', 'The evidence database is locked by another process.');
        };
      },
    });
    app = makeTestApp({ store });
    const response = await app.request('/v1/runs', { headers: AUTH });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('retry-after')).toBe('1');
    expect(((await response.json()) as { code: string }).code).toBe('STORE_WRITE_FAILED');
    real.close();
  });
});
