/** The answer to "why did this run stop?" at the top of the run page, with the decisive evidence. */
import Link from 'next/link';
import { formatDateTime } from '../../lib/format';
import type { AuditRecord, DecisionRecord, RunRecord } from '../../lib/types';
import { Evidence } from './evidence';

const ENFORCING = new Set(['kill', 'restart', 'pause']);

/** The decision that acted last (kill, restart or pause), else the last alert, else null. */
export function decisiveDecision(decisions: readonly DecisionRecord[]): DecisionRecord | null {
  const newestFirst = [...decisions].sort((a, b) => b.atMs - a.atMs || b.id - a.id);
  return (
    newestFirst.find((d) => ENFORCING.has(d.taken)) ??
    newestFirst.find((d) => d.taken === 'alert' || d.taken === 'log_only') ??
    null
  );
}

function headline(
  run: RunRecord,
  audit: readonly AuditRecord[],
): { title: string; tone: 'danger' | 'warn' | 'ok' } | null {
  const exit =
    run.exitCode !== null ? `exit code ${String(run.exitCode)}` : run.signal !== null ? `signal ${run.signal}` : '';
  switch (run.terminationReason) {
    case 'policy-kill':
      return { title: 'Killed by policy', tone: 'danger' };
    case 'policy-restart':
      return { title: 'Restarted by policy', tone: 'warn' };
    case 'user-stop': {
      const who = audit.find((entry) => entry.action === 'process.kill');
      return { title: `Stopped by ${who?.actor ?? 'a person'}`, tone: 'warn' };
    }
    case 'timeout':
      return { title: 'Stopped: wall-clock timeout reached', tone: 'danger' };
    case 'budget':
      return { title: 'Stopped: token or cost budget spent', tone: 'danger' };
    case 'owner-lost':
      return { title: 'Owner lost: the supervising process went away', tone: 'warn' };
    case 'spawn-failed':
      return { title: 'The command could not be started', tone: 'danger' };
    case 'exited':
      return { title: `Exited on its own${exit === '' ? '' : ` (${exit})`}`, tone: run.exitCode === 0 ? 'ok' : 'warn' };
    case null:
      return null;
  }
}

/** Shows how the run ended and, when the policy acted, the decision and evidence behind it. */
export function StopReason({
  run,
  decisions,
  audit,
}: {
  run: RunRecord;
  decisions: readonly DecisionRecord[];
  audit: readonly AuditRecord[];
}) {
  const head = headline(run, audit);
  const decision = decisiveDecision(decisions);
  const userStop =
    run.terminationReason === 'user-stop' ? (audit.find((entry) => entry.action === 'process.kill') ?? null) : null;
  const policyEnded = run.terminationReason === 'policy-kill' || run.terminationReason === 'policy-restart';
  if (head === null && decision === null) return null;
  const title =
    head?.title ?? (decision !== null && ENFORCING.has(decision.taken) ? `Policy: ${decision.taken}` : 'Policy alert');
  const tone = head?.tone ?? 'warn';
  const showEvidence =
    decision !== null &&
    (policyEnded || head === null || run.terminationReason === 'timeout' || run.terminationReason === 'budget');
  return (
    <section className="notice stop-reason" data-tone={tone} data-testid="stop-reason" aria-labelledby="stop-title">
      <div className="row">
        <h2 id="stop-title">{title}</h2>
        {run.endedAtMs !== null ? <span className="faint num">at {formatDateTime(run.endedAtMs)}</span> : null}
        <span className="spacer" />
        {decision !== null && decision.incidentId !== null ? (
          <Link href={`/incidents/${String(decision.incidentId)}`}>Incident #{decision.incidentId} →</Link>
        ) : null}
      </div>
      {userStop !== null ? (
        <p className="reason">
          {typeof userStop.detail.reason === 'string' ? `Reason: ${userStop.detail.reason}` : 'No reason given'}
          <span className="faint small"> · audit request {userStop.requestId ?? '—'}</span>
        </p>
      ) : null}
      {showEvidence ? (
        <>
          <p className="reason">{decision.reason}</p>
          <Evidence findings={decision.findings} />
        </>
      ) : null}
    </section>
  );
}
