import { describe, expect, it } from 'vitest';
import { createOutputTap, HOLD_PARTIAL_MS, MAX_CUT_TOKEN_BYTES, type OutputTapOptions } from './output-tap.js';

function harness(overrides: Partial<OutputTapOptions> = {}) {
  const written: Buffer[] = [];
  const protocol: string[] = [];
  const tap = createOutputTap({
    stream: 'stdout',
    write: (chunk) => {
      written.push(Buffer.from(chunk));
      return true;
    },
    onProtocolLine: (line) => {
      protocol.push(line);
      return line.startsWith('::heartbeat');
    },
    maxLineBytes: 1000,
    analyseBudgetLines: 100,
    ...overrides,
  });
  return { tap, written: () => Buffer.concat(written).toString(), protocol };
}

describe('output tap', () => {
  it('passes ordinary output through byte for byte, split anywhere', () => {
    const { tap, written } = harness();
    const text = 'alpha\nbeta gamma\r\n\u00e9t\u00e9 \u2713\nno newline at end';
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += 3) tap.push(bytes.subarray(i, i + 3), 0);
    tap.flushPending();
    expect(written()).toBe(text);
  });

  it('consumes an accepted protocol line and keeps the lines around it', () => {
    const { tap, written, protocol } = harness();
    tap.push(Buffer.from('before\n::heartbeat nonce=x::\nafter\n'), 0);
    expect(written()).toBe('before\nafter\n');
    expect(protocol).toEqual(['::heartbeat nonce=x::']);
  });

  it('looks for protocol lines only at line starts, whatever :: appears inside lines', () => {
    const { tap, written, protocol } = harness();
    tap.push(Buffer.from('std::vector<int> a::b\nx ::heartbeat::\n::heartbeat::\nhost [::1]:80 a::\n::'), 0);
    tap.push(Buffer.from('heartbeat::\ndone\n'), 0);
    expect(protocol).toEqual(['::heartbeat::', '::heartbeat::']);
    expect(written()).toBe('std::vector<int> a::b\nx ::heartbeat::\nhost [::1]:80 a::\ndone\n');
  });

  it('passes a protocol line through when the handler rejects it', () => {
    const { tap, written, protocol } = harness();
    tap.push(Buffer.from('::warning::not consumed\n'), 0);
    expect(written()).toBe('::warning::not consumed\n');
    expect(protocol).toEqual(['::warning::not consumed']);
  });

  it('passes a held partial line on by itself when its newline does not follow soon (a prompt, no tick needed)', async () => {
    const { tap, written } = harness();
    tap.push(Buffer.from('line\n:'), 0);
    tap.push(Buffer.from(':not a command yet'), 0);
    expect(written()).toBe('line\n');
    await new Promise((resolve) => setTimeout(resolve, HOLD_PARTIAL_MS * 4));
    expect(written()).toBe('line\n::not a command yet');
  });

  it('finds a protocol line split across chunks, even between its two colons', () => {
    const { tap, written, protocol } = harness();
    tap.push(Buffer.from('work\n:'), 0);
    tap.push(Buffer.from(':heartbe'), 0);
    tap.push(Buffer.from('at::\nmore\n'), 0);
    expect(protocol).toEqual(['::heartbeat::']);
    expect(written()).toBe('work\nmore\n');
  });

  it('keeps held partial lines and protocol candidates intact when the reader reuses its buffer', () => {
    const sampled: string[] = [];
    const { tap, written, protocol } = harness();
    const buffer = Buffer.alloc(64);
    const read = (text: string): void => {
      buffer.fill(0x21); // what a later read would leave in the reused memory
      const length = buffer.write(text);
      tap.push(buffer.subarray(0, length), 0);
    };
    read('alpha be');
    read('ta\nwork\n::heart');
    read('beat::\n:');
    read(':heartbeat::\nomega\n');
    for (const line of tap.drain().sampled) sampled.push(line.text);
    expect(written()).toBe('alpha beta\nwork\nomega\n');
    expect(protocol).toEqual(['::heartbeat::', '::heartbeat::']);
    expect(sampled).toEqual(['alpha beta', 'work', 'omega']);
  });

  it('releases a held candidate that never gets a newline', () => {
    const { tap, written } = harness();
    tap.push(Buffer.from('prompt\n::'), 0);
    expect(written()).toBe('prompt\n');
    tap.flushPending();
    expect(written()).toBe('prompt\n::');
  });

  it('counts lines and samples them up to the budget, estimating the rest', () => {
    const { tap } = harness({ analyseBudgetLines: 10 });
    const line = 'x'.repeat(99) + '\n';
    tap.push(Buffer.from(line.repeat(1000)), 5);
    const drained = tap.drain();
    expect(drained.bytes).toBe(100_000);
    expect(drained.sampled).toHaveLength(10);
    expect(drained.sampled[0]).toEqual({ atMs: 5, stream: 'stdout', text: 'x'.repeat(99) });
    expect(drained.lines).toBeGreaterThan(900);
    expect(drained.lines).toBeLessThan(1100);
  });

  it('resets counts and budget at each drain', () => {
    const { tap } = harness({ analyseBudgetLines: 2 });
    tap.push(Buffer.from('a\nb\nc\n'), 0);
    expect(tap.drain().sampled.map((l) => l.text)).toEqual(['a', 'b']);
    tap.push(Buffer.from('d\n'), 1);
    const second = tap.drain();
    expect(second.sampled.map((l) => l.text)).toEqual(['d']);
    expect(second.bytes).toBe(2);
  });

  it('shows the newest frame of a carriage-return progress bar', () => {
    const { tap } = harness();
    tap.push(Buffer.from('\r 10%|#    | 1/10\r 20%|##   | 2/10'), 0);
    const drained = tap.drain();
    expect(drained.carriageReturns).toBe(1);
    expect(drained.sampled).toEqual([{ atMs: 0, stream: 'stdout', text: ' 20%|##   | 2/10', frame: true }]);
  });

  it('keeps only the final frame of a line that redrew itself before its newline', () => {
    const { tap } = harness();
    tap.push(Buffer.from('a\r\nstep 1/3\rstep 2/3\rstep 3/3\n'), 0);
    const drained = tap.drain();
    expect(drained.sampled).toEqual([
      { atMs: 0, stream: 'stdout', text: 'a' },
      { atMs: 0, stream: 'stdout', text: 'step 3/3', frame: true },
    ]);
    expect(drained.carriageReturns).toBe(1);
  });

  it('analyses a line whose text and newline arrive in separate writes', () => {
    const { tap } = harness();
    for (let i = 0; i < 5; i++) {
      tap.push(Buffer.from(`retry ${i}`), 0);
      tap.push(Buffer.from('\n'), 0);
    }
    const drained = tap.drain();
    expect(drained.sampled.map((l) => l.text)).toEqual(['retry 0', 'retry 1', 'retry 2', 'retry 3', 'retry 4']);
    expect(drained.lines).toBe(5);
  });

  it('shows every frame of a progress bar spread over many chunks', () => {
    const { tap } = harness();
    tap.push(Buffer.from('\r 10% 1/10'), 0);
    tap.push(Buffer.from('\r 20% 2/10'), 0);
    tap.push(Buffer.from('\r 30% 3/10\n'), 0);
    expect(tap.drain().sampled.map((l) => [l.text, l.frame])).toEqual([
      [' 10% 1/10', true],
      [' 20% 2/10', true],
      [' 30% 3/10', true],
    ]);
  });

  it('reports a backed-up sink so the reader can pause', () => {
    let accept = false;
    const tap = createOutputTap({
      stream: 'stdout',
      write: () => accept,
      onProtocolLine: () => false,
      maxLineBytes: 100,
      analyseBudgetLines: 10,
    });
    expect(tap.push(Buffer.from('a\n'), 0)).toBe(false);
    accept = true;
    expect(tap.push(Buffer.from('b\n'), 0)).toBe(true);
  });

  it('truncates analysed lines to the line cap, before the word the cap falls in', () => {
    const { tap } = harness({ maxLineBytes: 8 });
    tap.push(Buffer.from('0123 56789abcdef\n'), 0);
    expect(tap.drain().sampled[0]?.text).toBe('0123 …');
  });

  describe('a secret straddling the line cap', () => {
    const secret = 'sk-abcdefghijklmnopqrstuvwxyz123456';
    const line = `${'x'.repeat(8180)} ${secret}\n`;
    const cases: [string, number][] = [
      ['in one chunk', line.length],
      ['split across chunks', 1000],
      ['split right at the cap', 8192],
    ];
    it.each(cases)('keeps no part of it when the line arrives %s', (_name, chunkBytes) => {
      const { tap, written } = harness({ maxLineBytes: 8192 });
      const bytes = Buffer.from(line);
      for (let i = 0; i < bytes.length; i += chunkBytes) tap.push(bytes.subarray(i, i + chunkBytes), 0);
      const sampled = tap.drain().sampled;
      expect(sampled.map((l) => l.text)).toEqual([`${'x'.repeat(8180)} …`]);
      expect(written()).toBe(line);
    });

    it('keeps no part of it in a progress frame', () => {
      const { tap } = harness({ maxLineBytes: 8192 });
      tap.push(Buffer.from(`step 1\r${'x'.repeat(8180)} ${secret}\n`), 0);
      expect(tap.drain().sampled).toEqual([{ atMs: 0, stream: 'stdout', text: `${'x'.repeat(8180)} …`, frame: true }]);
    });
  });

  it('keeps the start of a run of non-blank bytes longer than a secret can be', () => {
    const { tap } = harness({ maxLineBytes: 8192 });
    tap.push(Buffer.from(`${'y'.repeat(10_000)}\n`), 0);
    expect(tap.drain().sampled[0]?.text).toBe(`${'y'.repeat(8192 - MAX_CUT_TOKEN_BYTES)}…`);
  });

  it('cuts a long run of multi-byte characters between characters', () => {
    const { tap } = harness({ maxLineBytes: 8193 });
    tap.push(Buffer.from(`${'\u00e9'.repeat(6000)}\n`), 0);
    const text = tap.drain().sampled[0]?.text ?? '';
    expect(text).not.toContain('\ufffd');
    expect(text).toBe(`${'\u00e9'.repeat((8193 - MAX_CUT_TOKEN_BYTES - 1) / 2)}…`);
  });
});
