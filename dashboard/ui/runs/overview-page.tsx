'use client';
/** The overview: totals, active runs and recent runs, all updating live. */
import Link from 'next/link';
import { ACTIVE_STATUSES } from '../../lib/constants';
import { formatBytes, formatPercent } from '../../lib/format';
import { useIncidents, useRuns } from '../../lib/queries';
import { useNow } from '../../lib/use-now';
import { EmptyState } from '../common/empty-state';
import { LoadFailure } from '../common/load-failure';
import { RunsTable } from './runs-table';

/** Renders the overview page. */
export function OverviewPage() {
  const { data, error } = useRuns();
  const incidents = useIncidents({});
  const nowMs = useNow(1000);
  const runs = data?.runs ?? [];
  const active = runs.filter((run) => ACTIVE_STATUSES.includes(run.status));
  const recent = runs.filter((run) => !ACTIVE_STATUSES.includes(run.status));
  const openIncidents = (incidents.data?.incidents ?? []).filter((incident) => incident.status === 'open').length;
  const cpuTotal = active.reduce((sum, run) => sum + (run.cpuPercent ?? 0), 0);
  const memTotal = active.reduce((sum, run) => sum + (run.rssBytes ?? 0), 0);

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p>Runs supervised on this machine. Values update live.</p>
        </div>
      </div>
      <div className="stats">
        <div className="panel stat">
          <div className="stat-label">Active runs</div>
          <div className="stat-value" data-testid="active-count">
            {data === undefined ? '…' : active.length}
          </div>
        </div>
        <div className="panel stat">
          <div className="stat-label">Open incidents</div>
          <div className="stat-value">
            {incidents.data === undefined ? '…' : <Link href="/incidents">{openIncidents}</Link>}
          </div>
        </div>
        <div className="panel stat">
          <div className="stat-label">CPU of active runs</div>
          <div className="stat-value">{data === undefined ? '…' : formatPercent(cpuTotal)}</div>
        </div>
        <div className="panel stat">
          <div className="stat-label">Memory of active runs</div>
          <div className="stat-value">{data === undefined ? '…' : formatBytes(memTotal)}</div>
        </div>
      </div>

      {data === undefined && error !== undefined ? <LoadFailure error={error} what="runs" /> : null}

      <section className="panel" aria-labelledby="active-title">
        <div className="panel-head">
          <h2 id="active-title">Active runs</h2>
          <span className="faint">{active.length > 0 ? `${String(active.length)} running` : ''}</span>
        </div>
        {active.length > 0 ? (
          <RunsTable runs={active} nowMs={nowMs} active label="Active runs" />
        ) : data !== undefined ? (
          <EmptyState title="Nothing is running">
            Start a job under FlowForge and it appears here within a second.
          </EmptyState>
        ) : (
          <div className="empty">Loading runs…</div>
        )}
      </section>

      <section className="panel" aria-labelledby="recent-title">
        <div className="panel-head">
          <h2 id="recent-title">Recent runs</h2>
        </div>
        {recent.length > 0 ? (
          <RunsTable runs={recent} nowMs={nowMs} active={false} label="Recent runs" />
        ) : data !== undefined ? (
          <EmptyState title="No finished runs yet" command={null}>
            Runs appear here when they end, with how and why they ended.
          </EmptyState>
        ) : null}
      </section>
    </div>
  );
}
