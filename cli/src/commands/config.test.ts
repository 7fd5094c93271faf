import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { CONFIG_USAGE, configCommand } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'flowforge-config-cmd-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function recordingIo(cwd = dir): CliIo & { outs: string[]; errors: string[] } {
  const outs: string[] = [];
  const errors: string[] = [];
  return {
    outs,
    errors,
    out: (text) => outs.push(text),
    error: (text) => errors.push(text),
    annotate: () => undefined,
    cwd,
    env: {},
  };
}

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function validate(args: string[], cwd?: string): { code: number; outs: string[]; errors: string[] } {
  const io = recordingIo(cwd);
  const code = configCommand(['validate', ...args], io);
  return { code, outs: io.outs, errors: io.errors };
}

describe('config validate: a valid config', () => {
  it('prints the resolved config of a file and exits 0', () => {
    write('good.yaml', 'cpu:\n  max_percent: 70\n');
    const { code, outs, errors } = validate(['good.yaml']);
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    expect(outs[0]).toContain('# Resolved FlowForge configuration (profile standard)');
    expect(outs[0]).toContain('max_percent: 70');
  });

  it.each([[['--profile', 'strict']], [['--profile=strict']]])('applies the profile given as %j', (args) => {
    const { code, outs } = validate(['good.yaml', ...args]);
    expect(code).toBe(0);
    expect(outs[0]).toContain('(profile strict)');
  });

  it('resolves the profile alone when there is no file and no ./flowforge.yaml', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const { code, outs } = validate(['--profile=lenient'], empty);
    expect(code).toBe(0);
    expect(outs[0]).toContain('(profile lenient)');
  });
});

describe('config validate: an invalid or unreadable config exits 1 with one clean message', () => {
  const expectOneMessage = (result: { code: number; outs: string[]; errors: string[] }, ...parts: string[]): void => {
    expect(result.code).toBe(1);
    expect(result.outs).toEqual([]);
    expect(result.errors).toHaveLength(1);
    for (const part of parts) expect(result.errors[0]).toContain(part);
    expect(result.errors[0]).not.toMatch(/^\s+at /m);
  };

  it('names a directory given as the file, on one line', () => {
    const result = validate([dir]);
    expectOneMessage(result, `config file ${dir}`);
    expect(result.errors[0]).not.toContain('\n');
  });

  it('names a ./flowforge.yaml that is a directory', () => {
    const cwd = join(dir, 'nested');
    mkdirSync(join(cwd, 'flowforge.yaml'), { recursive: true });
    const result = validate([], cwd);
    expectOneMessage(result, join(cwd, 'flowforge.yaml'));
  });

  it('names a file that does not exist and says what to do', () => {
    const result = validate(['missing.yaml']);
    expectOneMessage(result, `config file ${join(dir, 'missing.yaml')} does not exist; check the path`);
    expect(result.errors[0]).not.toContain('\n');
  });

  it('lists a YAML syntax error with its line', () => {
    const file = write('broken.yaml', 'cpu:\n  max_percent: [1\n');
    expectOneMessage(validate([file]), `${file} is not valid:`, `${file}:`, 'YAML syntax error');
  });

  it('lists every bad value with its line and key', () => {
    const file = write('bad.yaml', 'cpu:\n  max_percent: lots\nstall:\n  timeout: soon\n');
    expectOneMessage(validate([file]), `${file}:2: cpu.max_percent:`, `${file}:4: stall.timeout:`);
  });

  it('names a bad --profile value and the profiles there are', () => {
    expectOneMessage(validate(['good.yaml', '--profile', 'paranoid']), 'standard, strict, lenient', 'paranoid');
  });
});

describe('config validate: bad usage exits 2 and says what to do', () => {
  it.each([
    ['an unknown flag', ['--bogus'], "Unknown option '--bogus'"],
    ['--profile without its value', ['--profile'], '--profile'],
    ['a second file', ['a.yaml', 'b.yaml'], 'expected at most one config file, got 2 (a.yaml, b.yaml)'],
  ])('rejects %s', (_name, args, text) => {
    const { code, outs, errors } = validate(args);
    expect(code).toBe(2);
    expect(outs).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(text);
    expect(errors[0]).toContain('See: flowforge config validate --help');
  });

  it('rejects an unknown config command, with the usage', () => {
    const io = recordingIo();
    expect(configCommand(['check'], io)).toBe(2);
    expect(io.errors[0]).toContain('unknown config command "check"');
    expect(io.errors[0]).toContain(CONFIG_USAGE);
  });
});

describe('config --help', () => {
  it.each([[['--help']], [['help']], [['validate', '--help']], [['validate', 'x.yaml', '--help']]])(
    'prints the usage on stdout and exits 0 for %j',
    (argv) => {
      const io = recordingIo();
      expect(configCommand(argv, io)).toBe(0);
      expect(io.outs).toEqual([CONFIG_USAGE]);
      expect(io.errors).toEqual([]);
    },
  );
});
