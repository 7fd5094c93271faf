import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { authenticateCommand } from './authenticate.js';
import { parseProtocolLine } from './parse.js';
import type { ProtocolCommand, ProtocolParseError } from './types.js';

const helpers = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'helpers');
const NONCE = 'n0nce-1234:with,odd%chars';
const TRICKY = 'a%b:c,d\r\ne::f %25 %0A';

const PYTHON_JOB = `
import flowforge_protocol as ff
ff.heartbeat()
ff.progress(3, 20, ${JSON.stringify(TRICKY)})
ff.progress(percent=12.5)
ff.usage("claude-sonnet-4", input_tokens=1200, output_tokens=300)
ff.usage(cost_usd=0.0001)
ff.add_mask(${JSON.stringify(TRICKY)})
ff.set_output("model_path", ${JSON.stringify(TRICKY)})
ff.notice("hello")
ff.warning(${JSON.stringify(TRICKY)}, file="src/a,b.py", line=12, title="T:1")
ff.error("boom")
`;

const NODE_JOB = `
import * as ff from './flowforge-protocol.mjs';
ff.heartbeat();
ff.progress(3, 20, ${JSON.stringify(TRICKY)});
ff.progress(null, null, '', { percent: 12.5 });
ff.usage({ model: 'claude-sonnet-4', inputTokens: 1200, outputTokens: 300 });
ff.usage({ costUsd: 0.0001 });
ff.addMask(${JSON.stringify(TRICKY)});
ff.setOutput('model_path', ${JSON.stringify(TRICKY)});
ff.notice('hello');
ff.warning(${JSON.stringify(TRICKY)}, { file: 'src/a,b.py', line: 12, title: 'T:1' });
ff.error('boom');
`;

const annotation = { title: null, file: null, line: null, col: null, endLine: null, endColumn: null };
const EXPECTED: ProtocolCommand[] = [
  { kind: 'heartbeat', nonce: NONCE, message: '' },
  { kind: 'progress', nonce: NONCE, current: 3, total: 20, percent: null, message: TRICKY },
  { kind: 'progress', nonce: NONCE, current: null, total: null, percent: 12.5, message: '' },
  { kind: 'usage', nonce: NONCE, model: 'claude-sonnet-4', inputTokens: 1200, outputTokens: 300, costUsd: null },
  { kind: 'usage', nonce: NONCE, model: null, inputTokens: null, outputTokens: null, costUsd: 0.0001 },
  { kind: 'add-mask', nonce: NONCE, value: TRICKY },
  { kind: 'set-output', nonce: NONCE, name: 'model_path', value: TRICKY },
  { kind: 'notice', nonce: NONCE, message: 'hello', ...annotation },
  { kind: 'warning', nonce: NONCE, message: TRICKY, ...annotation, title: 'T:1', file: 'src/a,b.py', line: 12 },
  { kind: 'error', nonce: NONCE, message: 'boom', ...annotation },
];

function run(
  command: string,
  args: string[],
  nonce: string | undefined,
): (ProtocolCommand | ProtocolParseError | null)[] {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, PYTHONPATH: helpers };
  if (nonce !== undefined) env.FLOWFORGE_PROTOCOL_NONCE = nonce;
  const stdout = execFileSync(command, args, { cwd: helpers, env, encoding: 'utf8', timeout: 20_000 });
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map(parseProtocolLine);
}

const jobs: [string, string, string[]][] = [
  ['the Python helper', 'python3', ['-c', PYTHON_JOB]],
  ['the JavaScript helper', process.execPath, ['--input-type=module', '-e', NODE_JOB]],
];

describe.each(jobs)('%s', (_name, command, args) => {
  it('prints lines that parse back to the commands it was asked for, all authenticated', () => {
    const commands = run(command, args, NONCE);
    expect(commands).toEqual(EXPECTED);
    for (const cmd of EXPECTED) expect(authenticateCommand(cmd, NONCE)).toMatchObject({ ok: true });
  });

  it('skips state-changing commands outside FlowForge and still prints the informational ones', () => {
    const kinds = run(command, args, undefined).map((cmd) => cmd?.kind);
    expect(kinds).toEqual(['add-mask', 'notice', 'warning', 'error']);
  });
});
