/**
 * Token shapes the redactor hides wherever they appear, and the rule for which environment variables
 * hold secrets. A shape with a `prefix` keeps that label (`Bearer `, `password=`) and hides only what
 * follows. The shapes run on every stored line, so they must stay linear: every quantifier that could
 * rescan text from each start position is bounded, and no lookbehind reaches back more than 17 characters.
 */

/** A named token shape: `kind` appears in the replacement `[REDACTED:kind]`; `prefix` is matched and kept. */
export interface TokenShape {
  kind: string;
  source: string;
  prefix?: string;
}

/** A case-insensitive regex source for a word, without the `i` flag (which would loosen other shapes). */
function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

/**
 * Key names (or the last part of one: `aws_secret_access_key` ends in `access_key`) whose value is a
 * secret. Written lower-case; matched in any case. No `tokens`: that is how LLM logs count tokens.
 */
const SECRET_KEY_NAMES = [
  'authorization',
  'auth',
  'api[_-]?key',
  'access[_-]?key',
  'private[_-]?key',
  'secret[_-]?key',
  'client[_-]?secret',
  'secrets?',
  'token',
  'passwords?',
  'passwd',
  'passphrase',
  'credentials?',
  'session(?:[_-]?(?:id|key))?',
  'cookies?',
];

/**
 * Where a key name may start: not inside a word, except at a camelCase hump (`accessToken`). The
 * leading check for a first letter lets the regex engine pass over most positions cheaply.
 */
const FIRST_LETTERS = [...new Set([...SECRET_KEY_NAMES, 'pwd'].map((name) => name.charAt(0)))].join('');
const KEY_START = `(?=[${FIRST_LETTERS}${FIRST_LETTERS.toUpperCase()}])(?:(?<![A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z]))`;

/** Blanks around `=` / `:`, bounded so that a long run of spaces cannot be rescanned from every start. */
const BLANKS = '[ \\t]{0,16}';

/** `pwd` is a secret key too, unless its value is a path (`pwd: /home/me`, `PWD=~/src`). */
const KEY_NAME = `(?:${SECRET_KEY_NAMES.map(anyCase).join('|')}|${anyCase('pwd')}(?!["']?${BLANKS}[=:]${BLANKS}["']?[/~]))`;

/** A secret key and the end of its own quoting (`"password"`), up to the separator. */
const KEY = `${KEY_START}${KEY_NAME}["']?${BLANKS}`;

/** Values after a secret key that are not secrets: plain numbers (`tokens=4096`), flags, statuses (`auth: ok`). */
const PLAIN_WORDS =
  'true false null nil none undefined yes no on off ok enabled disabled required optional missing empty invalid expired failed success';
const PLAIN_VALUE = `(?:${PLAIN_WORDS.split(' ').map(anyCase).join('|')}|[0-9]+(?:[.][0-9]+)?)`;

/** An auth scheme after a secret key (`Authorization=Bearer x`) is no value: the scheme shapes hide what follows. */
const AUTH_SCHEME = `(?:${['bearer', 'basic', 'token', 'digest'].map(anyCase).join('|')})`;
const UNQUOTED_VALUE = `(?!${PLAIN_VALUE}(?![^\\s"'&,;])|${AUTH_SCHEME}[ \\t])[^\\s"'&,;]+`;

/** What follows an auth scheme (a token68, RFC 7235), but not a `key=value` pair. */
function credentials(minLength: number): string {
  return `[A-Za-z0-9._~+/-]{${minLength},}=*(?![=A-Za-z0-9._~+/-])`;
}

/** The parts of a PEM private key block (RSA, EC, OPENSSH, ENCRYPTED, PGP ... PRIVATE KEY). */
const PRIVATE_KEY_LABEL = '[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----';

/** Token shapes, most specific first: at one position the first shape that matches wins. */
export const TOKEN_SHAPES: readonly TokenShape[] = [
  {
    // The whole block when its end is in the same text, else everything from its start (see redactor.ts).
    kind: 'private-key',
    source: String.raw`-----BEGIN${PRIVATE_KEY_LABEL}[^-]*(?:-(?!----END)[^-]*)*(?:-----END${PRIVATE_KEY_LABEL})?`,
  },
  { kind: 'jwt', source: String.raw`\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}` },
  { kind: 'api-key', source: String.raw`(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}` },
  { kind: 'stripe-key', source: String.raw`(?<![A-Za-z0-9_-])[spr]k_(?:live|test)_[A-Za-z0-9]{10,}` },
  { kind: 'github-token', source: String.raw`\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})` },
  { kind: 'aws-access-key-id', source: String.raw`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b` },
  { kind: 'slack-token', source: String.raw`\bxox[abprs]-[A-Za-z0-9-]{10,}` },
  { kind: 'google-api-key', source: String.raw`\bAIza[A-Za-z0-9_-]{35}` },
  {
    // `Authorization: Basic dXNlcjpwYXNz`, `Authorization: Token abc`: only after a secret key, as the
    // words alone are ordinary English.
    kind: 'authorization',
    prefix: `${KEY}[=:]${BLANKS}["']?(?:${anyCase('basic')}|${anyCase('token')})[ \\t]{1,16}`,
    source: credentials(4),
  },
  // Not `key=value` after the word (`token_type=bearer expires_in=3600`).
  { kind: 'bearer', prefix: `(?<![A-Za-z0-9])${anyCase('bearer')}[ \\t]{1,16}`, source: credentials(8) },
  {
    kind: 'url-password',
    prefix: String.raw`(?<![A-Za-z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]{0,31}://[^\s:/@]{1,256}:`,
    source: String.raw`[^\s@/]{1,256}(?=@)`,
  },
  {
    // A secret key's value: quoted (may hold blanks and `\"` escapes), after `=`, or after `:` when it
    // looks like a secret (a digit or symbol, or 16+ letters), as `error: invalid token: expected JWT`
    // is prose. One shape for all three, its short lookbehinds picking the branch, because each shape
    // that starts with a key name costs another pass over the line.
    kind: 'secret-value',
    prefix: `${KEY}(?:[=:]${BLANKS}["']|=${BLANKS}|:${BLANKS})`,
    source: `(?:${[
      String.raw`(?<=")(?!${PLAIN_VALUE}")(?:[^"\\\r\n]|\\.)+`,
      String.raw`(?<=')(?!${PLAIN_VALUE}')[^'\r\n]+`,
      `(?<==${BLANKS})${UNQUOTED_VALUE}`,
      String.raw`(?<=:${BLANKS})(?=[^\s"'&,;]*[0-9_/+=~-]|[A-Za-z]{16})${UNQUOTED_VALUE}`,
    ].join('|')})`,
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
