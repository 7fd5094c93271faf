/** GitHub Actions annotations for interventions, printed when CI=true or GITHUB_ACTIONS=true. */
import type { RunOutcome } from '@flowforge/daemon';
import type { CliIo } from './io.js';

/** Escapes a workflow-command message (%, CR, LF). */
function escapeMessage(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** True when running under a CI system that reads workflow commands. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  return env['CI'] === 'true' || env['GITHUB_ACTIONS'] === 'true';
}

/**
 * Prints one `::error::` line per intervention and one for a FlowForge stop. They go to stderr: the
 * Actions runner reads workflow commands there too, and the job's stdout stays byte for byte its own.
 */
export function printCiAnnotations(outcome: RunOutcome, io: CliIo): void {
  if (!isCi(io.env)) return;
  for (const action of outcome.actions) {
    if (action.action === 'alert') continue;
    const verb = action.action === 'log_only' ? `would ${action.intended} (shadow)` : action.action;
    io.annotate(
      `::error title=FlowForge ${verb}::${escapeMessage(`${verb} at ${(action.at_ms / 1000).toFixed(1)} s: ${action.reason}`)}`,
    );
  }
  if (outcome.terminationReason !== 'exited' && outcome.message !== null && outcome.actions.length === 0) {
    io.annotate(`::error title=FlowForge::${escapeMessage(outcome.message)}`);
  }
}
