/**
 * The console's tag on what it makes on a backend, written into a free-text field the backend
 * keeps (a silence's comment), so that a later run, or another process after a crash, finds
 * it by searching instead of making it again.
 */
export function markerText(marker: string): string {
  return `[${marker}]`;
}

export function withMarker(text: string, marker: string): string {
  return `${text} ${markerText(marker)}`;
}

export function carriesMarker(text: string, marker: string): boolean {
  return text.includes(markerText(marker));
}

const COMMAND_PREFIX = 'watchfloor:command:';

/** The marker of what one command makes: its idempotency key. */
export function commandMarker(idempotencyKey: string): string {
  return `${COMMAND_PREFIX}${idempotencyKey}`;
}

/** The text as the operator wrote it, without the command marker the console appended. */
export function withoutCommandMarker(text: string): string {
  const start = text.lastIndexOf(` [${COMMAND_PREFIX}`);
  return start >= 0 && text.endsWith(']') ? text.slice(0, start) : text;
}
