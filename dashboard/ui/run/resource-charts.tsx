'use client';
/** CPU and memory of the whole process tree over time, with the limits in force and decision markers. */
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBytes, formatClock, formatDateTime, formatPercent } from '../../lib/format';
import type { DecisionRecord, RunRecord, SampleRecord } from '../../lib/types';

const AXIS = { stroke: '#6b7384', fontSize: 11 } as const;
const GRID = '#262b36';
const LIMIT = '#f87171';
const MARK = '#fbbf24';

interface ChartProps {
  title: string;
  samples: readonly SampleRecord[];
  field: 'cpuPercent' | 'rssBytes';
  limit: number | null;
  limitLabel: string;
  format: (value: number) => string;
  color: string;
  markers: readonly DecisionRecord[];
  testId: string;
  live: boolean;
}

function SeriesChart({ title, samples, field, limit, limitLabel, format, color, markers, testId, live }: ChartProps) {
  const data = samples.map((s) => ({ atMs: s.atMs, value: s[field] }));
  const latest = samples.at(-1)?.[field] ?? null;
  return (
    <figure className="panel chart" data-testid={testId}>
      <figcaption className="chart-head">
        <h2>{title}</h2>
        <span className="num chart-now">{latest === null ? '—' : format(latest)}</span>
        <span className="faint small">{live ? 'now' : 'last'}</span>
        <span className="spacer" />
        <span className="legend">
          <span className="swatch" style={{ background: color }} /> measured
          {limit === null ? (
            <span className="faint"> · no limit set</span>
          ) : (
            <>
              <span className="swatch dashed" style={{ borderColor: LIMIT }} /> limit {format(limit)}
            </>
          )}
        </span>
      </figcaption>
      {data.length < 2 ? (
        <p className="faint chart-empty">Waiting for samples…</p>
      ) : (
        <LineChart
          responsive
          data={data}
          style={{ width: '100%', height: 220 }}
          margin={{ top: 12, right: 16, bottom: 0, left: 8 }}
        >
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis
            dataKey="atMs"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(v: number) => formatClock(v)}
            tick={AXIS}
            stroke={GRID}
            minTickGap={48}
          />
          <YAxis tickFormatter={(v: number) => format(v)} tick={AXIS} stroke={GRID} width={72} domain={[0, 'auto']} />
          <Tooltip
            contentStyle={{ background: '#151820', border: '1px solid #353c4a', borderRadius: 6, fontSize: 12 }}
            labelFormatter={(v) => (typeof v === 'number' ? formatDateTime(v) : '')}
            formatter={(v) => [typeof v === 'number' ? format(v) : '—', title]}
          />
          {limit !== null ? (
            <ReferenceLine
              y={limit}
              stroke={LIMIT}
              strokeDasharray="6 4"
              ifOverflow="extendDomain"
              label={{ value: limitLabel, position: 'insideTopRight', fill: LIMIT, fontSize: 11 }}
            />
          ) : null}
          {markers.map((d) => (
            <ReferenceLine
              key={d.id}
              x={d.atMs}
              stroke={MARK}
              strokeDasharray="2 3"
              label={{ value: d.taken, position: 'insideTopRight', fill: MARK, fontSize: 10 }}
            />
          ))}
          <Line
            dataKey="value"
            stroke={color}
            strokeWidth={1.8}
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
        </LineChart>
      )}
    </figure>
  );
}

/** The two resource charts of a run; decisions that acted or alerted are marked on the time axis. */
export function ResourceCharts({
  run,
  samples,
  decisions,
  live,
}: {
  live: boolean;
  run: RunRecord;
  samples: readonly SampleRecord[];
  decisions: readonly DecisionRecord[];
}) {
  const first = samples[0]?.atMs ?? 0;
  const markers = decisions.filter((d) => d.taken !== 'continue' && d.atMs >= first);
  return (
    <div className="charts">
      <SeriesChart
        title="CPU"
        testId="cpu-chart"
        samples={samples}
        field="cpuPercent"
        limit={run.limits.maxCpuPercent}
        limitLabel={`limit ${formatPercent(run.limits.maxCpuPercent)}`}
        format={formatPercent}
        color="#6ea8fe"
        markers={markers}
        live={live}
      />
      <SeriesChart
        title="Memory (RSS)"
        testId="memory-chart"
        samples={samples}
        field="rssBytes"
        limit={run.limits.maxMemoryBytes}
        limitLabel={run.limits.maxMemoryBytes === null ? '' : `limit ${formatBytes(run.limits.maxMemoryBytes)}`}
        format={formatBytes}
        color="#4ade80"
        markers={markers}
        live={live}
      />
    </div>
  );
}
