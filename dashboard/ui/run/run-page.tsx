'use client';
/** The run page: header and controls, why it stopped, charts, output, decisions, incidents and audit. */
import Link from 'next/link';
import { useState } from 'react';
import { ApiError } from '../../lib/api-client';
import { ACTIVE_STATUSES } from '../../lib/constants';
import { useIncidents, useRunDetail } from '../../lib/queries';
import { useNow } from '../../lib/use-now';
import { EmptyState } from '../common/empty-state';
import { LoadFailure } from '../common/load-failure';
import { IncidentList } from '../incidents/incident-list';
import { AuditList } from './audit-list';
import { DecisionCard } from './decision-card';
import { OutputTail } from './output-tail';
import { ResourceCharts } from './resource-charts';
import { RunControls, type ControlResult } from './run-controls';
import { RunHeader } from './run-header';
import { StopReason } from './stop-reason';

/** Renders everything known about one run, live. */
export function RunPage({ runId }: { runId: string }) {
  const { data, error, mutate } = useRunDetail(runId);
  const incidents = useIncidents({ runId });
  const nowMs = useNow(1000);
  const [highlight, setHighlight] = useState<string | null>(null);

  if (data === undefined) {
    if (error instanceof ApiError && error.kind === 'not-found') {
      return (
        <EmptyState title="No such run" command={null}>
          The daemon has no run with id <code>{runId}</code>. <Link href="/">Back to the overview</Link>.
        </EmptyState>
      );
    }
    return error !== undefined ? (
      <LoadFailure error={error} what="this run" />
    ) : (
      <div className="empty">Loading run…</div>
    );
  }

  const { run, samples, output, decisions, audit } = data;
  const onResult = (result: ControlResult): void => {
    setHighlight(result.requestId);
    void mutate();
  };
  const newestFirst = [...decisions].sort((a, b) => b.atMs - a.atMs || b.id - a.id);
  const acted = newestFirst.filter((d) => d.taken !== 'continue');

  return (
    <div className="stack">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href="/">Overview</Link> <span className="faint">/</span> <span>{run.name}</span>
      </nav>
      <div className="run-top">
        <RunHeader run={run} nowMs={nowMs} />
        <RunControls run={run} onResult={onResult} />
      </div>
      <StopReason run={run} decisions={decisions} audit={audit} />
      <ResourceCharts run={run} samples={samples} decisions={decisions} live={ACTIVE_STATUSES.includes(run.status)} />
      <OutputTail lines={output} live={ACTIVE_STATUSES.includes(run.status)} />
      <section className="panel" aria-labelledby="decisions-title">
        <div className="panel-head">
          <h2 id="decisions-title">Decisions and actions</h2>
          <span className="faint small">
            {acted.length} of {decisions.length} decisions acted or alerted
          </span>
        </div>
        {acted.length === 0 ? (
          <p className="faint panel-body">The policy has not objected to anything in this run.</p>
        ) : (
          <div className="decisions">
            {acted.map((decision) => (
              <DecisionCard key={decision.id} decision={decision} />
            ))}
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="run-incidents-title">
        <div className="panel-head">
          <h2 id="run-incidents-title">Incidents</h2>
        </div>
        <IncidentList
          incidents={incidents.data?.incidents ?? []}
          runNames={{ [run.id]: run.name }}
          emptyText="No incidents for this run."
        />
      </section>
      <AuditList entries={audit} highlightRequestId={highlight} />
    </div>
  );
}
