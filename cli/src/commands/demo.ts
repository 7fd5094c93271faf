/** `flowforge demo`: supervises a bundled runaway agent with restart, to show FlowForge at work. */
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../io.js';
import { runCommand } from './run.js';

/** The bundled demo agent, shipped inside the cli package. */
export const DEMO_SCRIPT = fileURLToPath(new URL('../../assets/demo_agent.py', import.meta.url));

/** Runs the demo; extra flags (e.g. --max-cpu 50) are passed to `flowforge run`. */
export async function demoCommand(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes('--help')) {
    io.out(
      'Usage: flowforge demo [run options, e.g. --max-cpu 50]\n\nSupervises a bundled agent that loops, gets restarted and recovers.',
    );
    return 0;
  }
  io.error('demo: supervising a bundled agent that will get stuck in a loop (takes about 10 s)');
  return runCommand(
    ['--name', 'demo', '--on-breach', 'restart', '--cpu-window', '3s', ...argv, '--', 'python3', DEMO_SCRIPT],
    io,
  );
}
