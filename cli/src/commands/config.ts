/** `flowforge config validate [file]`: print the resolved config, or every error with exit 1. */
import { formatResolvedConfig, loadConfig, validateConfigFile, errorMessage } from '@flowforge/daemon';
import type { CliIo } from '../io.js';

const USAGE = `Usage: flowforge config validate [file] [--profile NAME]

Validates a flowforge.yaml (default ./flowforge.yaml, else the profile alone) with the
environment applied, and prints the resolved config. Exit 1 with every error otherwise.`;

/** Runs `config <subcommand>`. */
export function configCommand(argv: readonly string[], io: CliIo): number {
  const [sub, ...rest] = argv;
  if (sub !== 'validate') {
    io.error(sub === undefined ? USAGE : `unknown config command "${sub}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help')) {
    io.out(USAGE);
    return 0;
  }
  const profileAt = rest.indexOf('--profile');
  const profile = profileAt === -1 ? undefined : rest[profileAt + 1];
  const file = rest.find((arg, i) => !arg.startsWith('--') && (profileAt === -1 || i !== profileAt + 1));
  if (file !== undefined) {
    const result = validateConfigFile(file, io.env);
    if (!result.ok) {
      io.error(`${file} is not valid:\n${result.errors.map((e) => `  ${e}`).join('\n')}`);
      return 1;
    }
  }
  try {
    const flags = { ...(file === undefined ? {} : { config: file }), ...(profile === undefined ? {} : { profile }) };
    io.out(formatResolvedConfig(loadConfig({ cwd: io.cwd, env: io.env, flags })));
    return 0;
  } catch (error) {
    io.error(errorMessage(error));
    return 1;
  }
}
