/**
 * A journal entry carries no field of the console's own, so the console's key goes in its text,
 * on a last line of its own, and is taken off again when the entry is read.
 */

const KEY_LINE = /\n\n\[watchfloor:comment:([^\]\n]+)\]$/;

export function withCommentKey(text: string, key: string): string {
  return `${text}\n\n[watchfloor:comment:${key}]`;
}

/** The text as written, and the console's key when the console wrote it. */
export function splitCommentKey(value: string): { text: string; key: string | null } {
  const match = KEY_LINE.exec(value);
  return match ? { text: value.slice(0, match.index), key: match[1] ?? null } : { text: value, key: null };
}
