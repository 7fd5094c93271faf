/** `mkdir -p` that cannot hang: Node 20's recursive mkdirSync loops forever on some paths (e.g. under /proc). */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Creates dir and its missing parents one level at a time; throws the first real error. */
export function makeDirectory(dir: string, mode = 0o700): void {
  const absolute = path.resolve(dir);
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      if (!statSync(current).isDirectory())
        throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.push(current);
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  for (const next of missing.reverse()) {
    try {
      mkdirSync(next, { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
