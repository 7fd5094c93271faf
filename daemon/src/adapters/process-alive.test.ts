import { describe, expect, it } from 'vitest';
import { isRecordedProcessAlive, processStartedAtMs } from './process-alive.js';

describe('processStartedAtMs', () => {
  it('reads starttime (field 22, ticks since boot) and the boot time, whatever the command name holds', () => {
    const files: Record<string, string> = {
      '/proc/42/stat': `42 (a (weird) name) S 1 42 42 0 -1 4194560 ${Array.from({ length: 12 }, () => '0').join(' ')} 12345 0 0`,
      '/proc/stat': 'cpu  1 2 3\nbtime 1700000000\nprocesses 9\n',
    };
    expect(processStartedAtMs(42, (path) => files[path] ?? '')).toBe((1_700_000_000 + 123.45) * 1000);
  });

  it('gives null where /proc cannot tell', () => {
    expect(
      processStartedAtMs(42, () => {
        throw new Error('ENOENT');
      }),
    ).toBeNull();
  });

  it('places the start of this process before now, on this machine', () => {
    const started = processStartedAtMs(process.pid);
    expect(started).not.toBeNull();
    expect(started ?? Infinity).toBeLessThanOrEqual(Date.now() + 5000);
  });
});

describe('isRecordedProcessAlive', () => {
  it('is the recording process when the pid was started before the record was written', () => {
    expect(isRecordedProcessAlive(process.pid, Date.now())).toBe(true);
  });

  it('is not when the pid belongs to a process started after the record (a reused pid)', () => {
    expect(isRecordedProcessAlive(process.pid, Date.now() - 24 * 3600_000, () => Date.now() - 1000)).toBe(false);
  });

  it('falls back to the pid alone where start times are unknown, and is false for a dead pid', () => {
    expect(isRecordedProcessAlive(process.pid, 0, () => null)).toBe(true);
    expect(isRecordedProcessAlive(2 ** 22 + 7, Date.now())).toBe(false);
  });
});
