'use client';
/** The state shown instead of pages when the daemon refuses the dashboard's key (or it has none). */
import { useRetryNow } from '../../lib/live';

/** Tells the user the key is missing or wrong and exactly what to do about it. */
export function AuthRequired({ detail }: { detail: string | null }) {
  const retryNow = useRetryNow();
  return (
    <section className="notice" data-tone="warn" data-testid="auth-required" aria-labelledby="auth-title">
      <h2 id="auth-title">API key missing or wrong</h2>
      <p>
        The FlowForge daemon refused the dashboard&apos;s request. Set <code>FLOWFORGE_API_KEY</code> in{' '}
        <code>.flowforge.env</code> (the same key the daemon uses), then restart with <code>flowforge dashboard</code>.
      </p>
      {detail !== null ? <p className="muted">Daemon said: {detail}</p> : null}
      <p className="muted">
        The key stays on the dashboard&apos;s server; this page never sees it. Repeated wrong keys lock the client out
        for a few minutes, so the page retries only once a minute.
      </p>
      <div className="row" style={{ marginTop: 12 }}>
        <button type="button" className="btn" onClick={retryNow}>
          Retry now
        </button>
      </div>
    </section>
  );
}
