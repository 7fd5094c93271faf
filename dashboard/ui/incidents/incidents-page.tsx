'use client';
/** The incidents timeline: filters in the URL, incidents newest first, each opening its chain of events. */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { RUN_HINT } from '../../lib/constants';
import { useIncidents, useRuns, type IncidentFilters as Filters } from '../../lib/queries';
import { useNow } from '../../lib/use-now';
import { EmptyState } from '../common/empty-state';
import { LoadFailure } from '../common/load-failure';
import { IncidentFilters, RANGES, type FilterValues } from './incident-filters';
import { IncidentList } from './incident-list';

const KEYS: readonly (keyof FilterValues)[] = ['run', 'action', 'detector', 'range', 'from', 'to'];
const MINUTE_MS = 60_000;

function toFilters(values: FilterValues, nowMs: number): Filters {
  const filters: Filters = { runId: values.run, action: values.action, detector: values.detector };
  const range = RANGES.find((r) => r.value === values.range);
  if (range?.ms != null && nowMs > 0) {
    // whole minutes, so the query (and its cache key) changes once a minute, not every render
    filters.sinceMs = Math.floor((nowMs - range.ms) / MINUTE_MS) * MINUTE_MS;
  } else if (values.range === 'custom') {
    const from = values.from === '' ? NaN : new Date(values.from).getTime();
    const to = values.to === '' ? NaN : new Date(values.to).getTime();
    if (Number.isFinite(from)) filters.sinceMs = from;
    if (Number.isFinite(to)) filters.untilMs = to;
  }
  return filters;
}

/** Renders the incidents page. */
export function IncidentsPage() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const nowMs = useNow(MINUTE_MS);
  const [limit, setLimit] = useState(100);
  const values = Object.fromEntries(KEYS.map((key) => [key, params.get(key) ?? ''])) as unknown as FilterValues;
  const { data, error } = useIncidents(toFilters(values, nowMs), limit);
  const runs = useRuns();
  const runNames = Object.fromEntries((runs.data?.runs ?? []).map((run) => [run.id, run.name]));

  const onChange = (next: FilterValues): void => {
    const query = new URLSearchParams();
    for (const key of KEYS) if (next[key] !== '') query.set(key, next[key]);
    const text = query.toString();
    router.replace(text === '' ? pathname : `${pathname}?${text}`, { scroll: false });
  };

  const incidents = data?.incidents ?? [];
  const filtered = KEYS.some((key) => values[key] !== '');
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Incidents</h1>
          <p>Every time the policy objected to a run: what it saw, what it did. Newest first.</p>
        </div>
      </div>
      <IncidentFilters values={values} runs={runs.data?.runs ?? []} onChange={onChange} />
      {data === undefined && error !== undefined ? <LoadFailure error={error} what="incidents" /> : null}
      <section className="panel" aria-label="Incident list">
        {data === undefined ? (
          <div className="empty">Loading incidents…</div>
        ) : incidents.length > 0 ? (
          <IncidentList incidents={incidents} runNames={runNames} emptyText="" />
        ) : filtered ? (
          <EmptyState title="No incidents match these filters" command={null}>
            Widen the time range or clear a filter.
          </EmptyState>
        ) : (
          <EmptyState title="No incidents yet" command={RUN_HINT}>
            When a supervised run loops, leaks memory, floods output or stalls, the incident and its evidence show up
            here.
          </EmptyState>
        )}
      </section>
      {data?.nextBeforeId != null && limit < 500 ? (
        <div className="row">
          <button
            type="button"
            className="btn"
            onClick={() => {
              setLimit((n) => Math.min(500, n + 100));
            }}
          >
            Show older incidents
          </button>
        </div>
      ) : null}
    </div>
  );
}
