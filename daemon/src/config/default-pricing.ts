/** The built-in, dated price table for common models (USD per million tokens), overridable in flowforge.yaml. */
import type { ModelPrice } from './types.js';

/**
 * List prices of the providers' standard tier on the as_of date, for prompts up to 200k tokens where a
 * provider tiers by prompt length (gemini-2.5-pro). Cached-input, batch and long-context prices are ignored.
 */
export const DEFAULT_PRICING: { asOf: string; models: Record<string, ModelPrice> } = {
  asOf: '2025-08-15',
  models: {
    'gpt-5': { inputPerMillionUsd: 1.25, outputPerMillionUsd: 10 },
    'gpt-5-mini': { inputPerMillionUsd: 0.25, outputPerMillionUsd: 2 },
    'gpt-5-nano': { inputPerMillionUsd: 0.05, outputPerMillionUsd: 0.4 },
    'gpt-4o': { inputPerMillionUsd: 2.5, outputPerMillionUsd: 10 },
    'gpt-4o-mini': { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 },
    'gpt-4.1': { inputPerMillionUsd: 2, outputPerMillionUsd: 8 },
    'gpt-4.1-mini': { inputPerMillionUsd: 0.4, outputPerMillionUsd: 1.6 },
    'gpt-4.1-nano': { inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.4 },
    o3: { inputPerMillionUsd: 2, outputPerMillionUsd: 8 },
    'o3-mini': { inputPerMillionUsd: 1.1, outputPerMillionUsd: 4.4 },
    'o4-mini': { inputPerMillionUsd: 1.1, outputPerMillionUsd: 4.4 },
    'claude-opus-4-1': { inputPerMillionUsd: 15, outputPerMillionUsd: 75 },
    'claude-opus-4': { inputPerMillionUsd: 15, outputPerMillionUsd: 75 },
    'claude-sonnet-4': { inputPerMillionUsd: 3, outputPerMillionUsd: 15 },
    'claude-3-7-sonnet': { inputPerMillionUsd: 3, outputPerMillionUsd: 15 },
    'claude-3-5-haiku': { inputPerMillionUsd: 0.8, outputPerMillionUsd: 4 },
    'gemini-2.5-pro': { inputPerMillionUsd: 1.25, outputPerMillionUsd: 10 },
    'gemini-2.5-flash': { inputPerMillionUsd: 0.3, outputPerMillionUsd: 2.5 },
    'gemini-2.0-flash': { inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.4 },
  },
};
