/** How much of a value a message repeats: enough to recognise it, never a pasted 100 KB. */
export const QUOTED_PREFIX = 64;

/** `"value"`, or its first 64 characters and how long it was: `"abc…"…(100000 characters)`. */
export function quote(value: string): string {
  if (value.length <= QUOTED_PREFIX) return `"${value}"`;
  // Never cut a surrogate pair in half: half a character is invalid UTF-16 in a message or a row.
  const end = isHighSurrogate(value.charCodeAt(QUOTED_PREFIX - 1)) ? QUOTED_PREFIX - 1 : QUOTED_PREFIX;
  return `"${value.slice(0, end)}…(${value.length} characters)"`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
