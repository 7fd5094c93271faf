/**
 * The redactor: hides secrets in text FlowForge stores or shows (sampled lines, events, commands),
 * never in the child's pass-through. One precompiled regex holds every literal value and token shape.
 * It keeps one piece of state: a private key printed line by line (`cat id_rsa`) begins with a line the
 * key shape matches, and the base64 lines after it are hidden too, until the first line unlike them.
 */
import { TOKEN_SHAPES, isMaskableValue, isSecretEnvName } from './patterns.js';

/** Hides secrets in text; addMask adds a literal value (from `::add-mask::` or the run's nonce). */
export interface Redactor {
  redact(text: string): string;
  addMask(value: string): void;
}

/** Where the redactor's secrets come from. */
export interface RedactorOptions {
  env: Record<string, string | undefined>;
  extraValues?: readonly string[];
}

/** The text that replaces a secret: `[REDACTED:kind]`, where kind is the env var name, `mask` or a token shape. */
export function redactionMarker(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** A line of a PEM key body: base64, an encryption header (`Proc-Type:`, `DEK-Info:`) or blank. */
const KEY_BODY_LINE = /^[ \t]*(?:(?:[A-Za-z0-9+/]+={0,2}|(?:Proc-Type|DEK-Info):[^\r\n]*)[ \t]*)?\r?$/;

/** Most body lines hidden after one BEGIN line (a 16384-bit RSA key is about 200 lines of 64). */
const MAX_KEY_BODY_LINES = 256;

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A value and each of its lines (a multi-line secret such as a PEM key is printed line by line). */
function literalParts(value: string): string[] {
  const lines = value.split(/\r?\n/).map((line) => line.trim());
  return [value, ...(lines.length > 1 ? lines : [])].filter(isMaskableValue);
}

/** Creates a redactor for secret-named env values, extra values and known token shapes. */
export function createRedactor(options: RedactorOptions): Redactor {
  const literals = new Map<string, string>();
  const addLiteral = (value: string, kind: string): boolean => {
    let added = false;
    for (const part of literalParts(value)) {
      if (literals.has(part)) continue;
      literals.set(part, kind);
      added = true;
    }
    return added;
  };
  for (const [name, value] of Object.entries(options.env)) {
    if (value !== undefined && isSecretEnvName(name)) addLiteral(value, name);
  }
  for (const value of options.extraValues ?? []) addLiteral(value, 'mask');

  let pattern = compile(literals);
  // Lines still to hide as the body of a private key whose BEGIN line came without its END line.
  let keyBodyLinesLeft = 0;
  return {
    redact(text) {
      if (keyBodyLinesLeft > 0) {
        if (KEY_BODY_LINE.test(text)) {
          keyBodyLinesLeft--;
          return text.trim() === '' ? text : redactionMarker('private-key');
        }
        keyBodyLinesLeft = 0;
      }
      pattern.lastIndex = 0;
      return text.replace(pattern, (match: string, ...rest: unknown[]) => {
        const groups = rest.at(-1) as Record<string, string | undefined>;
        if (groups.lit !== undefined) return redactionMarker(literals.get(match) ?? 'mask');
        const index = TOKEN_SHAPES.findIndex((_, i) => groups[`t${i}`] !== undefined);
        const kind = TOKEN_SHAPES[index]?.kind ?? 'secret';
        if (kind === 'private-key' && !match.includes('-----END')) keyBodyLinesLeft = MAX_KEY_BODY_LINES;
        return (groups[`p${index}`] ?? '') + redactionMarker(kind);
      });
    },
    addMask(value) {
      if (addLiteral(value, 'mask')) pattern = compile(literals);
    },
  };
}

function compile(literals: ReadonlyMap<string, string>): RegExp {
  const values = [...literals.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const alternatives = TOKEN_SHAPES.map(
    (shape, i) => `(?<t${i}>${shape.prefix === undefined ? '' : `(?<p${i}>${shape.prefix})`}${shape.source})`,
  );
  if (values.length > 0) alternatives.unshift(`(?<lit>${values.join('|')})`);
  return new RegExp(alternatives.join('|'), 'g');
}
