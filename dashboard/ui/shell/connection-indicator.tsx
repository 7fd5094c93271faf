/** The small live/reconnecting dot in the header. */
import type { ConnectionStatus } from '../../lib/live';

const LABELS: Record<ConnectionStatus['state'], string> = {
  live: 'Live',
  connecting: 'Connecting…',
  down: 'Daemon down',
  unauthorized: 'Key required',
};

/** Shows the stream state with a coloured dot and a label (the dot alone never carries meaning). */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  return (
    <span
      className="conn"
      data-state={status.state}
      data-testid="connection-state"
      data-last-event-id={status.lastEventId ?? ''}
      title={status.lastEventId === null ? undefined : `Last event #${status.lastEventId}`}
      role="status"
    >
      <span className="conn-dot" aria-hidden="true" />
      {LABELS[status.state]}
    </span>
  );
}
