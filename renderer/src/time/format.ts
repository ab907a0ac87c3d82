/** Every time shown carries its zone; zone conversion is left to Intl, never done by hand. */

export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1_000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

export function formatAgeSince(at: number | null, now: number): string {
  return at === null ? 'never' : formatAge(now - at);
}

const zonedClocks = new Map<string, Intl.DateTimeFormat>();

/** "Sat 23:04 AEDT": the wall clock of a region, in its own zone. */
export function formatZonedClock(at: number, timeZone: string): string {
  let format = zonedClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    zonedClocks.set(timeZone, format);
  }
  return format.format(at);
}

const absolute = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** A full timestamp in the viewer's zone, with the zone named. */
export function formatAbsolute(at: number): string {
  return absolute.format(at);
}

const counts = new Intl.NumberFormat();

export function formatCount(value: number): string {
  return counts.format(value);
}

const utcClock = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });

/** "Dec 7, 22:04 UTC": the same instant in UTC, shown beside the viewer's zone where people in several zones compare notes. */
export function formatUtc(at: number): string {
  return utcClock.format(at);
}
