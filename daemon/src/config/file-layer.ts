/**
 * The file layer of the configuration: flowforge.yaml text → validated data (zod) → applied onto a
 * ResolvedConfig. yaml and zod are loaded on first use (lazy-deps.ts), only when a file exists.
 */
import type { z } from 'zod';
import { FIELDS } from './fields.js';
import { SECTION_DESCRIPTIONS, getConfigFileSchema } from './schema.js';
import type { ModelPrice, ResolvedConfig } from './types.js';
import { describeValue } from './units.js';
import { readYamlSource } from './yaml-source.js';

/** Validated file data (user units, snake_case), or every problem found, each naming source, line and key. */
export type ConfigFileData = { ok: true; data: Record<string, unknown> } | { ok: false; errors: string[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

function knownKeys(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return [...new Set(FIELDS.map((f) => f.key.split('.')[0] ?? ''))];
  if (path.length === 1 && path[0] === 'pricing') return ['as_of', 'models'];
  if (path.length === 3 && path[0] === 'pricing') return ['input_per_million_usd', 'output_per_million_usd'];
  const prefix = `${path.map(String).join('.')}.`;
  return FIELDS.filter((f) => f.key.startsWith(prefix)).map((f) => f.key.slice(prefix.length));
}

function unknownKeyText(path: readonly PropertyKey[], key: string): string {
  const known = knownKeys(path);
  const close = known.filter((k) => editDistance(k, key) <= Math.max(2, Math.floor(k.length / 4)));
  const hint = close.length > 0 ? ` (did you mean ${close.join(' or ')}?)` : '';
  return `unknown key; expected one of ${known.join(', ')}${hint}`;
}

function issueText(issue: z.core.$ZodIssue): string {
  const got = `, got ${describeValue(issue.input)}`;
  if (issue.message.startsWith('expected ')) return issue.message + got;
  const spec = FIELDS.find((f) => f.key === issue.path.join('.'));
  if (spec !== undefined) return `expected ${spec.expected}${got}`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}${got}`;
  if (issue.code === 'too_small')
    return `expected a value ${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}${got}`;
  return `${issue.message}${got}`;
}

/** Parses and validates flowforge.yaml text; `source` is the path shown in messages. */
export function parseConfigText(text: string, source: string, env: Record<string, string | undefined>): ConfigFileData {
  const yaml = readYamlSource(text, source, env);
  if (!yaml.ok) return yaml;
  const data = yaml.data ?? {};
  if (!isRecord(data))
    return { ok: false, errors: [`${source}:1: expected a mapping of keys (see flowforge.yaml.example)`] };
  for (const section of Object.keys(SECTION_DESCRIPTIONS))
    if (data[section] === null) Reflect.deleteProperty(data, section);
  const result = getConfigFileSchema().safeParse(data, { reportInput: true });
  if (result.success) return { ok: true, data };
  const errors: string[] = [];
  for (const issue of result.error.issues) {
    const where = (key?: string): string => {
      const line = yaml.lineOf(issue.path, key);
      return line === null ? source : `${source}:${line}`;
    };
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        errors.push(`${where(key)}: ${[...issue.path, key].join('.')}: ${unknownKeyText(issue.path, key)}`);
      continue;
    }
    errors.push(`${where()}: ${issue.path.map(String).join('.')}: ${issueText(issue)}`);
  }
  return { ok: false, errors };
}

function valueAt(data: Record<string, unknown>, key: string): unknown {
  let node: unknown = data;
  for (const part of key.split('.')) node = isRecord(node) ? node[part] : undefined;
  return node;
}

/** Writes validated file data onto cfg; model prices merge over the ones cfg already has. */
export function applyFileData(cfg: ResolvedConfig, data: Record<string, unknown>): void {
  for (const spec of FIELDS) {
    const raw = valueAt(data, spec.key);
    if (raw !== undefined) spec.assign(cfg, raw);
  }
  const models = valueAt(data, 'pricing.models');
  if (!isRecord(models)) return;
  for (const [name, price] of Object.entries(models)) {
    if (!isRecord(price)) continue;
    const entry: ModelPrice = {
      inputPerMillionUsd: Number(price.input_per_million_usd),
      outputPerMillionUsd: Number(price.output_per_million_usd),
    };
    cfg.pricing.models[name.toLowerCase()] = entry;
  }
}
