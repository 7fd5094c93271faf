/** Carries out a control command (kill, restart, pause, resume) from the API or dashboard. */
import type { CommandRecord } from '../contract/records.js';
import type { ChildSession } from './child-session.js';
import type { RunRecorder } from './run-recorder.js';
import type { StopController, StopIntent } from './stop-controller.js';

export interface CommandContext {
  session: ChildSession | null;
  stop: StopController;
  recorder: Pick<RunRecorder, 'update' | 'event'>;
  /** Records a resume and tells the engine the held time was not the job's silence (supervisor.ts). */
  markResumed(atMs: number, reason: string): void;
  atMs: number;
}

/** Applies the command and returns the result text for its acknowledgement. */
export function applyCommand(cmd: CommandRecord, ctx: CommandContext): string {
  const { session, stop, recorder, atMs } = ctx;
  const who = `${cmd.requestedBy}: ${cmd.reason}`;
  if (cmd.kind === 'resume') {
    const result = stop.resume(session);
    if (result === 'resumed') ctx.markResumed(atMs, `resumed by ${who}`);
    return result;
  }
  if (cmd.kind === 'pause') {
    if (session === null || session.hasExited()) return 'no live child to pause';
    stop.pause(session, cmd.reason, atMs);
    recorder.update({ status: 'paused' });
    return 'paused';
  }
  if (session === null) {
    return stop.cancelBackoff(
      cmd.kind === 'kill' ? { reason: 'user-stop', then: 'end', message: `stopped by ${who}` } : null,
    );
  }
  const intent: StopIntent =
    cmd.kind === 'kill'
      ? { reason: 'user-stop', then: 'end', message: `stopped by ${who}` }
      : { reason: 'policy-restart', then: 'restart', message: `restart requested by ${who}`, manual: true };
  stop.requestStop(session, intent);
  return cmd.kind === 'kill' ? 'stopping' : 'restarting';
}
