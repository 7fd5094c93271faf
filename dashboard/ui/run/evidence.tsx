/** The evidence of a decision as data: which detector, observed vs threshold, window, sample lines. */
import { formatDuration, formatFindingValue } from '../../lib/format';
import type { Finding } from '../../lib/types';

/** A table of findings with their sample lines below; the reader sees why without the database. */
export function Evidence({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0) return <p className="faint">No findings recorded.</p>;
  const lines = findings.flatMap((finding) =>
    finding.sampleLines.map((line) => ({ detector: finding.detector, line })),
  );
  return (
    <div className="evidence" data-testid="evidence">
      <div className="table-wrap">
        <table className="data compact">
          <thead>
            <tr>
              <th scope="col">Detector</th>
              <th scope="col">Severity</th>
              <th scope="col" className="r">
                Observed
              </th>
              <th scope="col" className="r">
                Threshold
              </th>
              <th scope="col" className="r">
                Window
              </th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((finding, index) => (
              <tr key={`${finding.detector}-${String(index)}`} data-testid="finding" data-detector={finding.detector}>
                <td>
                  <code>{finding.detector}</code>
                </td>
                <td>
                  <span className="badge" data-tone={finding.severity === 'breach' ? 'danger' : 'warn'}>
                    {finding.severity}
                  </span>
                </td>
                <td className={`r num${finding.severity === 'breach' ? ' over-limit' : ''}`}>
                  {formatFindingValue(finding.observed, finding.unit)}
                </td>
                <td className="r num">{formatFindingValue(finding.threshold, finding.unit)}</td>
                <td className="r num">{finding.windowMs > 0 ? formatDuration(finding.windowMs) : '—'}</td>
                <td className="detail-cell">
                  {Object.entries(finding.detail).map(([key, value]) => (
                    <span key={key} className="kv">
                      <span className="faint">{key}</span> {String(value)}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {lines.length > 0 ? (
        <div className="sample-lines">
          <div className="faint small">Sample lines (redacted)</div>
          <pre data-testid="sample-lines">
            {lines.map(({ detector, line }, index) => (
              <span key={index} className="sample-line">
                <span className="faint">[{detector}] </span>
                {line}
                {'\n'}
              </span>
            ))}
          </pre>
        </div>
      ) : null}
    </div>
  );
}
