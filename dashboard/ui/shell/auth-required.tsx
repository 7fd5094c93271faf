'use client';
/**
 * The state shown instead of pages when a request is refused for want of a key: this browser must sign
 * in with the API key (lib/server/session.ts), or the dashboard's own key is missing or wrong.
 */
import { useEffect, useState, type SyntheticEvent } from 'react';
import { CSRF_HEADER } from '../../lib/api-client';
import { useRetryNow } from '../../lib/live';

interface SessionState {
  signedIn: boolean;
  keyConfigured: boolean;
}

/** Asks this browser to sign in, or tells the user the dashboard's key is missing or wrong. */
export function AuthRequired({ detail }: { detail: string | null }) {
  const retryNow = useRetryNow();
  const [session, setSession] = useState<SessionState | null>(null);
  useEffect(() => {
    let live = true;
    fetch('/api/session', { cache: 'no-store' })
      .then(async (response) => (response.ok ? ((await response.json()) as SessionState) : null))
      .then((state) => {
        if (live) setSession(state);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [detail]); // asked again when the refusal changes (a sign-in made void by a new key)
  if (session !== null && session.keyConfigured && !session.signedIn) return <SignIn />;
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

/** The sign-in form: the key goes to the dashboard's server once, which answers with an HttpOnly cookie. */
function SignIn() {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    fetch('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify({ key }),
    })
      .then(async (response) => {
        if (response.ok) {
          window.location.reload();
          return;
        }
        const problem = (await response.json().catch(() => ({}))) as { detail?: string };
        setError(problem.detail ?? `Sign-in failed (HTTP ${String(response.status)}).`);
        setBusy(false);
      })
      .catch(() => {
        setError('The dashboard did not answer; try again.');
        setBusy(false);
      });
  };
  return (
    <section className="notice" data-tone="info" data-testid="sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      <p>
        Paste the API key: <code>FLOWFORGE_API_KEY</code> in <code>.flowforge.env</code> (the installer printed where).
        The dashboard can stop, restart and start your jobs, so it answers only signed-in browsers.
      </p>
      <form className="row" onSubmit={submit} style={{ marginTop: 12, gap: 8 }}>
        <label className="sr-only" htmlFor="api-key">
          API key
        </label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="current-password"
          value={key}
          onChange={(event) => {
            setKey(event.target.value);
          }}
          placeholder="API key"
          required
        />
        <button type="submit" className="btn" disabled={busy || key === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {error !== null ? (
        <p className="muted" role="alert" data-testid="sign-in-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
