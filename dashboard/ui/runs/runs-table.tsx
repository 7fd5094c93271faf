'use client';
/** The table of runs on the overview: one row per run with live CPU and memory. */
import Link from 'next/link';
import { formatBytes, formatCommand, formatDuration, formatPercent, UNAVAILABLE } from '../../lib/format';
import type { RunRecord } from '../../lib/types';
import { RolloutBadge, StatusBadge } from '../common/badges';

function overCpu(run: RunRecord): boolean {
  return run.cpuPercent !== null && run.cpuPercent > run.limits.maxCpuPercent;
}

function overMemory(run: RunRecord): boolean {
  return run.rssBytes !== null && run.limits.maxMemoryBytes !== null && run.rssBytes > run.limits.maxMemoryBytes;
}

/** Lists runs; active ones show "now" values and uptime, ended ones their duration and ending. */
export function RunsTable({
  runs,
  nowMs,
  active,
  label,
}: {
  runs: RunRecord[];
  nowMs: number;
  active: boolean;
  label: string;
}) {
  return (
    <div className="table-wrap">
      <table className="data" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Command</th>
            <th scope="col">Status</th>
            <th scope="col" className="r">
              {active ? 'Uptime' : 'Duration'}
            </th>
            <th scope="col" className="r">
              {active ? 'CPU now' : 'CPU peak'}
            </th>
            <th scope="col" className="r">
              {active ? 'Memory now' : 'Memory peak'}
            </th>
            <th scope="col" className="r">
              Restarts
            </th>
            <th scope="col">Rollout</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const endMs = run.endedAtMs ?? (nowMs > 0 ? nowMs : null);
            return (
              <tr key={run.id} data-testid="run-row" data-run-id={run.id} data-run-name={run.name}>
                <td>
                  <Link href={`/runs/${encodeURIComponent(run.id)}`} className="run-name">
                    {run.name}
                  </Link>
                </td>
                <td>
                  <code className="cmd" title={formatCommand(run.command)}>
                    {formatCommand(run.command)}
                  </code>
                </td>
                <td>
                  <StatusBadge status={run.status} />
                  {!active && run.terminationReason !== null && run.terminationReason !== run.status ? (
                    <span className="faint" style={{ marginLeft: 6, fontSize: 12 }}>
                      {run.terminationReason}
                    </span>
                  ) : null}
                </td>
                <td className="r num">{endMs === null ? UNAVAILABLE : formatDuration(endMs - run.startedAtMs)}</td>
                <td className={`r num${active && overCpu(run) ? ' over-limit' : ''}`}>
                  {formatPercent(active ? run.cpuPercent : run.cpuPeakPercent)}
                </td>
                <td className={`r num${active && overMemory(run) ? ' over-limit' : ''}`}>
                  {formatBytes(active ? run.rssBytes : run.memoryPeakBytes)}
                </td>
                <td className="r num">{run.restarts}</td>
                <td>
                  <RolloutBadge mode={run.rollout} enforced={run.enforced} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
