import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTerminalInput, isForegroundJob } from './terminal-input.js';

describe('isForegroundJob', () => {
  // /proc/self/stat: pid (comm) state ppid pgrp session tty_nr tpgid …
  const stat = (comm: string, pgrp: number, tpgid: number) =>
    `4242 (${comm}) S 1 ${pgrp} ${pgrp} 34816 ${tpgid} 4194304`;
  it.each([
    ['the foreground group', stat('node', 4242, 4242), true],
    ['a background job', stat('node', 4242, 5000), false],
    ['a command name with spaces and parentheses', stat('my (odd) name', 4242, 4242), true],
    ['no controlling terminal (tpgid -1)', stat('node', 4242, -1), false],
  ])('%s', (_name, text, expected) => {
    expect(isForegroundJob(() => text)).toBe(expected);
  });

  it('counts as foreground where /proc cannot be read (reading as before)', () => {
    expect(
      isForegroundJob(() => {
        throw new Error('ENOENT');
      }),
    ).toBe(true);
  });
});

describe('createTerminalInput', () => {
  it('passes typed input on in the foreground, leaves it unread in the background, and follows fg/bg', () => {
    const terminal = new PassThrough();
    let foreground = false;
    const input = createTerminalInput(terminal, () => foreground);
    const received: string[] = [];
    input.source.on('data', (chunk: Buffer) => received.push(chunk.toString()));

    terminal.write('typed while in the background\n');
    expect(received).toEqual([]);
    expect(terminal.readableLength).toBeGreaterThan(0); // still the shell's: nobody read it

    foreground = true;
    input.recheck();
    terminal.write('typed in the foreground\n');
    return new Promise<void>((resolve) => {
      setImmediate(() => {
        expect(received.join('')).toContain('typed in the foreground\n');
        foreground = false;
        input.recheck();
        const before = received.join('');
        terminal.write('typed after bg\n');
        setImmediate(() => {
          expect(received.join('')).toBe(before);
          input.close();
          resolve();
        });
      });
    });
  });

  it('ends the job’s input when the terminal ends (Ctrl-D)', async () => {
    const terminal = new PassThrough();
    const input = createTerminalInput(terminal, () => true);
    const ended = new Promise<void>((resolve) => input.source.on('end', resolve));
    input.source.resume();
    terminal.end();
    await ended;
  });
});
