/** `flowforge run [options] -- <command> [args...]`: supervise a command in the foreground. */
import { writeFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { parseArgs } from 'node:util';
import {
  createRedactor,
  randomHex,
  loadConfig,
  openRunStore,
  renderExitSummary,
  superviseRun,
  toSummaryJson,
  EXIT_CODES,
  type ConfigFlags,
  type ResolvedConfig,
  type RunOutcome,
  errorMessage,
} from '@flowforge/daemon';
import { RUN_OPTIONS, flagKey, renderOptionsHelp } from '../run-options.js';
import { splitRunArgv } from '../split-argv.js';
import { printCiAnnotations } from '../ci-annotations.js';
import { createFdWriter } from '../fd-writer.js';
import { createTerminalInput } from '../terminal-input.js';
import type { CliIo } from '../io.js';

export const RUN_USAGE = `Usage: flowforge run [options] -- <command> [args...]

Supervise a command: stdio passes through, the exit code propagates, and FlowForge watches CPU,
memory and output of the whole process tree, and alerts, kills or restarts a runaway.

Options:
${renderOptionsHelp(RUN_OPTIONS)}

Exit codes: the child's own (128+N after signal N); 127 command not found; 126 not executable;
125 stopped by policy (runaway, limit, stall, budget); 124 wall-clock timeout;
123 restart budget exhausted; 122 stopped by a person (API or dashboard); 121 owner lost;
2 bad usage or config.

Signals: INT, TERM, HUP and QUIT go to the job's process group (the third within 10 s stops the
whole tree); USR1 and USR2 go to the job's main process, WINCH to its group; Ctrl-Z (TSTP) stops the
job together with FlowForge, and SIGCONT (fg) continues both, without counting the stop as the job's
silence.`;

/**
 * Signals passed on to the child's process group. Besides the stops (INT, TERM, HUP, QUIT: Ctrl-\
 * reaches only our group), USR1, USR2 and WINCH, which jobs use for their own ends (dumps, log
 * rotation, reloads): unhandled, USR2 would end FlowForge and orphan the job, and USR1 would open
 * Node's debugger on this process.
 */
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
  'SIGWINCH',
];

/** Parses run flags into config flags; throws a usage error naming the bad flag. */
export function parseRunFlags(own: readonly string[]): ConfigFlags & { help?: boolean } {
  const spec: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const option of RUN_OPTIONS) spec[option.flag] = { type: option.type };
  const { values } = parseArgs({ args: [...own], options: spec, strict: true, allowPositionals: false });
  const flags: Record<string, string | boolean> = {};
  for (const [flag, value] of Object.entries(values)) {
    if (value !== undefined) flags[flagKey(flag)] = value;
  }
  return flags;
}

/** Runs the command under supervision and returns the exit code for flowforge itself. */
export async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { own, command } = splitRunArgv(argv, RUN_OPTIONS);
  let flags: ConfigFlags & { help?: boolean };
  try {
    flags = parseRunFlags(own);
  } catch (error) {
    io.error(`${errorMessage(error)}\nSee: flowforge run --help`);
    return EXIT_CODES.usage;
  }
  if (flags.help === true) {
    io.out(RUN_USAGE);
    return 0;
  }
  if (command.length === 0 || command[0] === '') {
    io.error('no command given: use flowforge run [options] -- <command> [args...]');
    return EXIT_CODES.usage;
  }
  let config: ResolvedConfig;
  try {
    config = loadConfig({ cwd: io.cwd, env: io.env, flags });
  } catch (error) {
    io.error(errorMessage(error));
    return EXIT_CODES.usage;
  }
  const log = config.quiet
    ? () => undefined
    : (message: string) => {
        io.error(message);
      };
  const store = openRunStore(config.db, io.env, (message) => {
    io.error(message);
  });
  const ownerId = `cli-${process.pid}-${randomHex(4)}`;
  // isatty, not process.stdin.isTTY: creating the stdin stream for a pipe or file costs ≈2 ms of
  // start-up (fs streams, promises, readline), and the child reads an inherited stdin itself.
  const stdinIsTty = isatty(0);
  // Read for the job only while we are the foreground job (terminal-input.ts): `… &` must not stop.
  const terminal = stdinIsTty ? createTerminalInput(process.stdin) : null;
  // Our reader went away: the child's next write to that stream fails, as in a plain pipeline.
  const closeOutput = (name: 'stdout' | 'stderr') => (): void => {
    run.closeOutput(name);
  };
  const run = superviseRun({
    command,
    cwd: io.cwd,
    env: io.env,
    config,
    store: store.writer,
    owner: { id: ownerId, kind: 'cli' },
    stdin: stdinIsTty ? 'pipe' : 'inherit',
    stdinSource: terminal?.source ?? null,
    stdout: createFdWriter(
      1,
      () => process.stdout,
      closeOutput('stdout'),
      (error) => {
        io.error(
          `writing the job's output failed (${error.code ?? error.message}): the rest of its stdout is discarded; ` +
            'check where stdout goes (a full disk?)',
        );
      },
    ),
    stderr: createFdWriter(2, () => process.stderr, closeOutput('stderr')),
    log,
    clock: Date.now,
    redactor: createRedactor({ env: io.env }),
  });
  const forward = (signal: NodeJS.Signals): void => {
    run.forwardSignal(signal);
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  // Ctrl-Z stops our process group only (the child leads its own): stop the child's, then ourselves.
  const suspend = (): void => {
    run.suspend();
    process.kill(process.pid, 'SIGSTOP');
  };
  const continueRun = (): void => {
    run.continueAfterSuspend();
    terminal?.recheck(); // `fg` or `bg`: read the terminal again, or stop reading it
  };
  process.on('SIGTSTP', suspend);
  process.on('SIGCONT', continueRun);
  let outcome: RunOutcome;
  try {
    outcome = await run.done;
  } finally {
    for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    process.off('SIGTSTP', suspend);
    process.off('SIGCONT', continueRun);
    terminal?.close();
    // A run that ended before the store was opened leaves a spool file instead (docs/architecture.md).
    store.finish();
  }
  // An open store is left open on purpose: closing the last connection checkpoints the WAL, a cost the
  // job's caller would wait for. Everything is committed; the next opener folds the WAL in.
  reportOutcome(outcome, config, io);
  return outcome.exitCode;
}

function reportOutcome(outcome: RunOutcome, config: ResolvedConfig, io: CliIo): void {
  if (outcome.terminationReason === 'spawn-failed' && outcome.message !== null) io.error(outcome.message);
  else if (!config.quiet) for (const line of renderExitSummary(outcome)) io.error(line);
  if (config.summaryJson !== null) {
    try {
      writeFileSync(config.summaryJson, `${JSON.stringify(toSummaryJson(outcome), null, 2)}\n`);
    } catch (error) {
      io.error(`could not write the summary JSON to ${config.summaryJson}: ${errorMessage(error)}`);
    }
  }
  printCiAnnotations(outcome, io);
}
