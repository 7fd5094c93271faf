/** What to show when data could not be loaded and there is nothing older to keep showing. */
import { ApiError } from '../../lib/api-client';

/** Explains a failed load in words, with the daemon's request id when there is one. */
export function LoadFailure({ error, what }: { error: unknown; what: string }) {
  if (error instanceof ApiError && error.kind === 'unreachable') {
    return (
      <div className="notice" data-tone="danger" role="status">
        Waiting for the daemon to load {what}. This page fills in as soon as it answers.
      </div>
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const requestId = error instanceof ApiError && error.requestId !== null ? ` (request ${error.requestId})` : '';
  return (
    <div className="notice" data-tone="danger" role="alert">
      Could not load {what}: {message}
      {requestId}
    </div>
  );
}
