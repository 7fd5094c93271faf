/** `flowforge config validate` through the built CLI: clean one-message errors, strict usage, exit codes. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, useTempDir } from './harness.js';

const { dir } = useTempDir();
const env = { FLOWFORGE_CONFIG: '', FLOWFORGE_PROFILE: '' };

describe('flowforge config validate', () => {
  it('exits 1 with one line naming a directory given as the file, and no stack trace', async () => {
    const result = await runCli(['config', 'validate', dir], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `flowforge: config file ${dir} is a directory; pass the path of a YAML file (e.g. ${path.join(dir, 'flowforge.yaml')})\n`,
    );
  });

  it('exits 1 listing every bad value with its line', async () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'cpu:\n  max_percent: lots\n');
    const result = await runCli(['config', 'validate', file], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:2: cpu.max_percent: expected`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('applies --profile in both --profile NAME and --profile=NAME forms', async () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    for (const args of [['--profile', 'strict'], ['--profile=strict']]) {
      const result = await runCli(['config', 'validate', ...args], { cwd: empty, env });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('# Resolved FlowForge configuration (profile strict)');
    }
  });

  it('exits 2 and points at the help for an unknown flag or a second file', async () => {
    for (const args of [['--bogus'], ['a.yaml', 'b.yaml']]) {
      const result = await runCli(['config', 'validate', ...args], { cwd: dir, env });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('See: flowforge config validate --help');
    }
  });

  it('validates the example config shipped in the repo', async () => {
    const example = path.join(FIXTURES, '..', 'flowforge.yaml.example');
    expect(readFileSync(example, 'utf8')).not.toBe('');
    const result = await runCli(['config', 'validate', example], { cwd: dir, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
