'use client';
/** One incident: what it is about, and its chain of events from the first decision to the end. */
import Link from 'next/link';
import { ApiError } from '../../lib/api-client';
import { formatDateTime, formatDuration } from '../../lib/format';
import { useIncident, useIncidentEvents, useRunDetail, useRunEventsAround } from '../../lib/queries';
import { ActionBadge } from '../common/badges';
import { EmptyState } from '../common/empty-state';
import { LoadFailure } from '../common/load-failure';
import { EventItem } from './event-item';

function IncidentRun({ runId }: { runId: string }) {
  const { data } = useRunDetail(runId);
  return <Link href={`/runs/${encodeURIComponent(runId)}`}>{data?.run.name ?? runId}</Link>;
}

/** Renders the incident page for an id from the URL. */
export function IncidentPage({ incidentId }: { incidentId: string }) {
  const id = /^\d{1,15}$/.test(incidentId) ? Number(incidentId) : 0;
  const { data, error } = useIncident(id);
  const events = useIncidentEvents(id);
  const incidentData = data?.incident ?? null;
  const around = useRunEventsAround(
    incidentData?.runId ?? null,
    incidentData?.openedAtMs ?? 0,
    incidentData?.closedAtMs ?? null,
  );

  if (data === undefined) {
    if (id === 0 || (error instanceof ApiError && error.kind === 'not-found')) {
      return (
        <EmptyState title="No such incident" command={null}>
          There is no incident #{incidentId}. <Link href="/incidents">See all incidents</Link>.
        </EmptyState>
      );
    }
    return error !== undefined ? (
      <LoadFailure error={error} what="this incident" />
    ) : (
      <div className="empty">Loading incident…</div>
    );
  }
  const { incident } = data;
  const byId = new Map(
    [...(around.data?.events ?? []), ...(events.data?.events ?? [])].map((event) => [event.id, event]),
  );
  const chain = [...byId.values()].sort((a, b) => a.id - b.id);
  return (
    <div className="stack">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href="/incidents">Incidents</Link> <span className="faint">/</span> <span>#{incident.id}</span>
      </nav>
      <div className="panel panel-body incident-head">
        <div className="row">
          <h1>Incident #{incident.id}</h1>
          <span className="badge plain" data-tone={incident.status === 'open' ? 'danger' : 'neutral'}>
            {incident.status}
          </span>
          <ActionBadge action={incident.taken} />
          {incident.taken !== incident.action ? <span className="faint small">intended {incident.action}</span> : null}
        </div>
        <p className="reason">{incident.summary}</p>
        <dl className="facts">
          <div>
            <dt>Run</dt>
            <dd>
              <IncidentRun runId={incident.runId} />
            </dd>
          </div>
          <div>
            <dt>Opened</dt>
            <dd className="num">{formatDateTime(incident.openedAtMs)}</dd>
          </div>
          <div>
            <dt>{incident.closedAtMs === null ? 'Status' : 'Closed after'}</dt>
            <dd className="num">
              {incident.closedAtMs === null ? 'ongoing' : formatDuration(incident.closedAtMs - incident.openedAtMs)}
            </dd>
          </div>
          <div>
            <dt>Detectors</dt>
            <dd>{incident.detectors.join(', ')}</dd>
          </div>
        </dl>
      </div>
      <section className="panel" aria-labelledby="chain-title">
        <div className="panel-head">
          <h2 id="chain-title">Chain of events</h2>
          <span className="faint small">oldest first</span>
        </div>
        {events.data === undefined ? (
          <div className="empty">Loading events…</div>
        ) : chain.length === 0 ? (
          <p className="faint panel-body">No events recorded for this incident.</p>
        ) : (
          <ol className="chain">
            {chain.map((event) => (
              <EventItem key={event.id} event={event} />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
