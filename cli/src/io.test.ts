import { describe, expect, it, vi } from 'vitest';
import { main } from './main.js';
import { processIo, readCurrentDirectory } from './io.js';

/** What process.cwd() throws once the current directory was deleted. */
const deletedCwd = (): string => {
  throw Object.assign(new Error('ENOENT: no such file or directory, uv_cwd'), { code: 'ENOENT', syscall: 'uv_cwd' });
};

describe('the current directory', () => {
  it('reads as null once it was deleted, and as the path otherwise', () => {
    expect(readCurrentDirectory(deletedCwd)).toBeNull();
    expect(readCurrentDirectory(() => '/work')).toBe('/work');
    expect(processIo(deletedCwd)).toBeNull();
    expect(processIo(() => '/work')?.cwd).toBe('/work');
  });

  it('rethrows failures other than a deleted directory', () => {
    const denied = (): string => {
      throw Object.assign(new Error('EACCES: permission denied, uv_cwd'), { code: 'EACCES' });
    };
    expect(() => readCurrentDirectory(denied)).toThrow(/EACCES/);
  });

  it('makes main print one line and exit 2 when it is gone', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let written: string[];
    try {
      expect(await main(['run', '--', 'true'], processIo(deletedCwd))).toBe(2);
      written = write.mock.calls.map(([chunk]) => String(chunk));
    } finally {
      write.mockRestore();
    }
    expect(written.join('')).toBe('flowforge: the current directory no longer exists: cd to an existing directory\n');
  });
});
