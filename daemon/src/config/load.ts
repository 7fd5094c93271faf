/**
 * loadConfig: defaults < profile < file < env (FLOWFORGE_*) < flags. Runs at `flowforge run`
 * start-up, so yaml and zod (~170 ms together) are loaded only when a config file exists; env and
 * flags are checked by hand with the same field parsers.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errorMessage, FlowForgeError } from '../errors.js';
import { checkResolvedConfig } from './checks.js';
import { applyFileData, parseConfigText } from './file-layer.js';
import { PROFILE_NAMES } from './fields.js';
import { applyOverrides, flagName, SPECIAL_ENV, type ConfigFlags } from './overrides.js';

export type { ConfigFlags } from './overrides.js';
import { getProfile } from './profiles.js';
import type { ProfileName, ResolvedConfig } from './types.js';
import { describeValue } from './units.js';

/** Inputs of loadConfig; configPath and profile are programmatic twins of flags.config and flags.profile. */
export interface LoadConfigOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  flags?: ConfigFlags;
  configPath?: string;
  profile?: ProfileName;
  /** Reads a file as UTF-8 text; returns undefined when it does not exist. Defaults to node:fs. */
  readFile?: (path: string) => string | undefined;
}

/** The default file name looked up in the working directory. */
export const DEFAULT_CONFIG_FILE = 'flowforge.yaml';

/** What went wrong reading a config file, and what to do about it (one line). */
export function describeReadError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EISDIR':
      return `config file ${path} is a directory; pass the path of a YAML file (e.g. ${join(path, DEFAULT_CONFIG_FILE)})`;
    case 'EACCES':
    case 'EPERM':
      return `cannot read config file ${path}: permission denied; make it readable (chmod u+r) or pass another file`;
    default:
      return `cannot read config file ${path}: ${errorMessage(error)}; check that the path names a readable YAML file`;
  }
}

/** Reads a UTF-8 file, or undefined when it does not exist (other read errors abort with CONFIG_INVALID). */
export function readTextFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    // ENOTDIR: a part of the path is a file (flowforge.yaml/x), so this file does not exist either.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new FlowForgeError('CONFIG_INVALID', describeReadError(path, error), { cause: error });
  }
}

function isProfileName(value: string): value is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(value);
}

/** Throws CONFIG_INVALID listing every problem and how to fix it. */
export function throwConfigInvalid(errors: readonly string[]): never {
  const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
  throw new FlowForgeError(
    'CONFIG_INVALID',
    `Invalid FlowForge configuration (${count}):\n${errors.map((e) => `  ${e}`).join('\n')}\n` +
      'Fix each value above (docs/config.md lists every key, unit, env var and flag); ' +
      '`flowforge config validate` checks a file.',
  );
}

function chooseProfile(options: LoadConfigOptions, fileProfile: unknown, errors: string[]): ProfileName {
  const flags = options.flags ?? {};
  const envProfile = options.env[SPECIAL_ENV.profile];
  const candidates: [string, unknown][] = [
    [flagName('profile'), flags.profile ?? options.profile],
    [SPECIAL_ENV.profile, envProfile === '' ? undefined : envProfile],
    ['file', fileProfile],
  ];
  for (const [source, value] of candidates) {
    if (value === undefined) continue;
    if (typeof value === 'string' && isProfileName(value)) return value;
    if (source !== 'file')
      errors.push(`${source}: profile: expected one of ${PROFILE_NAMES.join(', ')}, got ${describeValue(value)}`);
  }
  return 'standard';
}

function locateConfigFile(options: LoadConfigOptions): { path: string; explicitBy: string | null } {
  const flags = options.flags ?? {};
  const explicit: [string, string | undefined][] = [
    [flagName('config'), flags.config ?? options.configPath],
    [SPECIAL_ENV.config, options.env[SPECIAL_ENV.config] || undefined],
  ];
  for (const [source, value] of explicit) {
    if (value !== undefined) return { path: resolve(options.cwd, value), explicitBy: source };
  }
  return { path: resolve(options.cwd, DEFAULT_CONFIG_FILE), explicitBy: null };
}

/** Resolves the configuration of a run from all layers; throws CONFIG_NOT_FOUND or CONFIG_INVALID. */
export function loadConfig(options: LoadConfigOptions): ResolvedConfig {
  const readFile = options.readFile ?? readTextFile;
  const { path, explicitBy } = locateConfigFile(options);
  const text = readFile(path);
  if (text === undefined && explicitBy !== null) {
    throw new FlowForgeError(
      'CONFIG_NOT_FOUND',
      `config file ${path} (from ${explicitBy}) does not exist; check the path, or drop ${explicitBy} to use ./${DEFAULT_CONFIG_FILE} when present`,
    );
  }
  const errors: string[] = [];
  let fileData: Record<string, unknown> | null = null;
  if (text !== undefined) {
    const parsed = parseConfigText(text, path, options.env);
    if (parsed.ok) fileData = parsed.data;
    else errors.push(...parsed.errors);
  }
  const cfg = getProfile(chooseProfile(options, fileData?.profile, errors));
  const profile = cfg.profile;
  if (fileData !== null) applyFileData(cfg, fileData);
  errors.push(...applyOverrides(cfg, 'env', options.env, {}));
  errors.push(...applyOverrides(cfg, 'flags', {}, options.flags ?? {}));
  cfg.profile = profile;
  if (errors.length === 0) errors.push(...checkResolvedConfig(cfg));
  if (errors.length > 0) throwConfigInvalid(errors);
  return cfg;
}
