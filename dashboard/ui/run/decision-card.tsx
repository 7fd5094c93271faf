/** One policy decision: when, what it intended and did, the prose reason, and its evidence. */
import { formatDateTime } from '../../lib/format';
import type { DecisionRecord } from '../../lib/types';
import { ActionBadge, RolloutBadge } from '../common/badges';
import { Evidence } from './evidence';
import Link from 'next/link';

/** Renders a decision as a card with its evidence table. */
export function DecisionCard({ decision }: { decision: DecisionRecord }) {
  const notCarriedOut = decision.intended !== decision.taken;
  return (
    <article className="decision" data-testid="decision" data-taken={decision.taken}>
      <header className="row">
        <span className="num faint">{formatDateTime(decision.atMs)}</span>
        <ActionBadge action={decision.taken} />
        {notCarriedOut ? (
          <span className="faint small">
            intended <strong>{decision.intended}</strong>
          </span>
        ) : null}
        <RolloutBadge mode={decision.rollout} enforced={decision.enforced} />
        {decision.level > 1 ? <span className="faint small">escalation level {decision.level}</span> : null}
        <span className="spacer" />
        {decision.incidentId !== null ? (
          <Link href={`/incidents/${String(decision.incidentId)}`} className="small">
            Incident #{decision.incidentId}
          </Link>
        ) : null}
      </header>
      <p className="reason">{decision.reason}</p>
      <Evidence findings={decision.findings} />
      {decision.progress.reasons.length > 0 ? (
        <p className="faint small">
          Progress guard: {decision.progress.progressing ? 'job looked busy' : 'no progress'} —{' '}
          {decision.progress.reasons.join('; ')}
        </p>
      ) : null}
    </article>
  );
}
