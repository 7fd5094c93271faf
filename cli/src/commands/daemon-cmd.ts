/** `flowforge daemon start|stop|status|logs` and `flowforge dashboard`: manage the local API daemon. */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { FlowForgeError, isFlowForgeError } from '@flowforge/daemon/server';
import { EXIT_CODES, errorMessage } from '@flowforge/daemon';
import type { CliIo } from '../io.js';
import { dashboardCommand as buildDashboardCommand, spawnDashboard } from '../daemon/dashboard-launch.js';
import type { ControlContext, StartFlags } from '../daemon/daemon-control.js';
import { runForeground, startDetached, stopDaemon } from '../daemon/daemon-control.js';
import { readDaemonStatus, renderDaemonStatus } from '../daemon/daemon-status.js';
import { locateDaemon, waitUntil } from '../daemon/locate-daemon.js';
import { readLogTail } from '../daemon/log-tail.js';
import { spawnDetached } from '../daemon/spawn-detached.js';

/** Optional wiring from the CLI entry (the supervisor's run starter, a custom io). */
export type DaemonCommandOptions = Partial<Pick<ControlContext, 'createRunStarter' | 'selfCommand'>> & { io?: CliIo };

const int =
  (name: string, min: number, max: number) =>
  (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max)
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    return parsed;
  };

interface StartOptions extends StartFlags {
  foreground?: boolean;
}

/** Registers `daemon` and `dashboard` on a commander program; actions throw FlowForgeError on failure. */
export function registerDaemonCommands(program: Command, options: DaemonCommandOptions = {}): void {
  const io = options.io;
  const ctx = (): ControlContext => ({
    env: io?.env ?? process.env,
    cwd: io?.cwd ?? process.cwd(),
    out: (text) => {
      if (io) io.out(text);
      else process.stdout.write(`${text}\n`);
    },
    createRunStarter: options.createRunStarter,
    selfCommand: options.selfCommand,
  });
  const daemon = program.command('daemon').description('manage the local API daemon (127.0.0.1:8080 by default)');
  daemon
    .command('start')
    .description('start the daemon in the background (writes a pid file; refuses to start twice)')
    .option('--foreground', 'run in this process until SIGINT/SIGTERM (for scripts, CI and service managers)')
    .option('--host <host>', 'listen address (FLOWFORGE_API_HOST); non-loopback needs --allow-remote and a key')
    .option('--port <port>', 'listen port (FLOWFORGE_API_PORT); 0 picks a free one', int('--port', 0, 65535))
    .option('--allow-remote', 'allow a non-loopback --host (requires FLOWFORGE_API_KEY set beforehand)')
    .action(async (opts: StartOptions) => {
      const c = ctx();
      const flags: StartFlags = { host: opts.host, port: opts.port, allowRemote: opts.allowRemote };
      if (opts.foreground === true) return runForeground(c, flags);
      const info = await startDetached(c, flags);
      c.out(
        `flowforge daemon started: ${info.url ?? '?'} (pid ${info.pid}, db ${info.dbPath})\nlogs: flowforge daemon logs`,
      );
    });
  daemon
    .command('stop')
    .description('stop the daemon gracefully (SIGTERM, SIGKILL after the timeout)')
    .option('--timeout-ms <ms>', 'how long to wait before SIGKILL', int('--timeout-ms', 100, 600_000), 10_000)
    .action(async (opts: { timeoutMs: number }) => {
      const c = ctx();
      const how = await stopDaemon(c, opts.timeoutMs);
      c.out(
        how === 'stopped'
          ? 'flowforge daemon stopped'
          : `flowforge daemon did not stop within ${opts.timeoutMs} ms; killed`,
      );
    });
  daemon
    .command('status')
    .description('say whether the daemon runs, where it listens and what it watches')
    .option('--json', 'print the status as JSON (exit 0 even when stopped)')
    .action(async (opts: { json?: boolean }) => {
      const c = ctx();
      const status = await readDaemonStatus(c.env, c.cwd);
      c.out(opts.json === true ? JSON.stringify(status, null, 2) : renderDaemonStatus(status));
    });
  daemon
    .command('logs')
    .description("print the end of the daemon's log")
    .option('--lines <n>', 'how many lines', int('--lines', 1, 100_000), 50)
    .action((opts: { lines: number }) => {
      const c = ctx();
      const { paths, running } = locateDaemon(c.env, c.cwd);
      const lines = readLogTail(running?.logFile ?? paths.logFile, opts.lines);
      c.out(lines.length === 0 ? `(no log at ${paths.logFile})` : lines.join('\n'));
    });

  program
    .command('dashboard')
    .description('start (or attach to) the daemon and the dashboard, and print the URL')
    .option('--foreground', 'run the daemon and the dashboard in this process until SIGINT/SIGTERM')
    .option('--port <port>', 'dashboard port', int('--port', 1, 65535), 3001)
    .action(async (opts: { foreground?: boolean; port: number }) => dashboardAction(ctx(), opts));
}

async function dashboardAction(c: ControlContext, opts: { foreground?: boolean; port: number }): Promise<void> {
  const origin = `http://127.0.0.1:${opts.port}`;
  const env = {
    ...c.env,
    FLOWFORGE_API_ALLOWED_ORIGINS: c.env.FLOWFORGE_API_ALLOWED_ORIGINS ?? `${origin},http://localhost:${opts.port}`,
  };
  const withOrigin = { ...c, env };
  const located = locateDaemon(env, c.cwd);
  if (opts.foreground === true && located.running === null) {
    await runForeground(withOrigin, {}, (apiUrl) => {
      const key = locateDaemon(env, c.cwd).key ?? '';
      const child = spawnDashboard(buildDashboardCommand({ apiUrl, apiKey: key, port: opts.port, env }));
      c.out(`flowforge dashboard: ${origin}`);
      child.on('exit', () => process.kill(process.pid, 'SIGTERM'));
      process.once('SIGTERM', () => child.kill('SIGTERM'));
      process.once('SIGINT', () => child.kill('SIGTERM'));
    });
    return;
  }
  const info = located.running ?? (await startDetached(withOrigin, {}));
  const apiUrl = info.url ?? 'http://127.0.0.1:8080';
  const key = locateDaemon(env, c.cwd).key;
  if (key === null)
    throw new FlowForgeError('AUTH_REQUIRED', `No FLOWFORGE_API_KEY found (looked in ${info.envFile}).`);
  const command = buildDashboardCommand({ apiUrl, apiKey: key, port: opts.port, env });
  if (opts.foreground === true) {
    const child = spawnDashboard(command);
    c.out(`flowforge dashboard: ${command.url} (daemon ${apiUrl})`);
    await new Promise<void>((resolve) =>
      child.on('exit', () => {
        resolve();
      }),
    );
    return;
  }
  // An already running dashboard on the port is attached to, not started again.
  if (!(await reachable(command.url))) {
    const child = spawnDetached({ ...command, logFile: `${located.paths.dataDir}/dashboard.log` });
    const up = await waitUntil(async () => child.exited() !== null || (await reachable(command.url)), 60_000);
    if (!up || child.exited() !== null)
      throw new FlowForgeError(
        'SPAWN_FAILED',
        `The dashboard did not come up; see ${located.paths.dataDir}/dashboard.log.`,
      );
  }
  c.out(`flowforge dashboard: ${command.url} (daemon ${apiUrl})`);
}

async function reachable(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.status < 500;
  } catch {
    // Not listening yet.
    return false;
  }
}

/** Runs `flowforge daemon …` or `flowforge dashboard …` (argv includes the command name); returns the exit code. */
export async function runDaemonCli(
  argv: readonly string[],
  io: CliIo,
  options: DaemonCommandOptions = {},
): Promise<number> {
  const program = new Command('flowforge').exitOverride().configureOutput({
    writeOut: (text) => {
      io.out(text.trimEnd());
    },
    writeErr: (text) => {
      io.error(text.trimEnd());
    },
  });
  registerDaemonCommands(program, { ...options, io });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    // Help asked for is 0; anything else commander refuses (an unknown flag or subcommand, a bad value,
    // no subcommand at all) is bad usage, 2, as for every other command (docs/errors.md).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_CODES.usage;
    if (isFlowForgeError(error)) {
      io.error(`${error.message} [${error.code}]`);
      return error.code === 'DAEMON_NOT_RUNNING' ? 3 : 1;
    }
    // A file-system error (a data directory under a file, a log path that is a directory): one line.
    io.error(`${errorMessage(error)}: check the data directory and its files (FLOWFORGE_DATA_DIR, --db)`);
    return 1;
  }
}
