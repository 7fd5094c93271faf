'use client';
/** The live, redacted tail of a run's stdout and stderr; follows new lines unless the reader scrolled up. */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { formatClock } from '../../lib/format';
import type { OutputLineRecord } from '../../lib/types';

/** Renders the output tail with timestamps; stderr lines are marked. */
export function OutputTail({ lines, live }: { lines: readonly OutputLineRecord[]; live: boolean }) {
  const ref = useRef<HTMLPreElement>(null);
  const [follow, setFollow] = useState(true);
  const followRef = useRef(follow);
  useEffect(() => {
    followRef.current = follow;
  }, [follow]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el !== null && followRef.current) el.scrollTop = el.scrollHeight;
  }, [lines]);
  const onScroll = (): void => {
    const el = ref.current;
    if (el === null) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    if (atBottom !== followRef.current) setFollow(atBottom);
  };
  return (
    <section className="panel" aria-labelledby="output-title">
      <div className="panel-head">
        <h2 id="output-title">Output</h2>
        <span className="faint small">last {lines.length} lines · secrets redacted</span>
        <span className="spacer" />
        {live && !follow ? (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              setFollow(true);
            }}
          >
            Follow new lines
          </button>
        ) : null}
      </div>
      {lines.length === 0 ? (
        <p className="faint panel-body">No output yet.</p>
      ) : (
        <pre
          ref={ref}
          className="output"
          tabIndex={0}
          role="log"
          aria-label="Output tail"
          onScroll={onScroll}
          data-testid="output-tail"
        >
          {lines.map((line, index) => (
            <span key={index} className={line.stream === 'stderr' ? 'out-line err' : 'out-line'}>
              <span className="out-time">{formatClock(line.atMs)}</span>
              {line.stream === 'stderr' ? <span className="out-stream">err</span> : null}
              {line.text}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
    </section>
  );
}
