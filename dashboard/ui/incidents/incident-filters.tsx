'use client';
/** Filters of the incidents timeline: run, action, detector and time range, kept in the URL. */
import { DETECTORS, INCIDENT_ACTIONS } from '../../lib/constants';
import type { RunRecord } from '../../lib/types';

/** The filter values as the URL stores them (empty string = any). */
export interface FilterValues {
  run: string;
  action: string;
  detector: string;
  range: string;
  from: string;
  to: string;
}

/** Time ranges offered, in milliseconds back from now ('' = all time, 'custom' = from/to). */
export const RANGES: readonly { value: string; label: string; ms: number | null }[] = [
  { value: '', label: 'All time', ms: null },
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: 'custom', label: 'Custom…', ms: null },
];

/** A row of labelled selects; every change calls onChange with the full new values. */
export function IncidentFilters({
  values,
  runs,
  onChange,
}: {
  values: FilterValues;
  runs: readonly RunRecord[];
  onChange: (values: FilterValues) => void;
}) {
  const set =
    (key: keyof FilterValues) =>
    (event: { target: { value: string } }): void => {
      onChange({ ...values, [key]: event.target.value });
    };
  const any = values.run !== '' || values.action !== '' || values.detector !== '' || values.range !== '';
  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter incidents"
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      <label>
        Run
        <select value={values.run} onChange={set('run')} data-testid="filter-run">
          <option value="">Any run</option>
          {runs.map((run) => (
            <option key={run.id} value={run.id}>
              {run.name} ({run.id.slice(0, 8)})
            </option>
          ))}
          {values.run !== '' && !runs.some((run) => run.id === values.run) ? (
            <option value={values.run}>{values.run}</option>
          ) : null}
        </select>
      </label>
      <label>
        Action
        <select value={values.action} onChange={set('action')} data-testid="filter-action">
          <option value="">Any action</option>
          {INCIDENT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </label>
      <label>
        Detector
        <select value={values.detector} onChange={set('detector')} data-testid="filter-detector">
          <option value="">Any detector</option>
          {DETECTORS.map((detector) => (
            <option key={detector} value={detector}>
              {detector}
            </option>
          ))}
        </select>
      </label>
      <label>
        Time
        <select value={values.range} onChange={set('range')} data-testid="filter-range">
          {RANGES.map((range) => (
            <option key={range.value} value={range.value}>
              {range.label}
            </option>
          ))}
        </select>
      </label>
      {values.range === 'custom' ? (
        <>
          <label>
            From
            <input type="datetime-local" value={values.from} onChange={set('from')} />
          </label>
          <label>
            To
            <input type="datetime-local" value={values.to} onChange={set('to')} />
          </label>
        </>
      ) : null}
      {any ? (
        <button
          type="button"
          className="btn btn-small clear"
          onClick={() => {
            onChange({ run: '', action: '', detector: '', range: '', from: '', to: '' });
          }}
        >
          Clear filters
        </button>
      ) : null}
    </form>
  );
}
