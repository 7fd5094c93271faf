/** `flowforge config validate`: check one file on its own, and print a resolved configuration as YAML. */
import { checkResolvedConfig } from './checks.js';
import { FIELDS } from './fields.js';
import { applyFileData, parseConfigText } from './file-layer.js';
import { loadYaml } from './lazy-deps.js';
import { readTextFile } from './load.js';
import { getProfile } from './profiles.js';
import type { ResolvedConfig } from './types.js';

/** The outcome of validating a config file: the configuration it resolves to, or every problem. */
export type ConfigValidation = { ok: true; config: ResolvedConfig } | { ok: false; errors: string[] };

/** Validates flowforge.yaml text (profile < file; env only feeds `${VAR}`), without reading anything. */
export function validateConfigText(
  text: string,
  source: string,
  env: Record<string, string | undefined>,
): ConfigValidation {
  const parsed = parseConfigText(text, source, env);
  if (!parsed.ok) return parsed;
  const profile = parsed.data.profile;
  const cfg = getProfile(profile === 'strict' || profile === 'lenient' ? profile : 'standard');
  applyFileData(cfg, parsed.data);
  const errors = checkResolvedConfig(cfg);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config: cfg };
}

/** Validates a config file on disk (profile < file; env only feeds `${VAR}` substitution). */
export function validateConfigFile(path: string, env: Record<string, string | undefined>): ConfigValidation {
  const text = readTextFile(path);
  if (text === undefined) return { ok: false, errors: [`${path}: file not found`] };
  return validateConfigText(text, path, env);
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  const last = parts.pop() ?? key;
  let node = target;
  for (const part of parts) {
    const next = (node[part] ?? {}) as Record<string, unknown>;
    node[part] = next;
    node = next;
  }
  node[last] = value;
}

/** The configuration in flowforge.yaml form (snake_case keys, user units): valid input for the file layer. */
export function toConfigFileData(cfg: ResolvedConfig): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const spec of FIELDS) setPath(data, spec.key, spec.read(cfg));
  const models: Record<string, unknown> = {};
  for (const [name, price] of Object.entries(cfg.pricing.models)) {
    models[name] = {
      input_per_million_usd: price.inputPerMillionUsd,
      output_per_million_usd: price.outputPerMillionUsd,
    };
  }
  setPath(data, 'pricing.models', models);
  return data;
}

/** YAML text of a resolved configuration, for `flowforge config validate` (it validates as a file). */
export function formatResolvedConfig(cfg: ResolvedConfig): string {
  return `# Resolved FlowForge configuration (profile ${cfg.profile})\n${loadYaml().stringify(toConfigFileData(cfg), { lineWidth: 0 })}`;
}
