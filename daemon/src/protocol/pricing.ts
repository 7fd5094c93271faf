/** computeCostUsd: the cost of a ::usage:: line, as reported or priced from the configured price table. */
import type { ModelPrice } from '../config/types.js';
import type { UsageCommand } from './types.js';

/** The cost of one usage report and how it was found. */
export interface UsageCost {
  tokens: number;
  costUsd: number | null;
  /** reported: cost_usd given; priced: from the table; unpriced: tokens of a model missing from the table. */
  basis: 'reported' | 'priced' | 'unpriced';
  /** The price-table entry used, when priced. */
  pricedAs: string | null;
}

const VERSION_SUFFIXES = [/-\d{4}-\d{2}-\d{2}$/, /-\d{8}$/, /@\d{8}$/, /-latest$/];

/** The table name a model id maps to: exact, else lower-cased without provider prefix or date suffix. */
export function findModelPrice(
  model: string,
  models: Readonly<Record<string, ModelPrice>>,
): [string, ModelPrice] | null {
  const exact = models[model];
  if (exact !== undefined) return [model, exact];
  let name = model.toLowerCase().replace(/^.*\//, '');
  for (const suffix of VERSION_SUFFIXES) name = name.replace(suffix, '');
  const price = models[name];
  return price === undefined ? null : [name, price];
}

/** Prices a usage report: a reported cost_usd wins; else tokens × the model's price; else unpriced (null cost). */
export function computeCostUsd(
  usage: Pick<UsageCommand, 'model' | 'inputTokens' | 'outputTokens' | 'costUsd'>,
  pricing: { models: Readonly<Record<string, ModelPrice>> },
): UsageCost {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  const tokens = input + output;
  if (usage.costUsd !== null) return { tokens, costUsd: usage.costUsd, basis: 'reported', pricedAs: null };
  const found = usage.model === null ? null : findModelPrice(usage.model, pricing.models);
  if (found === null)
    return { tokens, costUsd: tokens === 0 ? 0 : null, basis: tokens === 0 ? 'priced' : 'unpriced', pricedAs: null };
  const [name, price] = found;
  const costUsd = (input * price.inputPerMillionUsd + output * price.outputPerMillionUsd) / 1_000_000;
  return { tokens, costUsd, basis: 'priced', pricedAs: name };
}
