/**
 * Token shapes the redactor hides wherever they appear, and the rule for which environment variables
 * hold secrets. Lookbehinds keep the label (`Bearer `, `password=`) and hide only the secret.
 */

/** A named token shape: `kind` appears in the replacement `[REDACTED:kind]`. */
export interface TokenShape {
  kind: string;
  source: string;
}

/** A case-insensitive regex source for a word, without the `i` flag (which would loosen other shapes). */
function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

const KEY_WORDS = [
  'password',
  'passwd',
  'secret',
  'api_key',
  'api-key',
  'apikey',
  'access_token',
  'auth_token',
  'client_secret',
];

/** Token shapes, most specific first. */
export const TOKEN_SHAPES: readonly TokenShape[] = [
  { kind: 'jwt', source: String.raw`\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}` },
  { kind: 'api-key', source: String.raw`(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}` },
  { kind: 'github-token', source: String.raw`\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})` },
  { kind: 'aws-access-key-id', source: String.raw`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b` },
  { kind: 'slack-token', source: String.raw`\bxox[abprs]-[A-Za-z0-9-]{10,}` },
  { kind: 'google-api-key', source: String.raw`\bAIza[A-Za-z0-9_-]{35}` },
  { kind: 'bearer', source: String.raw`(?<=\b${anyCase('bearer')}\s+)[A-Za-z0-9._~+/-]{8,}=*` },
  { kind: 'url-password', source: String.raw`(?<=\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]+:)[^\s@/]+(?=@)` },
  {
    kind: 'password',
    source: String.raw`(?<=\b(?:${KEY_WORDS.map(anyCase).join('|')})["']?\s*[=:]\s*["']?)[^\s"'&,;]+`,
  },
];

const SECRET_ENV_NAME =
  /(?:_KEY|_SECRET|_TOKEN|_PASSWORD|_PASSWD|_CREDENTIALS?|API_KEY|_PAT)$|^(?:PASSWORD|SECRET|TOKEN)$/i;

/** True when an environment variable's name says it holds a secret (e.g. OPENAI_API_KEY, DB_PASSWORD). */
export function isSecretEnvName(name: string): boolean {
  return SECRET_ENV_NAME.test(name);
}

const NOT_SECRET_VALUE = /^(?:true|false|null|none|undefined|yes|no|on|off|\d{1,7})$/i;

/** Shortest literal value (env value or mask) that is redacted: shorter ones would hide ordinary words. */
export const MIN_SECRET_LENGTH = 4;

/** True when a literal value is worth masking: long enough and not a flag-like word or small number. */
export function isMaskableValue(value: string): boolean {
  return value.trim().length >= MIN_SECRET_LENGTH && !NOT_SECRET_VALUE.test(value.trim());
}
