'use client';
/** The banner shown while the daemon cannot be reached; data already on screen stays. */
import { useNow } from '../../lib/use-now';
import { formatDuration } from '../../lib/format';
import { useRetryNow, type ConnectionStatus } from '../../lib/live';

/** Says the daemon is down, since when, and that the page reconnects and catches up by itself. */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  const nowMs = useNow(1000);
  const retryNow = useRetryNow();
  if (status.state !== 'down') return null;
  const forMs = status.downSinceMs !== null && nowMs > 0 ? nowMs - status.downSinceMs : null;
  return (
    <div className="banner banner-down" role="alert" data-testid="daemon-down-banner">
      <span>
        <strong>Daemon down, reconnecting…</strong> The data below is from before the outage
        {forMs !== null && forMs >= 1000 ? ` (${formatDuration(forMs)} ago)` : ''}; the page catches up by itself when
        the daemon is back. Start it with <code>flowforge daemon start</code>.
      </span>
      <span className="spacer" />
      <button type="button" className="btn btn-small" onClick={retryNow}>
        Retry now
      </button>
    </div>
  );
}
