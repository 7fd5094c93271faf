import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDaemonTarget } from './daemon-target';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ff-target-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('readDaemonTarget', () => {
  it('defaults to 127.0.0.1:8080 with no key when nothing is configured', () => {
    const dir = tempDir();
    expect(readDaemonTarget({ FLOWFORGE_ENV_FILE: path.join(dir, 'none.env') }, dir)).toMatchObject({
      baseUrl: 'http://127.0.0.1:8080',
      key: null,
    });
  });

  it('reads the key and port from the env file and lets the environment win', () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.env');
    writeFileSync(file, 'FLOWFORGE_API_KEY=from-file\nFLOWFORGE_API_PORT=9090\n');
    expect(readDaemonTarget({ FLOWFORGE_ENV_FILE: file }, dir)).toMatchObject({
      baseUrl: 'http://127.0.0.1:9090',
      key: 'from-file',
    });
    expect(readDaemonTarget({ FLOWFORGE_ENV_FILE: file, FLOWFORGE_API_KEY: 'from-env' }, dir).key).toBe('from-env');
  });

  it('finds .flowforge.env in a parent directory, as the daemon does', () => {
    const root = tempDir();
    const child = path.join(root, 'dashboard');
    writeFileSync(path.join(root, '.flowforge.env'), 'FLOWFORGE_API_URL=http://127.0.0.1:7000/\n');
    expect(readDaemonTarget({}, child).baseUrl).toBe('http://127.0.0.1:7000');
  });
});
