'use client';
/** The error boundary of every page: says what broke and offers a retry instead of a blank page. */
import { useEffect } from 'react';

/** Renders a page-level failure with a retry button. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section className="notice" data-tone="danger" role="alert">
      <h2>This page hit an error</h2>
      <p>{error.message}</p>
      {error.digest !== undefined ? (
        <p className="faint small">Digest {error.digest} (see the dashboard server log).</p>
      ) : null}
      <button type="button" className="btn" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
