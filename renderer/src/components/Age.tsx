import { formatAbsolute, formatAgeSince } from '../time/format.js';

interface AgeProps {
  at: number | null;
  now: number;
  prefix?: string;
}

/** "4 s ago", with the absolute time and zone on hover and for assistive technology via title. */
export function Age({ at, now, prefix }: AgeProps) {
  const text = formatAgeSince(at, now);
  return (
    <time className="age" dateTime={at === null ? undefined : new Date(at).toISOString()} title={at === null ? undefined : formatAbsolute(at)}>
      {prefix === undefined ? text : `${prefix} ${text}`}
    </time>
  );
}
