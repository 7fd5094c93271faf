import { describe, expect, it } from 'vitest';
import { buildChildEnv } from './child-env.js';

const facts = { runId: 'r1', nonce: 'n0nce', restarts: 0, lastIncident: '' };

describe('buildChildEnv', () => {
  it('never passes the FlowForge API key to the child', () => {
    const base = { PATH: '/usr/bin', FLOWFORGE_API_KEY: 'secret-key-0123456789abcdefghij' };
    const env = buildChildEnv(base, facts);
    expect(env).not.toHaveProperty('FLOWFORGE_API_KEY');
    expect(Object.values(env)).not.toContain('secret-key-0123456789abcdefghij');
    expect(base.FLOWFORGE_API_KEY).toBe('secret-key-0123456789abcdefghij'); // the caller's env is untouched
  });

  it("keeps the job's own variables, including a generic API_KEY, and adds the run facts", () => {
    const env = buildChildEnv({ PATH: '/usr/bin', API_KEY: 'the-jobs-own', OPENAI_API_KEY: 'sk-x' }, facts);
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      API_KEY: 'the-jobs-own',
      OPENAI_API_KEY: 'sk-x',
      FLOWFORGE_RUN_ID: 'r1',
      FLOWFORGE_PROTOCOL_NONCE: 'n0nce',
      FLOWFORGE_RESTART_COUNT: '0',
      PYTHONUNBUFFERED: '1',
    });
  });
});
