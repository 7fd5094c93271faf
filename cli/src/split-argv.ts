/** Splits `run` arguments into FlowForge's own flags and the supervised command. */
import type { OptionSpec } from './run-options.js';

/**
 * Everything after `--` is the command; without `--`, the command starts at the first word that is
 * not a flag or a flag's value, so `flowforge run python3 -u job.py` keeps `-u` for python.
 */
export function splitRunArgv(
  argv: readonly string[],
  options: readonly OptionSpec[],
): { own: string[]; command: string[] } {
  const takesValue = new Set(options.filter((o) => o.type === 'string').map((o) => `--${o.flag}`));
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--') return { own: argv.slice(0, i), command: argv.slice(i + 1) };
    if (!token.startsWith('-')) return { own: argv.slice(0, i), command: argv.slice(i) };
    if (takesValue.has(token)) i++;
  }
  return { own: [...argv], command: [] };
}
