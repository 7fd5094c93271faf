import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderConfigDocs } from './docs.js';
import { FIELDS, PROFILE_NAMES } from './fields.js';
import { getProfile } from './profiles.js';
import { formatResolvedConfig, validateConfigText } from './validate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const example = readFileSync(join(root, 'flowforge.yaml.example'), 'utf8');

describe('flowforge.yaml.example', () => {
  it('validates and resolves to the standard profile plus its example model price', () => {
    const result = validateConfigText(example, 'flowforge.yaml.example', {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const expected = getProfile('standard');
    expected.pricing.models['my-finetuned-model'] = { inputPerMillionUsd: 3, outputPerMillionUsd: 12 };
    expect(result.config).toEqual(expected);
  });

  it.each(FIELDS.map((f) => f.key))('mentions the key %s', (key) => {
    const parts = key.split('.');
    const pattern = parts.map((part, depth) => `^${'  '.repeat(depth)}${part}:`).join('[\\s\\S]*?');
    expect(example).toMatch(new RegExp(pattern, 'm'));
  });
});

describe('formatResolvedConfig', () => {
  it.each(PROFILE_NAMES)('writes YAML that validates back to the same %s configuration', (name) => {
    const cfg = getProfile(name);
    const result = validateConfigText(formatResolvedConfig(cfg), 'resolved.yaml', {});
    expect(result).toEqual({ ok: true, config: cfg });
  });
});

describe('docs/config.md', () => {
  it('is up to date with the schema (regenerate with node scripts/gen-config-docs.mjs)', () => {
    expect(readFileSync(join(root, 'docs', 'config.md'), 'utf8')).toBe(renderConfigDocs());
  });
});
