/** Carries out a control command (kill, restart, pause, resume) from the API or dashboard. */
import type { CommandRecord } from '../contract/records.js';
import type { ChildSession } from './child-session.js';
import type { RunRecorder } from './run-recorder.js';
import type { StopController, StopIntent } from './stop-controller.js';
import type { DetectionEngine } from '../core/detection-engine.js';

export interface CommandContext {
  session: ChildSession | null;
  stop: StopController;
  recorder: Pick<RunRecorder, 'update' | 'event'>;
  /** Told of a resume: the time the job was held is not its own silence. */
  engine: Pick<DetectionEngine, 'observeResume'>;
  atMs: number;
}

/** Applies the command and returns the result text for its acknowledgement. */
export function applyCommand(cmd: CommandRecord, ctx: CommandContext): string {
  const { session, stop, recorder, engine, atMs } = ctx;
  const who = `${cmd.requestedBy}: ${cmd.reason}`;
  if (cmd.kind === 'resume') {
    const result = stop.resume(session);
    if (result === 'resumed') {
      engine.observeResume(atMs);
      recorder.update({ status: 'running' });
      recorder.event('action.resumed', atMs, { reason: `resumed by ${who}` });
    }
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
