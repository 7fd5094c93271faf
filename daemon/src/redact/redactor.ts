/**
 * The redactor: hides secrets in text FlowForge stores or shows (sampled lines, events, commands),
 * never in the child's pass-through. One precompiled regex holds every literal value and token shape.
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
  return {
    redact(text) {
      pattern.lastIndex = 0;
      return text.replace(pattern, (match: string, ...rest: unknown[]) => {
        const groups = rest.at(-1) as Record<string, string | undefined>;
        if (groups.lit !== undefined) return redactionMarker(literals.get(match) ?? 'mask');
        const index = TOKEN_SHAPES.findIndex((_, i) => groups[`t${i}`] !== undefined);
        return redactionMarker(TOKEN_SHAPES[index]?.kind ?? 'secret');
      });
    },
    addMask(value) {
      if (addLiteral(value, 'mask')) pattern = compile(literals);
    },
  };
}

function compile(literals: ReadonlyMap<string, string>): RegExp {
  const values = [...literals.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const alternatives = TOKEN_SHAPES.map((shape, i) => `(?<t${i}>${shape.source})`);
  if (values.length > 0) alternatives.unshift(`(?<lit>${values.join('|')})`);
  return new RegExp(alternatives.join('|'), 'g');
}
