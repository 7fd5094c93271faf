/** `flowforge replay <run-id | log file>`: re-evaluate a recorded run (or a log) against another policy. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  defaultDbPath,
  EXIT_CODES,
  isFlowForgeError,
  loadConfig,
  openStore,
  type ResolvedConfig,
  errorMessage,
} from '@flowforge/daemon';
import {
  buildReplayReport,
  readLogRecording,
  readRunRecording,
  renderReplayReport,
  replayRecording,
  type Recording,
  type ReplayPolicy,
} from '@flowforge/daemon/replay';
import type { CliIo } from '../io.js';
import { foldSpool } from '../fold-spool.js';

export const REPLAY_USAGE = `Usage: flowforge replay <run-id | log file> [options]

Re-evaluate a recorded run (or a plain log file) against a policy and print, in time order, the
decisions the policy would have taken next to what actually happened, and a one-line verdict diff.

Options:
  --policy FILE            a flowforge.yaml to replay with
  --profile NAME           a built-in profile: standard, strict or lenient
                           (neither: the config the run was recorded with, else standard)
  --db FILE                the evidence database (default: FLOWFORGE_DB, else the user data dir)
  --lines-per-second N     for a log file: the assumed output rate (default 10)
  --json                   print the report as JSON
  --help                   show this help

Exit codes: 0 replayed (verdict unchanged), 1 replayed and the verdict changed, 2 bad usage,
3 run or file not found. Docs: docs/replay.md`;

const OPTIONS = {
  policy: { type: 'string' },
  profile: { type: 'string' },
  db: { type: 'string' },
  'lines-per-second': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

const NOT_FOUND = 3;

function choosePolicy(
  values: { policy?: string; profile?: string },
  io: CliIo,
  recorded: Recording['config'],
): { policy: ReplayPolicy; label: string; tickMs: number } {
  if (values.policy === undefined && values.profile === undefined && recorded !== null) {
    return {
      policy: { detection: recorded.detection, policy: recorded.policy },
      label: `the recorded config (profile ${recorded.profile})`,
      tickMs: recorded.sampleIntervalMs,
    };
  }
  const flags = {
    ...(values.policy === undefined ? {} : { config: values.policy }),
    ...(values.profile === undefined ? {} : { profile: values.profile }),
  };
  const config: ResolvedConfig = loadConfig({ cwd: io.cwd, env: io.env, flags });
  const label =
    values.policy === undefined ? `profile ${config.profile}` : `policy ${values.policy} (profile ${config.profile})`;
  return {
    policy: { detection: config.detection, policy: { ...config.policy, runKey: config.policy.runKey ?? '' } },
    label,
    tickMs: config.sampleIntervalMs,
  };
}

function isLogFile(target: string, cwd: string): boolean {
  const file = path.resolve(cwd, target);
  return existsSync(file) && statSync(file).isFile();
}

/** Runs the replay and returns the exit code. */
export function replayCommand(argv: readonly string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    io.error(`${errorMessage(error)}\nSee: flowforge replay --help`);
    return EXIT_CODES.usage;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.out(REPLAY_USAGE);
    return 0;
  }
  const [target, ...extra] = positionals;
  if (target === undefined || extra.length > 0) {
    io.error(`expected one run id or log file, got ${positionals.length}\nSee: flowforge replay --help`);
    return EXIT_CODES.usage;
  }
  const linesPerSecond = Number(values['lines-per-second'] ?? '10');
  if (!Number.isFinite(linesPerSecond) || linesPerSecond <= 0) {
    io.error(`--lines-per-second: expected a number > 0, got ${JSON.stringify(values['lines-per-second'])}`);
    return EXIT_CODES.usage;
  }
  try {
    let recording: Recording;
    let chosen: ReturnType<typeof choosePolicy>;
    if (isLogFile(target, io.cwd)) {
      chosen = choosePolicy(values, io, null);
      const text = readFileSync(path.resolve(io.cwd, target), 'utf8');
      recording = readLogRecording(text, { path: target, linesPerSecond, tickMs: chosen.tickMs });
    } else {
      const dbPath = values.db ?? defaultDbPath(io.env);
      foldSpool(dbPath, io);
      if (!existsSync(dbPath)) {
        io.error(`no file ${target} and no evidence database ${dbPath}: pass --db FILE or a log file`);
        return NOT_FOUND;
      }
      const store = openStore(dbPath, { readonly: true });
      try {
        recording = readRunRecording(store, target);
      } finally {
        store.close();
      }
      chosen = choosePolicy(values, io, recording.config);
    }
    const report = buildReplayReport(recording, replayRecording(recording, chosen.policy), chosen.label);
    if (values.json === true) io.out(JSON.stringify(report, null, 2));
    else for (const line of renderReplayReport(report, recording.startedAtMs)) io.out(line);
    return report.changed ? 1 : 0;
  } catch (error) {
    const message = errorMessage(error);
    io.error(message);
    return isFlowForgeError(error, 'RUN_NOT_FOUND') ? NOT_FOUND : EXIT_CODES.usage;
  }
}
