import { describe, expect, it } from 'vitest';
import {
  computeCanaryBucket,
  computeFnv1a32,
  computeTakenAction,
  isCanaryEnforced,
  isRolloutEnforced,
} from './rollout.js';
import { createPolicy } from './policy.js';
import type { Finding } from './types.js';

describe('computeFnv1a32', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ] as const)('hashes %j to the FNV-1a 32-bit reference value', (text, expected) => {
    expect(computeFnv1a32(text)).toBe(expected);
  });
});

describe('canary rollout', () => {
  const keys = Array.from({ length: 5000 }, (_, i) => `python3 agent.py --task ${i}`);

  it('puts every key in a bucket between 0 and 99', () => {
    expect(keys.every((key) => Number.isInteger(computeCanaryBucket(key)) && computeCanaryBucket(key) < 100)).toBe(
      true,
    );
  });

  it('gives the same key the same verdict every time', () => {
    for (const key of keys.slice(0, 50)) expect(isCanaryEnforced(key, 30)).toBe(isCanaryEnforced(key, 30));
    expect(computeCanaryBucket('nightly-export')).toBe(computeFnv1a32('nightly-export') % 100);
  });

  it.each([0, 10, 50, 100])('enforces about %i% of many keys', (percent) => {
    const share = (keys.filter((key) => isCanaryEnforced(key, percent)).length / keys.length) * 100;
    expect(Math.abs(share - percent)).toBeLessThanOrEqual(3);
  });

  it('turns a breach into log_only on a run outside the canary share', () => {
    const outside = keys.find((key) => computeCanaryBucket(key) >= 10) ?? '';
    const inside = keys.find((key) => computeCanaryBucket(key) < 10) ?? '';
    const memory: Finding = {
      detector: 'memory',
      severity: 'breach',
      observed: 2,
      threshold: 1,
      unit: 'bytes',
      windowMs: 0,
      sampleLines: [],
      detail: {},
    };
    const decide = (runKey: string) =>
      createPolicy({ onBreach: 'kill', alertCooldownMs: 1000, rollout: 'canary', canaryPercent: 10, runKey }).decide(
        { findings: [memory], progress: { progressing: false, reasons: [] } },
        0,
      );
    expect(decide(outside)).toMatchObject({ intended: 'kill', taken: 'log_only', enforced: false, rollout: 'canary' });
    expect(decide(inside)).toMatchObject({ intended: 'kill', taken: 'kill', enforced: true });
  });
});

describe('rollout modes', () => {
  it.each([
    ['enforce', true],
    ['shadow', false],
  ] as const)('%s mode enforces: %s', (rollout, enforced) => {
    expect(isRolloutEnforced({ rollout, canaryPercent: 100, runKey: 'x' })).toBe(enforced);
  });

  it.each([
    ['kill', 'log_only', false],
    ['restart', 'log_only', false],
    ['pause', 'log_only', false],
    ['alert', 'alert', false],
    ['kill', 'kill', true],
  ] as const)('takes an intended %s as %s when enforced is %s', (intended, taken, enforced) => {
    expect(computeTakenAction(intended, enforced)).toBe(taken);
  });
});
