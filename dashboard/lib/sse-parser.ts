/**
 * An incremental parser of the text/event-stream format (WHATWG HTML "server-sent events"):
 * feed it decoded chunks in any split and it emits complete events. Pure, no I/O.
 */

/** One dispatched server-sent event. */
export interface SseMessage {
  /** The `id:` of this event, or the last id seen before it (the spec's "last event ID"). */
  id: string | null;
  event: string;
  data: string;
}

/** A parser fed with chunks; `retryMs` is the last `retry:` value the server sent. */
export interface SseParser {
  push(chunk: string): void;
  readonly retryMs: number | null;
}

/** Creates a parser that calls onMessage for every complete event found in the pushed text. */
export function createSseParser(onMessage: (message: SseMessage) => void): SseParser {
  let buffer = '';
  let lastId: string | null = null;
  let eventType = '';
  let dataLines: string[] = [];
  let retryMs: number | null = null;
  let sawCarriageReturn = false;

  const dispatch = (): void => {
    if (dataLines.length > 0) {
      onMessage({ id: lastId, event: eventType === '' ? 'message' : eventType, data: dataLines.join('\n') });
    }
    eventType = '';
    dataLines = [];
  };

  const processLine = (line: string): void => {
    if (line === '') {
      dispatch();
      return;
    }
    if (line.startsWith(':')) return; // a comment, used by servers as a keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventType = value;
    else if (field === 'data') dataLines.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
  };

  return {
    push(chunk: string): void {
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i += 1) {
        const ch = buffer[i];
        if (ch === '\n' && sawCarriageReturn) {
          // the \n of a \r\n pair whose \r ended the previous line
          sawCarriageReturn = false;
          start = i + 1;
          continue;
        }
        sawCarriageReturn = false;
        if (ch === '\n' || ch === '\r') {
          processLine(buffer.slice(start, i));
          sawCarriageReturn = ch === '\r';
          start = i + 1;
        }
      }
      buffer = buffer.slice(start);
    },
    get retryMs(): number | null {
      return retryMs;
    },
  };
}
