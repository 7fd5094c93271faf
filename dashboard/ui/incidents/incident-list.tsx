/** A list of incidents: when, which run, what the policy did, which detectors, the summary. */
import Link from 'next/link';
import { formatDateTime, formatDuration } from '../../lib/format';
import type { IncidentRecord } from '../../lib/types';
import { ActionBadge } from '../common/badges';

/** Renders incidents newest first, each linking to its chain of events. */
export function IncidentList({
  incidents,
  runNames,
  emptyText,
}: {
  incidents: readonly IncidentRecord[];
  runNames: Record<string, string>;
  emptyText: string;
}) {
  if (incidents.length === 0) return <p className="faint panel-body">{emptyText}</p>;
  return (
    <div className="table-wrap">
      <table className="data" aria-label="Incidents">
        <thead>
          <tr>
            <th scope="col">Opened</th>
            <th scope="col">Incident</th>
            <th scope="col">Run</th>
            <th scope="col">Action</th>
            <th scope="col">Detectors</th>
            <th scope="col">Summary</th>
            <th scope="col" className="r">
              Lasted
            </th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident) => (
            <tr
              key={incident.id}
              data-testid="incident-row"
              data-incident-id={incident.id}
              data-run-id={incident.runId}
            >
              <td className="num">{formatDateTime(incident.openedAtMs)}</td>
              <td>
                <Link href={`/incidents/${String(incident.id)}`}>#{incident.id}</Link>{' '}
                <span className="badge plain" data-tone={incident.status === 'open' ? 'danger' : 'neutral'}>
                  {incident.status}
                </span>
              </td>
              <td>
                <Link href={`/runs/${encodeURIComponent(incident.runId)}`}>
                  {runNames[incident.runId] ?? incident.runId}
                </Link>
              </td>
              <td>
                <ActionBadge action={incident.taken} />
                {incident.taken !== incident.action ? (
                  <span className="faint small"> intended {incident.action}</span>
                ) : null}
              </td>
              <td>
                <span className="chips">
                  {incident.detectors.map((detector) => (
                    <code key={detector} className="chip">
                      {detector}
                    </code>
                  ))}
                </span>
              </td>
              <td className="muted summary-cell">{incident.summary}</td>
              <td className="r num">
                {incident.closedAtMs === null ? 'ongoing' : formatDuration(incident.closedAtMs - incident.openedAtMs)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
