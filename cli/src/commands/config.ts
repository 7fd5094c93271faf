/** `flowforge config validate [file]`: print the resolved config, or every error with exit 1. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  formatResolvedConfig,
  loadConfig,
  validateConfigFile,
  errorMessage,
  EXIT_CODES,
  type ConfigFlags,
} from '@flowforge/daemon';
import type { CliIo } from '../io.js';

export const CONFIG_USAGE = `Usage: flowforge config validate [file] [--profile NAME]

Validates a flowforge.yaml (default ./flowforge.yaml, else the profile alone) with the
environment applied, and prints the resolved config. Exit 1 with every error otherwise.

Options:
  --profile NAME   threshold profile: standard (default), strict or lenient
  --help           show this help

Exit codes: 0 valid (the resolved config is printed), 1 invalid or unreadable (every error is
printed), 2 bad usage.`;

const SEE_HELP = 'See: flowforge config validate --help';

const OPTIONS = {
  profile: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** Runs `config <subcommand>`. */
export function configCommand(argv: readonly string[], io: CliIo): number {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === 'help') {
    io.out(CONFIG_USAGE);
    return 0;
  }
  if (sub !== 'validate') {
    io.error(sub === undefined ? CONFIG_USAGE : `unknown config command "${sub}"\n\n${CONFIG_USAGE}`);
    return EXIT_CODES.usage;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    io.error(`${errorMessage(error)}\n${SEE_HELP}`);
    return EXIT_CODES.usage;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.out(CONFIG_USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    io.error(
      `expected at most one config file, got ${positionals.length} (${positionals.join(', ')}); validate one file at a time\n${SEE_HELP}`,
    );
    return EXIT_CODES.usage;
  }
  return validate(positionals[0], values.profile, io);
}

/** Validates the file on its own (every error, with lines), then resolves it with env and flags. */
function validate(file: string | undefined, profile: string | undefined, io: CliIo): number {
  // Every failure below, including one thrown while reading (a directory, no permission), is one
  // message and exit 1: never a stack trace.
  try {
    if (file !== undefined) {
      const path = resolve(io.cwd, file);
      if (!existsSync(path)) {
        io.error(`config file ${path} does not exist; check the path, or omit it to use ./flowforge.yaml`);
        return 1;
      }
      const result = validateConfigFile(path, io.env);
      if (!result.ok) {
        io.error(`${path} is not valid:\n${result.errors.map((e) => `  ${e}`).join('\n')}`);
        return 1;
      }
    }
    const flags: ConfigFlags = {
      ...(file === undefined ? {} : { config: file }),
      ...(profile === undefined ? {} : { profile }),
    };
    io.out(formatResolvedConfig(loadConfig({ cwd: io.cwd, env: io.env, flags })));
    return 0;
  } catch (error) {
    io.error(errorMessage(error));
    return 1;
  }
}
