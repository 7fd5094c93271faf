/** formatProtocolLine: writes a command as one protocol line (the inverse of parseProtocolLine). */
import { escapeData, escapeProperty } from './escape.js';
import type { ProtocolCommand } from './types.js';

type PropertyValue = string | number | null;

function line(kind: string, props: [string, PropertyValue][], message: string): string {
  const written = props
    .filter((entry): entry is [string, string | number] => entry[1] !== null)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${kind}${written.length > 0 ? ` ${written.join(',')}` : ''}::${escapeData(message)}`;
}

/** Formats a command as a protocol line (no newline); parseProtocolLine gives the same command back. */
export function formatProtocolLine(cmd: ProtocolCommand): string {
  const nonce: [string, PropertyValue] = ['nonce', cmd.nonce];
  switch (cmd.kind) {
    case 'heartbeat':
      return line(cmd.kind, [nonce], cmd.message);
    case 'progress':
      return line(
        cmd.kind,
        [nonce, ['percent', cmd.percent], ['current', cmd.current], ['total', cmd.total]],
        cmd.message,
      );
    case 'usage':
      return line(
        cmd.kind,
        [
          nonce,
          ['model', cmd.model],
          ['input_tokens', cmd.inputTokens],
          ['output_tokens', cmd.outputTokens],
          ['cost_usd', cmd.costUsd],
        ],
        '',
      );
    case 'add-mask':
      return line(cmd.kind, [nonce], cmd.value);
    case 'set-output':
      return line(cmd.kind, [nonce, ['name', cmd.name]], cmd.value);
    case 'notice':
    case 'warning':
    case 'error':
      return line(
        cmd.kind,
        [
          nonce,
          ['title', cmd.title],
          ['file', cmd.file],
          ['line', cmd.line],
          ['col', cmd.col],
          ['endLine', cmd.endLine],
          ['endColumn', cmd.endColumn],
        ],
        cmd.message,
      );
  }
}
