import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isFlowForgeError } from '../errors.js';
import { resolveExecutable, spawnChild } from './spawn-child.js';

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

describe('spawnChild: the exec itself fails (the file exists and is executable)', () => {
  /** An executable script at dir/name with the given text. */
  function script(name: string, text: string): string {
    mkdirSync(join(root, 'exec'), { recursive: true });
    const path = join(root, 'exec', name);
    writeFileSync(path, text);
    chmodSync(path, 0o755);
    return path;
  }
  const notExecutableInterpreter = file('exec', 'interp', 0o644);

  /** What spawnChild rejects with, as code and message; our process must survive Node's 'error' event. */
  async function spawnFailure(path: string): Promise<{ code: string; message: string }> {
    try {
      const spawned = await spawnChild({
        command: [path],
        cwd: root,
        env: { PATH: '/usr/bin:/bin' },
        stdin: 'ignore',
        stdout: 'pipe',
        stderr: 'pipe',
      });
      spawned.child.kill('SIGKILL');
    } catch (error) {
      if (isFlowForgeError(error)) return { code: error.code, message: error.message };
      throw error;
    }
    throw new Error('expected the spawn to fail');
  }

  it('names a #! interpreter that does not exist (127, as a shell says "bad interpreter")', async () => {
    const path = script('missing-interp.sh', '#!/no/such/interpreter -x\necho hi\n');
    expect(await spawnFailure(path)).toEqual({
      code: 'SPAWN_NOT_FOUND',
      message: `${path}: bad interpreter: /no/such/interpreter (named on its #! line) does not exist: install it or fix that line`,
    });
  });

  it('says a #! line with Windows line endings is the cause, and how to fix it', async () => {
    const failure = await spawnFailure(script('crlf.sh', '#!/bin/sh\r\necho hi\r\n'));
    expect(failure.code).toBe('SPAWN_NOT_FOUND');
    expect(failure.message).toContain('carriage return');
    expect(failure.message).toContain('dos2unix');
  });

  it('says permission is denied when the #! interpreter is not executable (126)', async () => {
    const failure = await spawnFailure(script('denied.sh', `#!${notExecutableInterpreter}\necho hi\n`));
    expect(failure.code).toBe('SPAWN_NOT_EXECUTABLE');
    expect(failure.message).toContain(`permission denied running ${notExecutableInterpreter}`);
  });
});
