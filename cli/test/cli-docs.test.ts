/** docs/cli.md is generated from the built CLI's --help; this fails when someone changed a command and not the doc. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './harness.js';

describe('docs/cli.md', () => {
  it('matches the help output of the built CLI (regenerate with node scripts/gen-cli-docs.mjs)', () => {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/gen-cli-docs.mjs'), '--check'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
