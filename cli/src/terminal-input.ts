/**
 * What the user types, passed to the job only while FlowForge is the terminal's foreground job. The
 * job runs without a controlling terminal (a session of its own), so we read the terminal for it; but
 * a background process that reads its terminal is stopped by the kernel (SIGTTIN): `flowforge run … &`
 * would stop at the first key the user typed into the shell. So the terminal is read only in the
 * foreground, and the check is made again whenever we are continued (`fg`, `bg` send SIGCONT).
 */
import { readFileSync } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';

/**
 * Whether our process group is the foreground group of our controlling terminal, from /proc/self/stat
 * (fields 5 `pgrp` and 8 `tpgid`); true where that cannot be read (not Linux): reading then is as before.
 */
export function isForegroundJob(readStat: () => string = () => readFileSync('/proc/self/stat', 'utf8')): boolean {
  let stat: string;
  try {
    stat = readStat();
  } catch {
    return true;
  }
  // The command name (field 2) may hold spaces and parentheses: the fields after it follow the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const pgrp = Number(fields[2]);
  const tpgid = Number(fields[5]);
  if (!Number.isInteger(pgrp) || !Number.isInteger(tpgid)) return true;
  return tpgid === pgrp;
}

/** The job's view of the terminal, and the hook to call when we are continued. */
export interface TerminalInput {
  source: Readable;
  /** Re-checks foreground or background (call on SIGCONT) and starts or stops reading accordingly. */
  recheck(): void;
  /** Stops reading the terminal for good. */
  close(): void;
}

/** Forwards `terminal` into `source` while `isForeground()` holds. */
export function createTerminalInput(terminal: Readable, isForeground: () => boolean = isForegroundJob): TerminalInput {
  const source = new PassThrough();
  let reading = false;
  let closed = false;
  const onEnd = (): void => {
    source.end();
  };
  terminal.on('end', onEnd);

  function recheck(): void {
    if (closed) return;
    const foreground = isForeground();
    if (foreground && !reading) {
      terminal.pipe(source, { end: false });
      reading = true;
    } else if (!foreground && reading) {
      terminal.unpipe(source);
      terminal.pause();
      reading = false;
    }
  }

  recheck();
  return {
    source,
    recheck,
    close() {
      closed = true;
      if (reading) terminal.unpipe(source);
      terminal.off('end', onEnd);
      terminal.pause();
      reading = false;
    },
  };
}
