import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isFlowForgeError } from '../errors.js';
import { resolveExecutable } from './spawn-child.js';

const root = mkdtempSync(join(tmpdir(), 'ff-path-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** The FlowForgeError fn throws, as code and message. */
function failure(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (isFlowForgeError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a FlowForgeError');
}

/** A file at dir/name with the given mode. */
function file(dir: string, name: string, mode: number): string {
  mkdirSync(join(root, dir), { recursive: true });
  const path = join(root, dir, name);
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, mode);
  return path;
}

describe('resolveExecutable', () => {
  const plainFile = file('files', 'not-a-dir', 0o644);
  const readOnly = file('first', 'tool', 0o644);
  const runnable = file('second', 'tool', 0o755);
  const path = [join(root, 'missing'), plainFile, join(root, 'first'), join(root, 'second')].join(':');

  it('finds the first executable on PATH, passing over missing entries, a file, and a non-executable match', () => {
    expect(resolveExecutable('tool', path, '/')).toBe(runnable);
  });

  it('resolves a path with a slash against cwd, not PATH', () => {
    expect(resolveExecutable('./second/tool', '', root)).toBe(runnable);
  });

  it('says a match is not executable when that is all there is', () => {
    const error = failure(() => resolveExecutable('tool', [join(root, 'missing'), join(root, 'first')].join(':'), '/'));
    expect(error.code).toBe('SPAWN_NOT_EXECUTABLE');
    expect(error.message).toContain(readOnly);
  });

  it('says what a path is when it cannot run: missing, a directory, not executable', () => {
    expect(failure(() => resolveExecutable('./no-such', path, root))).toEqual({
      code: 'SPAWN_NOT_FOUND',
      message: `no such file: ${join(root, 'no-such')}: check the path (relative to ${root})`,
    });
    expect(failure(() => resolveExecutable('./', path, join(root, 'second')))).toEqual({
      code: 'SPAWN_NOT_EXECUTABLE',
      message: `${join(root, 'second')} is a directory, not a program`,
    });
    expect(failure(() => resolveExecutable('first/tool', path, root)).code).toBe('SPAWN_NOT_EXECUTABLE');
  });

  it('says the command was not found, and how many PATH entries were searched', () => {
    const error = failure(() => resolveExecutable('no-such-tool', path, '/'));
    expect(error.code).toBe('SPAWN_NOT_FOUND');
    expect(error.message).toContain('PATH has 4 entries');
  });
});
