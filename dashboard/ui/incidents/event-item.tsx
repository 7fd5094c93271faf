/** One event in an incident's chain, rendered by type: decisions with evidence, actions, commands, audit. */
import { formatClock, formatDateTime } from '../../lib/format';
import type { EventRecord, Finding } from '../../lib/types';
import { Evidence } from '../run/evidence';

const TONE_BY_PREFIX: [string, string][] = [
  ['action.killed', 'danger'],
  ['action.', 'warn'],
  ['policy.', 'info'],
  ['incident.opened', 'danger'],
  ['incident.closed', 'ok'],
  ['command.', 'neutral'],
  ['audit', 'neutral'],
];

function toneOf(type: string): string {
  return TONE_BY_PREFIX.find(([prefix]) => type.startsWith(prefix))?.[1] ?? 'neutral';
}

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function isFindingList(value: unknown): value is Finding[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item) =>
        typeof item === 'object' && item !== null && 'detector' in item && 'observed' in item && 'threshold' in item,
    )
  );
}

/** The one-line description of an event. */
export function describeEvent(event: EventRecord): string {
  const d = event.data;
  switch (event.type) {
    case 'policy.decided':
      return `Policy decided ${text(d.taken)}${d.intended !== d.taken ? ` (intended ${text(d.intended)})` : ''}: ${text(d.reason)}`;
    case 'incident.opened':
      return `Incident opened: ${text(d.action)} on ${Array.isArray(d.detectors) ? d.detectors.map(text).join(', ') : '?'}`;
    case 'incident.updated':
      return `Incident updated: ${text(d.action)} on ${Array.isArray(d.detectors) ? d.detectors.map(text).join(', ') : '?'}`;
    case 'incident.closed':
      return `Incident closed: ${text(d.summary)}`;
    case 'command.requested':
      return `${text(d.requestedBy)} requested ${text(d.kind)}${typeof d.reason === 'string' && d.reason !== '' ? `: ${d.reason}` : ''}`;
    case 'command.acked':
      return `Owner answered ${text(d.kind)}: ${text(d.state)}${typeof d.result === 'string' ? ` — ${d.result}` : ''}`;
    case 'audit':
      return `Audit: ${text(d.actor)} ${text(d.action)}`;
    default:
      if (event.type.startsWith('action.'))
        return `Action ${event.type.slice('action.'.length)}: ${text(d.reason ?? '')}`;
      return Object.entries(d)
        .map(([key, value]) => `${key}=${text(value)}`)
        .join(' ');
  }
}

/** Renders an event as a timeline entry. */
export function EventItem({ event }: { event: EventRecord }) {
  const findings = event.type === 'policy.decided' && isFindingList(event.data.findings) ? event.data.findings : null;
  return (
    <li className="event" data-testid="chain-event" data-type={event.type}>
      <span className="event-dot" data-tone={toneOf(event.type)} aria-hidden="true" />
      <div className="event-body">
        <div className="row">
          <time className="num faint" dateTime={new Date(event.atMs).toISOString()} title={formatDateTime(event.atMs)}>
            {formatClock(event.atMs)}
          </time>
          <code className="event-type">{event.type}</code>
        </div>
        <p className="event-text">{describeEvent(event)}</p>
        {findings !== null ? <Evidence findings={findings} /> : null}
      </div>
    </li>
  );
}
