import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDirectory } from './make-dir.js';

let dir: string;
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('makeDirectory', () => {
  it('creates missing parents and accepts an existing directory', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ff-mkdir-'));
    const target = path.join(dir, 'a', 'b', 'c');
    makeDirectory(target);
    makeDirectory(target);
    expect(statSync(target).isDirectory()).toBe(true);
  });

  it('fails at once under a file instead of looping', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ff-mkdir-'));
    writeFileSync(path.join(dir, 'file'), 'x');
    expect(() => {
      makeDirectory(path.join(dir, 'file', 'sub'));
    }).toThrow(/not a directory/);
  });

  it('fails at once where the kernel refuses, as under /proc', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ff-mkdir-'));
    expect(() => {
      makeDirectory('/proc/flowforge-cannot-write/deeper');
    }).toThrow();
  });
});
