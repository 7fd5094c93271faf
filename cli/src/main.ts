/** The `flowforge` command: dispatches to a subcommand, loading only the code that one needs. */
import { CWD_GONE_MESSAGE, processIo, type CliIo } from './io.js';

export const USAGE = `Usage: flowforge <command> [options]

Commands:
  run [options] -- <command...>   supervise a command (flowforge run --help)
  demo [--max-cpu N]              supervise a bundled runaway with restart and show the verdict
  config validate [file]          print the resolved config, or the errors (exit 1)
  replay <run-id|log> [options]   re-evaluate a recorded run against another policy
  prune --older-than DURATION     remove runs that ended long ago from the evidence database
  daemon start|stop|status|logs   manage the local API daemon
  dashboard [--foreground]        start the daemon and the dashboard and print the URL
  help                            show this help

Docs: docs/cli.md`;

/** Runs the CLI with the given arguments and returns the process exit code. */
export async function main(argv: readonly string[], io: CliIo | null = processIo()): Promise<number> {
  if (io === null) {
    // No io to print through: every command resolves paths against the current directory.
    process.stderr.write(`flowforge: ${CWD_GONE_MESSAGE}\n`);
    return 2;
  }
  const [command, ...rest] = argv;
  switch (command) {
    case 'run': {
      const { runCommand } = await import('./commands/run.js');
      return runCommand(rest, io);
    }
    case 'demo': {
      const { demoCommand } = await import('./commands/demo.js');
      return demoCommand(rest, io);
    }
    case 'config': {
      const { configCommand } = await import('./commands/config.js');
      return configCommand(rest, io);
    }
    case 'replay': {
      const { replayCommand } = await import('./commands/replay.js');
      return replayCommand(rest, io);
    }
    case 'prune': {
      const { pruneCommand } = await import('./commands/prune.js');
      return pruneCommand(rest, io);
    }
    case 'daemon':
    case 'dashboard': {
      const { runDaemonCli } = await import('./commands/daemon-cmd.js');
      return runDaemonCli(argv, io);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
