import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveBind } from '../src/daemon/bind.js';
import { migrateEnvText, readOrCreateApiKey } from '../src/daemon/key-file.js';
import { makeTempDir } from './api-helpers.js';

const temps: { remove: () => void }[] = [];
afterEach(() => {
  for (const temp of temps.splice(0)) temp.remove();
});
const tempFile = (): string => {
  const temp = makeTempDir();
  temps.push(temp);
  return join(temp.dir, '.flowforge.env');
};

describe('the key file', () => {
  it('generates a 43-character key into a new file with mode 0600', () => {
    const file = tempFile();
    const result = readOrCreateApiKey(file, {});
    expect(result).toMatchObject({ source: 'generated' });
    expect(result.key).toMatch(/^[\w-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readOrCreateApiKey(file, {}).key).toBe(result.key);
  });

  it('migrates legacy names and tightens a loose mode', () => {
    const file = tempFile();
    writeFileSync(file, '# mine\nAPI_KEY=legacy-key-0123456789abcdefghij\nAPI_PORT=9000\nOTHER=1\n', { mode: 0o644 });
    const result = readOrCreateApiKey(file, {});
    expect(result).toMatchObject({
      key: 'legacy-key-0123456789abcdefghij',
      migrated: ['API_KEY', 'API_PORT'],
      tightened: true,
    });
    expect(readFileSync(file, 'utf8')).toBe(
      '# mine\nFLOWFORGE_API_KEY=legacy-key-0123456789abcdefghij\nFLOWFORGE_API_PORT=9000\nOTHER=1\n',
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['a prefixed name wins over its legacy twin', 'API_KEY=a\nFLOWFORGE_API_KEY=b\n', 'FLOWFORGE_API_KEY=b\n'],
    ['comments are kept as they are', '# API_KEY=x\n', '# API_KEY=x\n'],
    ['export lines are migrated', 'export API_HOST=127.0.0.1\n', 'export FLOWFORGE_API_HOST=127.0.0.1\n'],
  ])('%s', (_name, input, output) => {
    expect(migrateEnvText(input).text).toBe(output);
  });

  it('prefers FLOWFORGE_API_KEY from the environment and refuses short keys', () => {
    const file = tempFile();
    expect(readOrCreateApiKey(file, { FLOWFORGE_API_KEY: 'env-key-0123456789abcdefghij' }).source).toBe('env');
    expect(() => readOrCreateApiKey(file, { FLOWFORGE_API_KEY: 'short' })).toThrow(/at least 24/);
  });
});

describe('resolveBind', () => {
  it.each([
    ['defaults to 127.0.0.1:8080', {}, { host: '127.0.0.1', port: 8080 }],
    [
      'reads FLOWFORGE_API_HOST and FLOWFORGE_API_PORT',
      { env: { FLOWFORGE_API_HOST: '::1', FLOWFORGE_API_PORT: '9001' } },
      { host: '::1', port: 9001 },
    ],
    [
      'allows a remote bind with --allow-remote and a configured key',
      { host: '0.0.0.0', allowRemote: true, keyConfigured: true },
      { host: '0.0.0.0' },
    ],
  ])(
    '%s',
    (
      _name,
      options: { env?: NodeJS.ProcessEnv; host?: string; allowRemote?: boolean; keyConfigured?: boolean },
      expected,
    ) => {
      expect(resolveBind({ env: {}, keyConfigured: false, ...options })).toMatchObject(expected);
    },
  );

  it.each([
    ['without --allow-remote', { host: '0.0.0.0', keyConfigured: true }],
    ['with --allow-remote but a key generated now', { host: '192.168.1.5', allowRemote: true, keyConfigured: false }],
  ])('refuses a non-loopback bind %s', (_name, options) => {
    expect(() => resolveBind({ env: {}, ...options })).toThrow(/Refusing/);
  });
});
