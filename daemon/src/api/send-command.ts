/** Delivers a control command through the commands table and waits briefly for the owner's ack. */
import type { CommandQueue } from '../adapters/store.js';
import type { CommandKind, CommandRecord } from '../contract/records.js';

/** What to send and how long to wait for. */
export interface SendCommandRequest {
  runId: string;
  kind: CommandKind;
  reason: string;
  requestedBy: string;
  requestId: string;
  atMs: number;
  timeoutMs: number;
  pollMs: number;
}

/** Enqueues the command, then polls it until it leaves 'pending' or the wait ends; returns the latest row. */
export async function sendCommand(
  queue: Pick<CommandQueue, 'enqueueCommand' | 'getCommand'>,
  request: SendCommandRequest,
  onEnqueued?: (command: CommandRecord) => void,
): Promise<CommandRecord> {
  const { timeoutMs, pollMs, ...fields } = request;
  const queued = queue.enqueueCommand(fields);
  onEnqueued?.(queued);
  const deadline = performance.now() + timeoutMs;
  let latest = queued;
  while (latest.state === 'pending' && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(1, deadline - performance.now()))));
    latest = queue.getCommand(queued.id) ?? latest;
  }
  return latest;
}
