/**
 * The zod 4 schema of flowforge.yaml, derived from the field table so it cannot drift from the
 * env/flag parsers. Strict objects: an unknown key is an error. Values stay in user units here;
 * the field table converts them when the file is applied. zod is loaded lazily (see lazy-deps.ts).
 */
import type { z } from 'zod';
import type { FieldSpec } from './field.js';
import { FIELDS } from './fields.js';
import { loadZod } from './lazy-deps.js';

/** One-line descriptions of the sections of flowforge.yaml. */
export const SECTION_DESCRIPTIONS: Record<string, string> = {
  cpu: 'CPU detector: tree CPU over a window (100 = one core).',
  memory: 'Memory detectors: tree RSS limit and sustained growth.',
  repetition: 'Loop detector: repeated lines and repeated cycles of lines.',
  diversity: 'Low-diversity detector: share of distinct lines.',
  flood: 'Output flood detector: lines and bytes per second.',
  stall: 'Stall detector: no output, no heartbeat, idle CPU.',
  heartbeat: 'Heartbeat detector (::heartbeat:: lines with the nonce).',
  zombies: 'Zombie process detector.',
  budget: 'Token and cost budgets (from ::usage:: lines).',
  policy: 'How findings become actions, and how actions roll out.',
  restart: 'Restart loop: budget, exponential backoff, exit codes.',
  pause: 'What a paused run waits for.',
  output: 'Output analysis and storage limits.',
  pricing: 'Model prices for ::usage:: lines that report tokens without a cost; merged over the built-in table.',
};

function baseType(spec: FieldSpec): z.ZodType {
  const { z } = loadZod();
  switch (spec.input) {
    case 'duration':
    case 'size':
    case 'percent':
      return z.union([z.number(), z.string()]);
    case 'integer':
      return z.number().int();
    case 'number':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'string':
    case 'date':
      return z.string();
    case 'enum':
      return z.enum((spec.values ?? []) as [string, ...string[]]);
    case 'exit-codes':
      return z.array(z.number().int());
    case 'retry-exit':
      return z.union([z.enum(['any-nonzero', 'any', 'none']), z.array(z.number().int())]);
  }
}

function fieldSchema(spec: FieldSpec): z.ZodType {
  const { z } = loadZod();
  const base = baseType(spec);
  const input = spec.offWord === undefined ? base : z.union([base, z.literal(spec.offWord), z.null()]);
  return input
    .superRefine((value, ctx) => {
      const expected = spec.check(value);
      if (expected !== null) ctx.addIssue({ code: 'custom', message: `expected ${expected}` });
    })
    .optional()
    .describe(spec.description);
}

function modelPriceSchema(): z.ZodType {
  const { z } = loadZod();
  return z
    .strictObject({
      input_per_million_usd: z.number().nonnegative().describe('USD per million input (prompt) tokens.'),
      output_per_million_usd: z.number().nonnegative().describe('USD per million output (completion) tokens.'),
    })
    .describe('Price of one model.');
}

function buildSchema(): z.ZodType {
  const { z } = loadZod();
  const top: Record<string, z.ZodType> = {};
  const sections = new Map<string, Record<string, z.ZodType>>();
  for (const spec of FIELDS) {
    const [section, key] = spec.key.split('.');
    if (section === undefined) continue;
    if (key === undefined) {
      top[section] = fieldSchema(spec);
      continue;
    }
    const shape = sections.get(section) ?? {};
    shape[key] = fieldSchema(spec);
    sections.set(section, shape);
  }
  const pricing = sections.get('pricing') ?? {};
  pricing.models = z
    .record(z.string().min(1), modelPriceSchema())
    .optional()
    .describe('Prices per model name (lower case, without provider prefix or date suffix).');
  for (const [section, shape] of sections) {
    top[section] = z
      .strictObject(shape)
      .optional()
      .describe(SECTION_DESCRIPTIONS[section] ?? section);
  }
  return z.strictObject(top).describe('flowforge.yaml: configuration of a supervised run.');
}

let cached: z.ZodType | null = null;

/** The schema of a parsed flowforge.yaml document (all keys optional), built at first use. */
export function getConfigFileSchema(): z.ZodType {
  cached ??= buildSchema();
  return cached;
}

/** The JSON Schema (draft 2020-12) of flowforge.yaml's input, for docs and editors. */
export function toConfigJsonSchema(): Record<string, unknown> {
  return loadZod().z.toJSONSchema(getConfigFileSchema(), { io: 'input' });
}
