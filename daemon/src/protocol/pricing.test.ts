import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICING } from '../config/default-pricing.js';
import { computeCostUsd } from './pricing.js';
import type { UsageCost } from './pricing.js';

type Usage = Parameters<typeof computeCostUsd>[0];
const usage = (partial: Partial<Usage>): Usage => ({
  model: null,
  inputTokens: null,
  outputTokens: null,
  costUsd: null,
  ...partial,
});

describe('computeCostUsd', () => {
  const cases: [string, Usage, Partial<UsageCost>][] = [
    [
      'prices tokens of a known model',
      usage({ model: 'gpt-4o', inputTokens: 1_000_000, outputTokens: 100_000 }),
      { tokens: 1_100_000, costUsd: 3.5, basis: 'priced', pricedAs: 'gpt-4o' },
    ],
    [
      'prices a dated model id by its family name',
      usage({ model: 'claude-sonnet-4-20250514', inputTokens: 2_000_000 }),
      { costUsd: 6, pricedAs: 'claude-sonnet-4' },
    ],
    [
      'strips a provider prefix',
      usage({ model: 'openai/gpt-4o-mini', outputTokens: 1_000_000 }),
      { costUsd: 0.6, pricedAs: 'gpt-4o-mini' },
    ],
    [
      'keeps a mini model apart from its big sibling',
      usage({ model: 'gpt-4.1-mini-2025-04-14', inputTokens: 1_000_000 }),
      { costUsd: 0.4, pricedAs: 'gpt-4.1-mini' },
    ],
    [
      'prefers a reported cost over the table',
      usage({ model: 'gpt-4o', inputTokens: 10, costUsd: 0.5 }),
      { costUsd: 0.5, basis: 'reported' },
    ],
    [
      'leaves tokens of an unknown model unpriced',
      usage({ model: 'my-local-llama', inputTokens: 50 }),
      { tokens: 50, costUsd: null, basis: 'unpriced' },
    ],
    ['leaves tokens without a model unpriced', usage({ inputTokens: 50 }), { costUsd: null, basis: 'unpriced' }],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    const result = computeCostUsd(input, DEFAULT_PRICING);
    expect(result).toMatchObject(expected);
  });
});
