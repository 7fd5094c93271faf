import { describe, expect, it } from 'vitest';
import { createSseParser, type SseMessage } from './sse-parser';

function parse(chunks: readonly string[]): { messages: SseMessage[]; retryMs: number | null } {
  const messages: SseMessage[] = [];
  const parser = createSseParser((message) => messages.push(message));
  for (const chunk of chunks) parser.push(chunk);
  return { messages, retryMs: parser.retryMs };
}

describe('createSseParser', () => {
  it.each([
    ['one event with data before id', ['data: {"a":1}\nid: 7\n\n'], [{ id: '7', event: 'message', data: '{"a":1}' }]],
    ['an event split across chunks', ['da', 'ta: x\ni', 'd: 1\n', '\n'], [{ id: '1', event: 'message', data: 'x' }]],
    [
      'CRLF line endings split between chunks',
      ['data: x\r', '\nid: 2\r\n\r\n'],
      [{ id: '2', event: 'message', data: 'x' }],
    ],
    ['multi-line data joined by newlines', ['data: a\ndata: b\n\n'], [{ id: null, event: 'message', data: 'a\nb' }]],
    ['a named event', ['event: ping\ndata: 1\n\n'], [{ id: null, event: 'ping', data: '1' }]],
    ['comments and keep-alives ignored', [': connected\n\n: ping\n\n'], []],
    ['an incomplete event held back', ['data: x\n'], []],
  ])('parses %s', (_name, chunks, expected) => {
    expect(parse(chunks).messages).toEqual(expected);
  });

  it('keeps the last id for later events without one, as the spec says', () => {
    const { messages } = parse(['id: 5\ndata: a\n\ndata: b\n\n']);
    expect(messages.map((m) => m.id)).toEqual(['5', '5']);
  });

  it('remembers the retry interval the server asks for', () => {
    expect(parse([': connected\nretry: 2000\n\n']).retryMs).toBe(2000);
  });
});
