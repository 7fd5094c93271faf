/** Reads the last lines of a log file without loading a huge file whole. */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/** The last `lines` lines of path ([] when absent); reads at most maxBytes from the end. */
export function readLogTail(path: string, lines: number, maxBytes = 4 * 1024 * 1024): string[] {
  if (!existsSync(path) || lines <= 0) return [];
  const size = statSync(path).size;
  const length = Math.min(size, maxBytes);
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const all = buffer.toString('utf8').split('\n');
  if (all.at(-1) === '') all.pop();
  return all.slice(-lines);
}
