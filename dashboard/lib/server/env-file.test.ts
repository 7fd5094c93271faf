import { describe, expect, it } from 'vitest';
import { parseEnvFile } from './env-file';

describe('parseEnvFile', () => {
  it.each([
    ['a plain value', 'FLOWFORGE_API_KEY=abc', { FLOWFORGE_API_KEY: 'abc' }],
    ['an exported value', 'export FLOWFORGE_API_KEY=abc', { FLOWFORGE_API_KEY: 'abc' }],
    ['a double-quoted value', 'K="a b"', { K: 'a b' }],
    ['a single-quoted value with a hash', "K='a#b'", { K: 'a#b' }],
    ['a trailing comment', 'K=abc # the key', { K: 'abc' }],
    ['comments and blank lines', '# c\n\nK=1\n', { K: '1' }],
    ['malformed lines skipped', 'not a line\nK=1', { K: '1' }],
    ['the later line winning', 'K=1\nK=2', { K: '2' }],
  ])('parses %s', (_name, text, expected) => {
    expect(parseEnvFile(text)).toEqual(expected);
  });
});
