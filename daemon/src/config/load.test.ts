import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isFlowForgeError } from '../errors.js';
import { describeReadError, loadConfig, readTextFile, type LoadConfigOptions } from './load.js';
import type { ConfigFlags } from './overrides.js';
import type { ResolvedConfig } from './types.js';

const CWD = '/work/project';

function load(
  files: Record<string, string>,
  env: Record<string, string> = {},
  flags: ConfigFlags = {},
): ResolvedConfig {
  const options: LoadConfigOptions = { cwd: CWD, env, flags, readFile: (path) => files[path] };
  return loadConfig(options);
}

function loadError(files: Record<string, string>, env: Record<string, string> = {}, flags: ConfigFlags = {}): Error {
  try {
    load(files, env, flags);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected loadConfig to throw');
}

const FILE = `${CWD}/flowforge.yaml`;

describe('loadConfig precedence', () => {
  const cases: [string, Record<string, string>, Record<string, string>, ConfigFlags, number][] = [
    ['uses the standard profile by default', {}, {}, {}, 90],
    ['uses the profile named in the file', { [FILE]: 'profile: strict\n' }, {}, {}, 80],
    [
      'lets FLOWFORGE_PROFILE beat the file profile',
      { [FILE]: 'profile: strict\n' },
      { FLOWFORGE_PROFILE: 'lenient' },
      {},
      95,
    ],
    ['lets --profile beat FLOWFORGE_PROFILE', {}, { FLOWFORGE_PROFILE: 'lenient' }, { profile: 'strict' }, 80],
    ['lets a file key beat the profile', { [FILE]: 'profile: strict\ncpu:\n  max_percent: 70\n' }, {}, {}, 70],
    [
      'lets a file key beat a profile chosen by env',
      { [FILE]: 'cpu:\n  max_percent: 70\n' },
      { FLOWFORGE_PROFILE: 'strict' },
      {},
      70,
    ],
    ['lets env beat the file', { [FILE]: 'cpu:\n  max_percent: 70\n' }, { FLOWFORGE_MAX_CPU: '60' }, {}, 60],
    [
      'lets flags beat env',
      { [FILE]: 'cpu:\n  max_percent: 70\n' },
      { FLOWFORGE_MAX_CPU: '60' },
      { maxCpu: '50%' },
      50,
    ],
    ['treats an empty env var as unset', { [FILE]: 'cpu:\n  max_percent: 70\n' }, { FLOWFORGE_MAX_CPU: '' }, {}, 70],
  ];
  it.each(cases)('%s', (_name, files, env, flags, maxCpu) => {
    expect(load(files, env, flags).detection.cpu.maxPercent).toBe(maxCpu);
  });

  it('reads --config relative to cwd and FLOWFORGE_CONFIG when there is no flag', () => {
    const files = { [`${CWD}/a.yaml`]: 'grace: 1s\n', [`${CWD}/b.yaml`]: 'grace: 2s\n' };
    expect(load(files, { FLOWFORGE_CONFIG: 'b.yaml' }, { config: 'a.yaml' }).graceMs).toBe(1000);
    expect(load(files, { FLOWFORGE_CONFIG: 'b.yaml' }).graceMs).toBe(2000);
  });

  it('parses every unit the same way in files, env and flags', () => {
    const cfg = load(
      { [FILE]: 'memory:\n  max_mb: 1GiB\nstall:\n  timeout: 1h30m\n' },
      { FLOWFORGE_SAMPLE_INTERVAL: '500ms', FLOWFORGE_RETRY_ON_EXIT: '1,75' },
      { maxMemoryMb: '512', timeout: '90', heartbeatTimeout: 'off', retryOnExit: 'any', quiet: true },
    );
    expect(cfg.detection.memory.maxBytes).toBe(512e6);
    expect(cfg.detection.stall.timeoutMs).toBe(5_400_000);
    expect(cfg.sampleIntervalMs).toBe(500);
    expect(cfg.detection.timeoutMs).toBe(90_000);
    expect(cfg.detection.heartbeat.timeoutMs).toBeNull();
    expect(cfg.restart.retryOnExit).toBe('any-nonzero');
    expect(cfg.quiet).toBe(true);
  });

  it('turns --shadow-mode into rollout shadow, over an env rollout', () => {
    expect(load({}, { FLOWFORGE_POLICY_ROLLOUT: 'canary' }, { shadowMode: true }).policy.rollout).toBe('shadow');
  });

  it('merges file model prices over the built-in table', () => {
    const cfg = load({
      [FILE]: 'pricing:\n  models:\n    My-Model: {input_per_million_usd: 1, output_per_million_usd: 2}\n',
    });
    expect(cfg.pricing.models['my-model']).toEqual({ inputPerMillionUsd: 1, outputPerMillionUsd: 2 });
    expect(cfg.pricing.models['gpt-4o']).toBeDefined();
  });

  it('substitutes ${VAR} and ${VAR:-default} in file values, typing unquoted numbers', () => {
    const text = 'name: ${RUN_NAME:-nightly}\ncpu:\n  max_percent: ${CPU}\ndb: "${HOME}/ff.db"\n';
    const cfg = load({ [FILE]: text }, { CPU: '75', HOME: '/home/me' });
    expect(cfg.name).toBe('nightly');
    expect(cfg.detection.cpu.maxPercent).toBe(75);
    expect(cfg.db).toBe('/home/me/ff.db');
  });
});

describe('loadConfig errors', () => {
  it('throws CONFIG_NOT_FOUND for an explicit --config that does not exist', () => {
    const error = loadError({}, {}, { config: 'missing.yaml' });
    expect(isFlowForgeError(error, 'CONFIG_NOT_FOUND')).toBe(true);
    expect(error.message).toContain(`${CWD}/missing.yaml`);
  });

  const messages: [string, Record<string, string>, Record<string, string>, ConfigFlags, string][] = [
    [
      'names the path and line of an unknown key, with a suggestion',
      { [FILE]: 'cpu:\n  max_percnt: 90\n' },
      {},
      {},
      `${FILE}:2: cpu.max_percnt: unknown key; expected one of max_percent, window (did you mean max_percent?)`,
    ],
    ['names an unknown top-level key', { [FILE]: 'grace: 1s\nbogus: 1\n' }, {}, {}, `${FILE}:2: bogus: unknown key`],
    [
      'names the path, expectation and value of a bad file value',
      { [FILE]: 'stall:\n  timeout: soon\n' },
      {},
      {},
      `${FILE}:2: stall.timeout: expected a duration like "10s", "500ms", "5m" or a number of seconds (≥ 1s), or "off", got "soon"`,
    ],
    [
      'reports a value of the wrong type',
      { [FILE]: 'quiet: 3\n' },
      {},
      {},
      `${FILE}:1: quiet: expected true or false, got 3`,
    ],
    [
      'reports an out-of-range value',
      { [FILE]: 'policy:\n  canary_percent: 150\n' },
      {},
      {},
      'policy.canary_percent: expected a percentage like 90 or "90%" (≥ 0 and ≤ 100), got 150',
    ],
    [
      'names the env var of a bad env value',
      {},
      { FLOWFORGE_MAX_CPU: 'lots' },
      {},
      'FLOWFORGE_MAX_CPU: cpu.max_percent: expected a percentage',
    ],
    [
      'names the flag of a bad flag value',
      {},
      {},
      { onBreach: 'explode' },
      '--on-breach: policy.on_breach: expected one of kill, restart, pause, got "explode"',
    ],
    [
      'names a bad profile',
      {},
      {},
      { profile: 'paranoid' },
      '--profile: profile: expected one of standard, strict, lenient, got "paranoid"',
    ],
    [
      'names an unset variable and its line',
      { [FILE]: 'grace: 1s\nname: ${NOPE}\n' },
      {},
      {},
      `${FILE}:2: environment variable NOPE is not set`,
    ],
    ['reports YAML syntax errors with a line', { [FILE]: 'cpu:\n  max_percent: [1\n' }, {}, {}, 'YAML syntax error'],
    [
      'reports rules across fields',
      {},
      {},
      { cpuWindow: '1s', sampleInterval: '5s' },
      'resolved config: cpu.window: expected ≥ sample_interval (5s)',
    ],
    [
      'reports conflicting shadow mode and rollout flags',
      {},
      {},
      { shadowMode: true, policyRollout: 'enforce' },
      '--shadow-mode: policy.rollout: shadow mode conflicts',
    ],
  ];
  it.each(messages)('%s', (_name, files, env, flags, expected) => {
    const error = loadError(files, env, flags);
    expect(isFlowForgeError(error, 'CONFIG_INVALID')).toBe(true);
    expect(error.message).toContain(expected);
  });

  it('lists every problem of every layer at once and says how to fix them', () => {
    const error = loadError({ [FILE]: 'grace: never\n' }, { FLOWFORGE_GRACE: 'x' }, { grace: 'y' });
    expect(error.message).toMatch(/3 problems/);
    expect(error.message).toContain(`${FILE}:1: grace:`);
    expect(error.message).toContain('FLOWFORGE_GRACE: grace:');
    expect(error.message).toContain('--grace: grace:');
    expect(error.message).toContain('docs/config.md');
  });
});

describe('readTextFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowforge-load-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a file as text and returns undefined for a path that does not exist', () => {
    const file = join(dir, 'flowforge.yaml');
    writeFileSync(file, 'grace: 1s\n');
    expect(readTextFile(file)).toBe('grace: 1s\n');
    expect(readTextFile(join(dir, 'missing.yaml'))).toBeUndefined();
    expect(readTextFile(join(file, 'below-a-file.yaml'))).toBeUndefined();
  });

  it('throws a one-line CONFIG_INVALID naming a directory and the file to pass instead', () => {
    let thrown: unknown;
    try {
      readTextFile(dir);
    } catch (error) {
      thrown = error;
    }
    expect(isFlowForgeError(thrown, 'CONFIG_INVALID')).toBe(true);
    const message = (thrown as Error).message;
    expect(message).toBe(
      `config file ${dir} is a directory; pass the path of a YAML file (e.g. ${dir}/flowforge.yaml)`,
    );
  });

  it('makes loadConfig fail with the same message for --config naming a directory', () => {
    expect(() => loadConfig({ cwd: dir, env: {}, flags: { config: '.' } })).toThrow(
      `config file ${dir} is a directory`,
    );
  });
});

describe('describeReadError', () => {
  const errno = (code: string, message: string): NodeJS.ErrnoException => Object.assign(new Error(message), { code });
  const cases: [string, unknown, string][] = [
    [
      'says what to do about a file it may not read',
      errno('EACCES', "EACCES: permission denied, open '/etc/ff.yaml'"),
      'cannot read config file /etc/ff.yaml: permission denied; make it readable (chmod u+r) or pass another file',
    ],
    [
      'keeps the system message of any other failure',
      errno('EIO', 'EIO: i/o error, read'),
      'cannot read config file /etc/ff.yaml: EIO: i/o error, read; check that the path names a readable YAML file',
    ],
  ];
  it.each(cases)('%s', (_name, error, expected) => {
    expect(describeReadError('/etc/ff.yaml', error)).toBe(expected);
  });
});
