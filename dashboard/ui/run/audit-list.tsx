/** The audit entries of a run: who asked for what, when, with which request id. */
import { formatDateTime } from '../../lib/format';
import type { AuditRecord } from '../../lib/types';

function describe(detail: Record<string, unknown>): string {
  const reason = typeof detail.reason === 'string' ? detail.reason : null;
  const rest = Object.entries(detail)
    .filter(([key]) => key !== 'reason')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return [reason, rest].filter((part) => part !== null && part !== '').join(' · ');
}

/** Lists audit entries newest first; the entry of the last command sent from this page is highlighted. */
export function AuditList({
  entries,
  highlightRequestId,
}: {
  entries: readonly AuditRecord[];
  highlightRequestId: string | null;
}) {
  const sorted = [...entries].sort((a, b) => b.atMs - a.atMs || b.id - a.id);
  return (
    <section className="panel" aria-labelledby="audit-title">
      <div className="panel-head">
        <h2 id="audit-title">Audit</h2>
        <span className="faint small">commands people sent to this run</span>
      </div>
      {sorted.length === 0 ? (
        <p className="faint panel-body">No one has sent a command to this run.</p>
      ) : (
        <div className="table-wrap">
          <table className="data compact" data-testid="audit-list">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Detail</th>
                <th scope="col">Request</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((entry) => (
                <tr
                  key={entry.id}
                  data-testid="audit-entry"
                  data-action={entry.action}
                  className={
                    entry.requestId !== null && entry.requestId === highlightRequestId ? 'highlight' : undefined
                  }
                >
                  <td className="num">{formatDateTime(entry.atMs)}</td>
                  <td>{entry.actor}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td className="muted">{describe(entry.detail)}</td>
                  <td>
                    <code className="faint">{entry.requestId ?? '—'}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
