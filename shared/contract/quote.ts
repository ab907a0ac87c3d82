/** How much of a value a message repeats: enough to recognise it, never a pasted 100 KB. */
export const QUOTED_PREFIX = 64;

/** `"value"`, or its first 64 characters and how long it was: `"abc…(100000 characters)"`. */
export function quote(value: string): string {
  return `"${shorten(value)}"`;
}

/** The value, or its first 64 characters and how long it was: `abc…(100000 characters)`. */
export function shorten(value: string): string {
  if (value.length <= QUOTED_PREFIX) return value;
  // Never cut a surrogate pair in half: half a character is invalid UTF-16 in a message or a row.
  const end = isHighSurrogate(value.charCodeAt(QUOTED_PREFIX - 1)) ? QUOTED_PREFIX - 1 : QUOTED_PREFIX;
  return `${value.slice(0, end)}…(${value.length} characters)`;
}

/**
 * The message with every long string of `input` it repeats shortened: whatever a handler says
 * ("no environment "<id>"") about a 100 KB value, the answer and the audit trail quote its start.
 */
export function withoutLongEchoes(message: string, input: unknown): string {
  let bounded = message;
  for (const value of longStrings(input)) {
    if (bounded.includes(value)) bounded = bounded.split(value).join(shorten(value));
  }
  return bounded;
}

/** Visiting more than this many values of one input is not worth it: a message is checked against the first ones. */
const MAX_VISITED = 10_000;

/** The long strings (and keys) of a value, longest first, so a value is shortened before any part of it. */
function longStrings(input: unknown): string[] {
  const found = new Set<string>();
  const pending: unknown[] = [input];
  for (let visited = 0; pending.length > 0 && visited < MAX_VISITED; visited++) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (value.length > QUOTED_PREFIX) found.add(value);
      if (value.trim().length > QUOTED_PREFIX) found.add(value.trim());
    } else if (Array.isArray(value)) {
      pending.push(...value);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) pending.push(key, inner);
    }
  }
  return [...found].sort((a, b) => b.length - a.length);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
