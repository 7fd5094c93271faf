/** The CLI's view of its process: where it prints and which cwd/env it runs with. */
export interface CliIo {
  out(text: string): void;
  /** FlowForge's own message on stderr, prefixed with `flowforge: `. */
  error(text: string): void;
  /** A raw line on stderr (CI annotations: the runner reads them there, and stdout stays the job's). */
  annotate(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** What the CLI says, with exit 2, when it was started from a directory that has been deleted. */
export const CWD_GONE_MESSAGE = 'the current directory no longer exists: cd to an existing directory';

/** The current directory, or null when it was deleted (`uv_cwd` fails with ENOENT); other errors are thrown. */
export function readCurrentDirectory(readCwd: () => string = () => process.cwd()): string | null {
  try {
    return readCwd();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The real process's io, or null when its current directory no longer exists. */
export function processIo(readCwd?: () => string): CliIo | null {
  const cwd = readCurrentDirectory(readCwd);
  if (cwd === null) return null;
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    error: (text) => process.stderr.write(`flowforge: ${text.replace(/\n/g, '\nflowforge: ')}\n`),
    annotate: (text) => process.stderr.write(`${text}\n`),
    cwd,
    env: process.env,
  };
}
