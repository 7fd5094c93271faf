/** The incidents route: the filterable timeline. */
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { IncidentsPage } from '../../ui/incidents/incidents-page';

export const metadata: Metadata = { title: 'Incidents' };

/** Renders the incidents timeline (its filters read the URL, hence the Suspense boundary). */
export default function Page() {
  return (
    <Suspense fallback={<div className="empty">Loading incidents…</div>}>
      <IncidentsPage />
    </Suspense>
  );
}
