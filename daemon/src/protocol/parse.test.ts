import { describe, expect, it } from 'vitest';
import { parseProtocolLine } from './parse.js';
import type { ProtocolErrorReason } from './types.js';

describe('parseProtocolLine', () => {
  const commands: [string, string, unknown][] = [
    ['a bare heartbeat', '::heartbeat::', { kind: 'heartbeat', nonce: null, message: '' }],
    [
      'a heartbeat with nonce and a CRLF ending',
      '::heartbeat nonce=abc::alive\r',
      { kind: 'heartbeat', nonce: 'abc', message: 'alive' },
    ],
    [
      'progress as current/total with an escaped message',
      '::progress nonce=n,current=3,total=20::epoch 3%2520%0Anext',
      { kind: 'progress', nonce: 'n', current: 3, total: 20, percent: null, message: 'epoch 3%20\nnext' },
    ],
    [
      'progress as a percentage',
      '::progress percent=42.5::',
      { kind: 'progress', nonce: null, current: null, total: null, percent: 42.5, message: '' },
    ],
    [
      'usage with tokens and a model',
      '::usage nonce=n,model=gpt-4o,input_tokens=1200,output_tokens=300::',
      { kind: 'usage', nonce: 'n', model: 'gpt-4o', inputTokens: 1200, outputTokens: 300, costUsd: null },
    ],
    [
      'usage with a cost only',
      '::usage cost_usd=0.25::',
      { kind: 'usage', nonce: null, model: null, inputTokens: null, outputTokens: null, costUsd: 0.25 },
    ],
    [
      'add-mask with its value as message',
      '::add-mask::s3cr3t::value',
      { kind: 'add-mask', nonce: null, value: 's3cr3t::value' },
    ],
    [
      'set-output in GitHub form',
      '::set-output nonce=n,name=model_path::/tmp/a%2Cb',
      { kind: 'set-output', nonce: 'n', name: 'model_path', value: '/tmp/a%2Cb' },
    ],
    [
      'a warning with escaped file, line and title',
      '::warning file=src%3Aa.py,line=12,title=Slow%2C very::took 5s',
      {
        kind: 'warning',
        nonce: null,
        message: 'took 5s',
        title: 'Slow, very',
        file: 'src:a.py',
        line: 12,
        col: null,
        endLine: null,
        endColumn: null,
      },
    ],
    [
      'an error without properties',
      '::error::boom',
      {
        kind: 'error',
        nonce: null,
        message: 'boom',
        title: null,
        file: null,
        line: null,
        col: null,
        endLine: null,
        endColumn: null,
      },
    ],
  ];
  it.each(commands)('parses %s', (_name, line, expected) => {
    expect(parseProtocolLine(line)).toEqual(expected);
  });

  const ordinary: [string, string][] = [
    ['plain output', 'epoch 3/20 loss=0.1'],
    ['a command that does not start the line', 'log: ::heartbeat::'],
    ['an indented command', '  ::heartbeat::'],
    ['a lone pair of colons', '::'],
    ['a GitHub group command', '::group::Build'],
    ['a GitHub debug command', '::debug::details'],
    ['colons followed by a non-name', ':: 42'],
    ['an unknown word without a terminator', '::std vector'],
  ];
  it.each(ordinary)('treats %s as ordinary output', (_name, line) => {
    expect(parseProtocolLine(line)).toBeNull();
  });

  const invalid: [string, string, ProtocolErrorReason][] = [
    ['an unknown command', '::heartbeet::', 'unknown-command'],
    ['a known command without its closing colons', '::heartbeat nonce=x', 'malformed-line'],
    ['a command name glued to text', '::heartbeatnow::', 'unknown-command'],
    ['a property without =', '::progress current::', 'malformed-property'],
    ['a property the command does not know', '::usage input_token=5::', 'unknown-property'],
    ['a property given twice', '::progress current=1,current=2::', 'duplicate-property'],
    ['a non-numeric count', '::progress current=three::', 'invalid-value'],
    ['a percentage over 100', '::progress percent=120::', 'invalid-value'],
    ['fractional tokens', '::usage input_tokens=1.5::', 'invalid-value'],
    ['negative cost', '::usage cost_usd=-1::', 'invalid-value'],
    ['progress without numbers', '::progress::half way', 'missing-property'],
    ['progress with only a total', '::progress total=5::', 'missing-property'],
    ['usage without tokens or cost', '::usage model=gpt-4o::', 'missing-property'],
    ['an empty mask', '::add-mask::', 'missing-property'],
    ['set-output without a name', '::set-output::value', 'missing-property'],
    ['set-output with a name of spaces', '::set-output name=a b::v', 'invalid-value'],
    ['a non-integer annotation line', '::error line=x::boom', 'invalid-value'],
  ];
  it.each(invalid)('reports %s as invalid', (_name, line, reason) => {
    expect(parseProtocolLine(line)).toMatchObject({ kind: 'invalid', reason });
  });

  it('never puts property values in the error detail', () => {
    const result = parseProtocolLine('::usage sk-live-secret-value::');
    expect(result).toMatchObject({ kind: 'invalid', reason: 'malformed-property' });
    expect(JSON.stringify(result)).not.toContain('sk-live');
  });
});
