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

/** The real process's io. */
export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    error: (text) => process.stderr.write(`flowforge: ${text.replace(/\n/g, '\nflowforge: ')}\n`),
    annotate: (text) => process.stderr.write(`${text}\n`),
    cwd: process.cwd(),
    env: process.env,
  };
}
