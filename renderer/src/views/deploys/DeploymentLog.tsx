import { useLayoutEffect, useRef } from 'react';
import type { DeploymentLogLine } from '../../../../shared/contract/deploys.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { formatAbsolute } from '../../time/format.js';
import { formatClock } from '../calendar/calendar-format.js';

const LEVEL_STATUS = { info: null, warning: 'warning', error: 'critical' } as const;

/** Lines as they arrive; it follows the end only while the reader is at the end, so reading back is never pulled away. */
export function DeploymentLog({ lines, viewerZone }: { lines: readonly DeploymentLogLine[]; viewerZone: string }) {
  const ref = useRef<HTMLOListElement>(null);
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    const list = ref.current;
    if (list !== null && atEnd.current) list.scrollTop = list.scrollHeight;
  }, [lines.length]);
  if (lines.length === 0) return <p className="muted">No log line yet.</p>;
  return (
    <ol
      ref={ref}
      className="deploy-log"
      role="log"
      aria-label="Deployment log"
      onScroll={(event) => {
        const list = event.currentTarget;
        atEnd.current = list.scrollHeight - list.scrollTop - list.clientHeight < 8;
      }}
    >
      {lines.map((line, position) => {
        const status = LEVEL_STATUS[line.level];
        return (
          <li key={position} className={`log-line log-${line.level}`}>
            <time dateTime={new Date(line.at).toISOString()} title={formatAbsolute(line.at)}>
              {formatClock(line.at, viewerZone)}
            </time>
            {status !== null && <StatusIcon status={status} />}
            {status !== null && <span className="sr-only">{line.level}: </span>}
            <span className="log-text">{line.text}</span>
          </li>
        );
      })}
    </ol>
  );
}
