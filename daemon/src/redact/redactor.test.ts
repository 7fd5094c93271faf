import { describe, expect, it } from 'vitest';
import { createRedactor } from './redactor.js';

const env = {
  OPENAI_API_KEY: 'not-a-shaped-key-1234',
  DB_PASSWORD: 'hunter2hunter2',
  GITHUB_TOKEN: 'tok.en/with+special(chars)',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  SERVICE_CREDENTIALS: 'multi\nline-secret-value',
  USE_TOKEN: 'true',
  SHORT_KEY: 'abc',
  HOME: '/home/someone',
  PATH: '/usr/bin',
};

describe('createRedactor', () => {
  const redactor = createRedactor({ env, extraValues: ['extra-value-1'] });
  const cases: [string, string, string][] = [
    ['an API key env value', 'key is not-a-shaped-key-1234 ok', 'key is [REDACTED:OPENAI_API_KEY] ok'],
    ['a password env value', 'login hunter2hunter2', 'login [REDACTED:DB_PASSWORD]'],
    ['an env value with regex characters', 'x tok.en/with+special(chars) y', 'x [REDACTED:GITHUB_TOKEN] y'],
    ['each line of a multi-line env value', 'got line-secret-value', 'got [REDACTED:SERVICE_CREDENTIALS]'],
    ['an extra value', 'extra-value-1!', '[REDACTED:mask]!'],
    ['an OpenAI key', 'using sk-proj-abcdefghijklmnopqrstuvwx', 'using [REDACTED:api-key]'],
    ['an Anthropic key', 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123', '[REDACTED:api-key]'],
    ['a GitHub personal token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', '[REDACTED:github-token]'],
    ['a GitHub OAuth token', 'gho_abcdefghijklmnopqrstuvwxyz0123456789', '[REDACTED:github-token]'],
    ['a fine-grained GitHub token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnop', '[REDACTED:github-token]'],
    ['an AWS access key id', 'id=AKIAIOSFODNN7EXAMPLE,', 'id=[REDACTED:aws-access-key-id],'],
    ['an AWS session key id', 'ASIAIOSFODNN7EXAMPLE', '[REDACTED:aws-access-key-id]'],
    [
      'a JWT',
      'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end',
      'jwt [REDACTED:jwt] end',
    ],
    [
      'a bearer token, keeping the scheme',
      'Authorization: Bearer abc123def456ghi',
      'Authorization: Bearer [REDACTED:bearer]',
    ],
    ['a Slack token', 'xoxb-123456789012-abcdefghij', '[REDACTED:slack-token]'],
    [
      'a password assignment, keeping the key',
      'connect password=pa55w0rd! host=db',
      'connect password=[REDACTED:password] host=db',
    ],
    ['a JSON secret field', '{"api_key": "abcd1234"}', '{"api_key": "[REDACTED:password]"}'],
    ['a password in a URL', 'postgres://app:s3cret@db:5432/x', 'postgres://app:[REDACTED:url-password]@db:5432/x'],
  ];
  it.each(cases)('redacts %s', (_name, input, expected) => {
    expect(redactor.redact(input)).toBe(expected);
  });

  const untouched: [string, string][] = [
    ['ordinary words', 'the token count rose; password reset email sent'],
    ['words that contain sk-', 'ask-for-help-with-something-longer-than-twenty'],
    ['a bearer of news', 'Bearer of bad news'],
    ['a boolean env value', 'feature is true'],
    ['a too-short env value', 'abc abc'],
    ['a non-secret env value', 'cd /home/someone && ls /usr/bin'],
    ['a progress line', 'epoch 3/20 loss=0.123 tokens=4096'],
    ['a pwd line', 'pwd: /home/me'],
  ];
  it.each(untouched)('leaves %s alone', (_name, input) => {
    expect(redactor.redact(input)).toBe(input);
  });

  it('masks a value added later, and a longer value before a shorter one it contains', () => {
    const r = createRedactor({ env: {} });
    r.addMask('secret-one');
    r.addMask('secret-one-two');
    expect(r.redact('a secret-one-two b secret-one')).toBe('a [REDACTED:mask] b [REDACTED:mask]');
  });

  it('ignores masks shorter than four characters', () => {
    const r = createRedactor({ env: {} });
    r.addMask('the');
    expect(r.redact('the end')).toBe('the end');
  });

  it('redacts every occurrence on repeated calls', () => {
    const r = createRedactor({ env: { API_TOKEN: 'zzzz-1' } });
    expect(r.redact('zzzz-1 zzzz-1')).toBe('[REDACTED:API_TOKEN] [REDACTED:API_TOKEN]');
    expect(r.redact('zzzz-1')).toBe('[REDACTED:API_TOKEN]');
  });
});
