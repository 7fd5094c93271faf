/** The API key in .flowforge.env: read, migrated from legacy names, or generated (CSPRNG, mode 0600). */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { makeDirectory } from '../adapters/make-dir.js';
import { dirname } from 'node:path';
import { FlowForgeError } from '../errors.js';

/** Names that older versions wrote without the FLOWFORGE_ prefix. */
export const LEGACY_ENV_NAMES = ['API_KEY', 'API_HOST', 'API_PORT'] as const;

/** Shortest key accepted; generated keys are 43 characters (32 random bytes, base64url). */
export const MIN_KEY_LENGTH = 24;

/** The key and what happened to the file. */
export interface ApiKeyResult {
  key: string;
  /** Where it came from: the environment, an existing file, or a file written now. */
  source: 'env' | 'file' | 'generated';
  /** Legacy names renamed in the file. */
  migrated: string[];
  /** True when the file's mode was tightened to 0600. */
  tightened: boolean;
}

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;

/** Parses KEY=value lines (comments, `export`, and single or double quotes allowed). */
export function parseEnvText(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (!match?.[1] || line.trimStart().startsWith('#')) continue;
    values.set(match[1], unquote(match[2] ?? ''));
  }
  return values;
}

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted?.[2] ?? value;
}

/** Renames legacy names to FLOWFORGE_*; a prefixed line already present wins and the legacy one goes. */
export function migrateEnvText(text: string): { text: string; migrated: string[] } {
  const present = parseEnvText(text);
  const migrated: string[] = [];
  const lines = text.split(/\r?\n/).flatMap((line) => {
    const name = LINE.exec(line)?.[1];
    if (
      name === undefined ||
      line.trimStart().startsWith('#') ||
      !(LEGACY_ENV_NAMES as readonly string[]).includes(name)
    )
      return [line];
    migrated.push(name);
    return present.has(`FLOWFORGE_${name}`) ? [] : [line.replace(name, `FLOWFORGE_${name}`)];
  });
  return { text: lines.join('\n'), migrated };
}

/** Writes text to path atomically with mode 0600. */
export function writePrivateFile(path: string, text: string): void {
  makeDirectory(dirname(path));
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode: 0o600 });
  renameSync(temp, path);
}

/** Reads FLOWFORGE_API_KEY from the file (after legacy names), or null when absent. Never writes. */
export function readApiKey(envFile: string): string | null {
  if (!existsSync(envFile)) return null;
  const values = parseEnvText(readFileSync(envFile, 'utf8'));
  const key = values.get('FLOWFORGE_API_KEY') ?? values.get('API_KEY') ?? '';
  return key === '' ? null : key;
}

/** Returns the key from env, else from the file (migrating it), else generates one into the file. */
export function readOrCreateApiKey(envFile: string, env: NodeJS.ProcessEnv): ApiKeyResult {
  const fromEnv = env.FLOWFORGE_API_KEY;
  if (fromEnv !== undefined && fromEnv !== '')
    return { key: checkKey(fromEnv, 'FLOWFORGE_API_KEY'), source: 'env', migrated: [], tightened: false };
  if (!existsSync(envFile)) {
    const key = randomBytes(32).toString('base64url');
    writePrivateFile(envFile, `# FlowForge API key (generated; keep private, mode 0600)\nFLOWFORGE_API_KEY=${key}\n`);
    return { key, source: 'generated', migrated: [], tightened: false };
  }
  const original = readFileSync(envFile, 'utf8');
  const { text, migrated } = migrateEnvText(original);
  const tightened = (statSync(envFile).mode & 0o077) !== 0;
  let key = parseEnvText(text).get('FLOWFORGE_API_KEY') ?? '';
  let body = text;
  if (key === '') {
    key = randomBytes(32).toString('base64url');
    body = `${text.replace(/\n*$/, '\n')}FLOWFORGE_API_KEY=${key}\n`;
  }
  if (body !== original) {
    writePrivateFile(envFile, body);
  } else if (tightened) {
    chmodSync(envFile, 0o600);
  }
  return { key: checkKey(key, envFile), source: 'file', migrated, tightened };
}

function checkKey(key: string, where: string): string {
  if (key.length < MIN_KEY_LENGTH || /\s/.test(key)) {
    throw new FlowForgeError(
      'CONFIG_INVALID',
      `FLOWFORGE_API_KEY in ${where} must be at least ${MIN_KEY_LENGTH} characters without spaces; got ${key.length}. Delete it to have one generated.`,
    );
  }
  return key;
}
