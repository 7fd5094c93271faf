/** Escaping of protocol messages and property values (GitHub workflow-command rules). */

const DATA_ESCAPES: Record<string, string> = { '%': '%25', '\r': '%0D', '\n': '%0A' };
const PROPERTY_ESCAPES: Record<string, string> = { ...DATA_ESCAPES, ':': '%3A', ',': '%2C' };
const DATA_UNESCAPES: Record<string, string> = { '25': '%', '0D': '\r', '0A': '\n' };
const PROPERTY_UNESCAPES: Record<string, string> = { ...DATA_UNESCAPES, '3A': ':', '2C': ',' };

/** Escapes a message: `%` → `%25`, CR → `%0D`, LF → `%0A`. */
export function escapeData(text: string): string {
  return text.replace(/[%\r\n]/g, (c) => DATA_ESCAPES[c] ?? c);
}

/** Escapes a property value: as a message, plus `:` → `%3A` and `,` → `%2C`. */
export function escapeProperty(text: string): string {
  return text.replace(/[%\r\n:,]/g, (c) => PROPERTY_ESCAPES[c] ?? c);
}

/** Reverses escapeData in one pass (other `%xx` sequences stay as written). */
export function unescapeData(text: string): string {
  return text.replace(/%(25|0D|0A)/gi, (match, code: string) => DATA_UNESCAPES[code.toUpperCase()] ?? match);
}

/** Reverses escapeProperty in one pass (other `%xx` sequences stay as written). */
export function unescapeProperty(text: string): string {
  return text.replace(/%(25|0D|0A|3A|2C)/gi, (match, code: string) => PROPERTY_UNESCAPES[code.toUpperCase()] ?? match);
}
