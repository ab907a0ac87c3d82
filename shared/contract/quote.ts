/** How much of a value a message repeats: enough to recognise it, never a pasted 100 KB. */
export const QUOTED_PREFIX = 64;

/** `"value"`, or its first 64 characters and how long it was: `"abc…(100000 characters)"`. */
export function quote(value: string): string {
  return `"${shorten(value)}"`;
}

/** The value, or its first 64 characters and how long it was: `abc…(100000 characters)`. */
export function shorten(value: string): string {
  if (value.length <= QUOTED_PREFIX) return value;
  return `${cut(value, QUOTED_PREFIX)}…(${value.length} characters)`;
}

/** The first `length` characters, never half a surrogate pair: that would be invalid UTF-16 in a message or a row. */
function cut(value: string, length: number): string {
  return value.slice(0, isHighSurrogate(value.charCodeAt(length - 1)) ? length - 1 : length);
}

/** The longest error message an answer carries; past it, a message is cut and says how long it was. */
export const MAX_MESSAGE = 4000;

/**
 * An error message as an answer and the audit trail may carry it: every long string of `input`
 * it repeats is shortened (whatever a handler says about a 100 KB value, "no environment
 * "<id>"", it quotes the start), and the whole stays under MAX_MESSAGE.
 */
export function boundedMessage(message: string, input: unknown): string {
  let bounded = message;
  for (const value of longStrings(input)) {
    if (bounded.includes(value)) bounded = bounded.split(value).join(shorten(value));
  }
  return bounded.length <= MAX_MESSAGE ? bounded : `${cut(bounded, MAX_MESSAGE)}…(${bounded.length} characters)`;
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
