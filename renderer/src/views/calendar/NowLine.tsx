import { useNow } from '../../time/clock.js';
import { formatClock } from './calendar-format.js';
import { offsetOf } from './week-geometry.js';

/** Where "now" is on the week's axis; it moves by a fraction of a pixel a minute, so nothing jumps. */
export function NowLine({ from, to, zone }: { from: number; to: number; zone: string }) {
  const now = useNow();
  if (now < from || now >= to) return null;
  return (
    <div className="now-line" style={{ top: offsetOf(now, from) }}>
      <span className="now-label">Now {formatClock(now, zone)}</span>
    </div>
  );
}
