/**
 * The console's key on a comment it posts to a ticket (an outbox entry's key), for backends whose
 * comments carry no field of the console's own (a ServiceNow journal entry, a Redmine note): it
 * goes on the text's last line, so that a retry after a lost answer finds the comment instead of
 * posting it twice, and it is taken off again when the comment is read.
 */

/** The key line and the blank lines before it; a backend may trim or add trailing whitespace and turn \n into \r\n. */
const KEY_LINE = /(?:\r?\n)*\[watchfloor:([^\]\r\n]+)\]\s*$/;

export function withCommentKey(text: string, key: string): string {
  return `${text}\n\n[watchfloor:${key}]`;
}

/** The text as written, and the console's key when the console wrote it. */
export function splitCommentKey(value: string): { text: string; key: string | null } {
  const match = KEY_LINE.exec(value);
  return match ? { text: value.slice(0, match.index), key: match[1] ?? null } : { text: value, key: null };
}
