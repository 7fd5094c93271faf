/**
 * Parser of .flowforge.env files: `KEY=value` lines, optional `export `, single or double quotes,
 * `#` comments. Pure, so the proxy's configuration can be tested without files.
 */

/** Parses env-file text into a map; later lines win, malformed lines are ignored. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (match === null) continue;
    const [, name = '', rest = ''] = match;
    values[name] = unquote(rest);
  }
  return values;
}

function unquote(raw: string): string {
  const first = raw[0];
  if ((first === '"' || first === "'") && raw.length >= 2) {
    const end = raw.indexOf(first, 1);
    if (end > 0) {
      const inner = raw.slice(1, end);
      return first === '"' ? inner.replaceAll('\\n', '\n').replaceAll('\\"', '"') : inner;
    }
  }
  const hash = raw.search(/\s#/);
  return (hash === -1 ? raw : raw.slice(0, hash)).trim();
}
