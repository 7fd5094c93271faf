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
      'connect password=[REDACTED:secret-value] host=db',
    ],
    ['a JSON secret field', '{"api_key": "abcd1234"}', '{"api_key": "[REDACTED:secret-value]"}'],
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

  const secretValues: [string, string, string][] = [
    ['a token assignment', 'token=tok_live_abc', 'token=[REDACTED:secret-value]'],
    [
      'an AWS secret access key with blanks around =',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key = [REDACTED:secret-value]',
    ],
    ['a JSON password', '{"password": "hunter2"}', '{"password": "[REDACTED:secret-value]"}'],
    ['a quoted value with blanks and escapes', '"passwd": "a b\\"c d"', '"passwd": "[REDACTED:secret-value]"'],
    ['a single-quoted shell value', "export DB_PASSWORD='a b c'", "export DB_PASSWORD='[REDACTED:secret-value]'"],
    ['a pwd that is not a path', 'pwd=s3cr3t', 'pwd=[REDACTED:secret-value]'],
    ['an api_key in a query string', 'GET /v1?api_key=abc123&page=2', 'GET /v1?api_key=[REDACTED:secret-value]&page=2'],
    ['an apikey header', 'x-apikey: 9f8e7d6c', 'x-apikey: [REDACTED:secret-value]'],
    ['an access-key with a hyphen', 'access-key=AbCdEf', 'access-key=[REDACTED:secret-value]'],
    ['a private_key value', 'private_key: "abc/def+ghi"', 'private_key: "[REDACTED:secret-value]"'],
    ['a client_secret in YAML', 'client_secret: 8f2b-41c9', 'client_secret: [REDACTED:secret-value]'],
    ['a camelCase clientSecret', '{clientSecret: "abc"}', '{clientSecret: "[REDACTED:secret-value]"}'],
    ['an upper-case env assignment', 'API_TOKEN=abcdef', 'API_TOKEN=[REDACTED:secret-value]'],
    ['an auth value', 'auth=dXNlcjpw', 'auth=[REDACTED:secret-value]'],
    ['a credentials value', 'credentials: user/s3cr3t', 'credentials: [REDACTED:secret-value]'],
    ['a session id', 'session_id=4f9a', 'session_id=[REDACTED:secret-value]'],
    [
      'a cookie header, up to the first ;',
      'Cookie: sid=abc123; theme=dark',
      'Cookie: [REDACTED:secret-value]; theme=dark',
    ],
    [
      'a passphrase of 16+ letters after :',
      'passphrase: correcthorsebatterystaple',
      'passphrase: [REDACTED:secret-value]',
    ],
    ['a secret number that is quoted as a word', 'secret="1234abcd"', 'secret="[REDACTED:secret-value]"'],
    [
      'a Basic authorization, keeping the scheme',
      'Authorization: Basic dXNlcjpwYXNzd29yZA==',
      'Authorization: Basic [REDACTED:authorization]',
    ],
    [
      'a Token authorization, keeping the scheme',
      'authorization: Token 0123abcd',
      'authorization: Token [REDACTED:authorization]',
    ],
    ['short Basic credentials', '"Authorization": "Basic YTpi"', '"Authorization": "Basic [REDACTED:authorization]"'],
    [
      'a bearer token after Authorization=',
      'Authorization=Bearer abc123def456ghi',
      'Authorization=Bearer [REDACTED:bearer]',
    ],
    ['a Stripe live secret key', 'using sk_live_51H8abcdefghijKLMN', 'using [REDACTED:stripe-key]'],
    ['a Stripe restricted key', 'rk_live_abcdefghijklmnop', '[REDACTED:stripe-key]'],
    ['a Stripe publishable key', '(pk_live_abcdefghijklmnop)', '([REDACTED:stripe-key])'],
    ['a Stripe test key', 'sk_test_abcdefghijklmnop', '[REDACTED:stripe-key]'],
    ['a Slack user token', 'xoxp-1234567890-abcdef', '[REDACTED:slack-token]'],
    ['a Google API key', 'key AIzaSyA-abcdefghijklmnopqrstuvwxyz01234', 'key [REDACTED:google-api-key]'],
    [
      'a private key block in one text',
      'key: -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY----- ok',
      'key: [REDACTED:private-key] ok',
    ],
    [
      'an OpenSSH private key without its end',
      '-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA',
      '[REDACTED:private-key]',
    ],
  ];
  it.each(secretValues)('redacts %s, keeping what labels it', (_name, input, expected) => {
    expect(createRedactor({ env: {} }).redact(input)).toBe(expected);
  });

  const nearMisses: [string, string][] = [
    ['LLM token counts', 'tokens=1234 prompt_tokens=812 max_tokens: 4096 "total_tokens": 2048'],
    ['a number after a secret key', 'token=1234 secret: 42 password=3.5'],
    ['auth as a word', 'auth ok'],
    ['a status after a secret key', 'auth: ok token=expired password=null session=none'],
    ['prose after token:', 'error: invalid token: expected JWT'],
    ['a colon value of letters only', 'session: started'],
    ['a key that only begins with a secret word', 'tokenizer=bpe token_type=bearer authority=ca password_length=12'],
    ['a word that ends in a secret word', 'oauth=github mytoken=abc'],
    ['a pwd that is a path', 'PWD=/home/me pwd=~/src'],
    ['Basic and Token as words', 'Basic setup done; Token expired'],
    ['a short bearer-like word after Authorization', 'Authorization: Bearer none'],
    ['a key=value pair after the word bearer', 'token_type=bearer expires_in=3600'],
    ['Stripe-like words inside other words', 'risk_test_suite_abcdefghijk desk_live_view_abcdefghij'],
    ['a short xox word', 'xoxb-short'],
    ['a short AIza word', 'AIzaShort'],
    ['a public key block', '-----BEGIN PUBLIC KEY----- MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A'],
    ['a URL without a password', 'https://example.com:8443/path?x=1'],
  ];
  it.each(nearMisses)('leaves %s alone', (_name, input) => {
    expect(createRedactor({ env: {} }).redact(input)).toBe(input);
  });

  it('hides a private key printed line by line until the first line that is not part of it', () => {
    const r = createRedactor({ env: {} });
    const lines = [
      '-----BEGIN RSA PRIVATE KEY-----',
      'Proc-Type: 4,ENCRYPTED',
      '',
      'MIIEowIBAAKCAQEAx4Ue6wT8uZb3yRZ9q7h1Ya0wB3L2zQ+/aKf9jZqk0pV8nXyT',
      'Yx2uQ==',
      '-----END RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEA',
    ];
    expect(lines.map((line) => r.redact(line))).toEqual([
      '[REDACTED:private-key]',
      '[REDACTED:private-key]',
      '',
      '[REDACTED:private-key]',
      '[REDACTED:private-key]',
      '-----END RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEA',
    ]);
  });

  it('stops hiding key lines after a key block that ended in the same text', () => {
    const r = createRedactor({ env: {} });
    r.redact('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----');
    expect(r.redact('MHcCAQEE')).toBe('MHcCAQEE');
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
