/** Redaction of sample lines before they leave the core as evidence. */

const MAX_SAMPLE_CHARS = 240;
const BEARER = /\bbearer\s+[A-Za-z0-9._~+/-]+=*/gi;
const KEY_VALUE =
  /\b(api[_-]?key|access[_-]?key|token|secret|password|passwd|pwd|authorization|auth|cookie)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi;
const KNOWN_TOKENS = /\b(?:sk|pk|rk|ghp|gho|ghs|glpat|xox[abpr])[-_][A-Za-z0-9_-]{10,}|\bAKIA[0-9A-Z]{16}\b/g;

/** Masks credentials that commonly appear in logs and caps the length of one sample line. */
export function redactLine(text: string): string {
  const redacted = text
    .replace(BEARER, 'Bearer [redacted]')
    .replace(KEY_VALUE, '$1$2[redacted]')
    .replace(KNOWN_TOKENS, '[redacted]');
  return redacted.length > MAX_SAMPLE_CHARS ? `${redacted.slice(0, MAX_SAMPLE_CHARS - 1)}…` : redacted;
}
