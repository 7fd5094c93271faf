/** The top of the run page: name, status, command and the facts people look for first. */
import { formatBytes, formatCommand, formatDateTime, formatDuration, formatPercent, formatUsd } from '../../lib/format';
import type { RunRecord } from '../../lib/types';
import { RolloutBadge, StatusBadge } from '../common/badges';

/** Renders the run's identity and a grid of facts with units. */
export function RunHeader({ run, nowMs }: { run: RunRecord; nowMs: number }) {
  const endMs = run.endedAtMs ?? (nowMs > 0 ? nowMs : null);
  const facts: [string, string][] = [
    ['Started', formatDateTime(run.startedAtMs)],
    [run.endedAtMs === null ? 'Uptime' : 'Duration', endMs === null ? '—' : formatDuration(endMs - run.startedAtMs)],
    [
      run.endedAtMs === null ? 'CPU now · peak' : 'CPU last · peak',
      `${formatPercent(run.cpuPercent)} · ${formatPercent(run.cpuPeakPercent)}`,
    ],
    [
      run.endedAtMs === null ? 'Memory now · peak' : 'Memory last · peak',
      `${formatBytes(run.rssBytes)} · ${formatBytes(run.memoryPeakBytes)}`,
    ],
    ['Restarts', String(run.restarts)],
    [run.endedAtMs === null ? 'Process' : 'Last process', run.childPid === null ? '—' : `pid ${String(run.childPid)}`],
    ['Owner', `${run.ownerKind} · pid ${String(run.ownerPid)}`],
    ['Exit', run.exitCode !== null ? `code ${String(run.exitCode)}` : (run.signal ?? '—')],
  ];
  if (run.tokensTotal > 0 || run.costUsdTotal > 0) {
    facts.push(['Tokens · cost', `${run.tokensTotal.toLocaleString('en-US')} · ${formatUsd(run.costUsdTotal)}`]);
  }
  return (
    <div className="run-header">
      <div className="row">
        <h1 data-testid="run-name">{run.name}</h1>
        <StatusBadge status={run.status} />
        <RolloutBadge mode={run.rollout} enforced={run.enforced} />
      </div>
      <code className="run-command">{formatCommand(run.command)}</code>
      <div className="faint small mono">
        {run.cwd} · run {run.id}
      </div>
      <dl className="facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className="num">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
