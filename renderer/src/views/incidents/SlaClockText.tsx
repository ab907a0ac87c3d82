import type { SlaClockView } from '../../../../shared/contract/incidents.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { formatAbsolute } from '../../time/format.js';
import { passedLevel, remainingAt, slaText } from './incident-format.js';

const KIND_NAMES = { response: 'Response', resolution: 'Resolution' } as const;

interface SlaClockTextProps {
  clock: SlaClockView;
  /** When the core computed it. */
  asOf: number;
  now: number;
  /** The pause, in words, where the page has room for it. */
  pausedWhy?: string | null;
}

/** "Resolution: 3 h 10 min left", "Response: breached 4 min ago", with a shape for breached and warned clocks. */
export function SlaClockText({ clock, asOf, now, pausedWhy }: SlaClockTextProps) {
  const remaining = remainingAt(clock, asOf, now);
  const breached = clock.breached || (clock.state === 'running' && remaining < 0);
  const level = breached ? 100 : passedLevel(clock);
  const status = breached ? 'critical' : level !== null && clock.state !== 'stopped' ? 'warning' : null;
  const title = `${KIND_NAMES[clock.kind]} target ${clock.target}${clock.source === 'service-desk' ? ' (from the service desk)' : ''}${clock.breachAt === null ? '' : `; breach at ${formatAbsolute(clock.breachAt)}`}`;
  return (
    <span className={`sla-clock${breached ? ' is-breached' : ''}`} title={title}>
      {status !== null ? <StatusIcon status={status} /> : <span className="sla-icon-slot" aria-hidden="true" />}
      <span className="sla-kind">{KIND_NAMES[clock.kind]}:</span> <span className="sla-remaining">{slaText(clock, asOf, now)}</span>
      {clock.state === 'paused' && <span className="sla-paused"> (paused{pausedWhy ? `: ${pausedWhy}` : ''})</span>}
      {!breached && level !== null && clock.state === 'running' && <span className="sla-warned"> ({level} % used)</span>}
    </span>
  );
}
