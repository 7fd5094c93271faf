/** A bounded window of the latest analysed lines, raw and normalised. */

/** One analysed line as the output detectors see it. */
export interface WindowLine {
  atMs: number;
  raw: string;
  normalized: string;
}

/** Keeps the last `size` lines (oldest first). */
export function createLineWindow(size: number) {
  let lines: WindowLine[] = [];
  return {
    push(line: WindowLine): void {
      lines.push(line);
      if (lines.length > size * 2) lines = lines.slice(-size);
    },
    /** The last `size` lines, oldest first. */
    current(): readonly WindowLine[] {
      return lines.length > size ? lines.slice(-size) : lines;
    },
    clear(): void {
      lines = [];
    },
  };
}
