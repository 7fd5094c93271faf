import { describe, expect, it } from 'vitest';
import { substituteVariables, type SubstitutionResult } from './substitute.js';

const env = { HOME: '/home/me', EMPTY: '', CPU: '75' };

describe('substituteVariables', () => {
  const cases: [string, string, SubstitutionResult][] = [
    ['leaves text without references alone', 'plain $HOME text', { ok: true, value: 'plain $HOME text' }],
    ['replaces a set variable', '${HOME}/db', { ok: true, value: '/home/me/db' }],
    ['uses the default for an unset variable', '${NOPE:-x}', { ok: true, value: 'x' }],
    ['uses the default for an empty variable', '${EMPTY:-x}', { ok: true, value: 'x' }],
    ['keeps a set variable over its default', '${CPU:-90}', { ok: true, value: '75' }],
    ['allows an empty default', 'a${NOPE:-}b', { ok: true, value: 'ab' }],
    ['replaces several references', '${CPU}-${CPU}', { ok: true, value: '75-75' }],
    ['writes $${ as a literal ${', 'cost $${HOME}', { ok: true, value: 'cost ${HOME}' }],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(substituteVariables(text, env)).toEqual(expected);
  });

  it('names an unset variable without a default', () => {
    expect(substituteVariables('${API_HOST}', env)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('API_HOST is not set') as string,
    });
  });

  it('reports a malformed reference', () => {
    expect(substituteVariables('${1BAD}', env)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('malformed') as string,
    });
  });
});
