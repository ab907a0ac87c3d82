import { createHash } from 'node:crypto';
import type { RunContext } from '../api/dispatcher.js';

/** The longest key the contract takes as an outbox entry's id. */
const KEY_MAX = 100;
/** Between the key's own part and its author: neither the prefix nor the hex digest holds one. */
const AUTHOR_MARK = '~';

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * An outbox entry's or a comment's key from the command's idempotency key: the same command run
 * again finds its own. The prefix says what it is (the timeline reads it), and the key names who
 * wrote it, since the backend keeps every comment the console posts under its own account; a
 * name too long for the key is left out (the backend's account is shown then).
 */
export function entryKey(prefix: string, run: RunContext | undefined, by: string): string {
  const key = `${prefix}.${digest(run?.idempotencyKey ?? crypto.randomUUID()).slice(0, 24)}`;
  const withAuthor = `${key}${AUTHOR_MARK}${encodeURIComponent(by)}`;
  return withAuthor.length <= KEY_MAX ? withAuthor : key;
}

/** Who wrote what carries the key, as `entryKey` put it there; null for a key without one (or none). */
export function authorOf(key: string | null): string | null {
  const at = key?.indexOf(AUTHOR_MARK) ?? -1;
  if (key === null || at < 0) return null;
  try {
    return decodeURIComponent(key.slice(at + 1));
  } catch {
    return null;
  }
}
