import { LiteralSearch } from './literal-search.js';
import { decodeEscapes, secretTexts, type DecodedText } from './secret-patterns.js';

/** Shorter values would blank out ordinary words; no real credential is this short. */
const MIN_SECRET_LENGTH = 4;

export const REDACTED = '[secret]';

interface Patterns {
  /** The secrets and their base64 cores as they are. */
  literal: LiteralSearch;
  /** A text without any of these characters holds no escaped form. */
  escapeStart: RegExp;
  /** Whether some secret has a space, which a form may send as `+`. */
  spaced: boolean;
}

/**
 * Every secret value the core has held (read from the keychain or an env variable, typed
 * into a draft, or sent as an auth header), so that a message or log line that somehow
 * picked one up (a backend echoing the request, say) is cleaned before it leaves the core:
 * as typed, JSON- or URL-encoded, or in base64 (see secret-patterns.ts).
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private compiled: Patterns | null = null;

  remember(secret: string): void {
    if (secret.length < MIN_SECRET_LENGTH || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.compiled = null;
  }

  redact(text: string): string {
    if (this.secrets.size === 0) return text;
    const { literal, escapeStart, spaced } = this.patterns();
    if (text.length < literal.width) return text;
    let clean = cut(text, literal.find(text));
    if (!escapeStart.test(clean)) return clean;
    // Escaped forms: found in the text with its escapes undone, and cut out of the original where they began and ended.
    clean = cutDecoded(clean, decodeEscapes(clean, false), literal);
    if (spaced && clean.includes('+')) clean = cutDecoded(clean, decodeEscapes(clean, true), literal);
    return clean;
  }

  /**
   * The value with every string in it (keys too) redacted: the last guard before an answer or
   * an event leaves the core. Objects are copied only where something changed, and nothing is
   * walked while the core holds no secret.
   */
  redactDeep<T>(value: T): T {
    if (this.secrets.size === 0) return value;
    return this.deep(value) as T;
  }

  private deep(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | null = null;
      for (let i = 0; i < value.length; i += 1) {
        const item: unknown = value[i];
        const clean = this.deep(item);
        if (clean !== item) {
          copy ??= [...value];
          copy[i] = clean;
        }
      }
      return copy ?? value;
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return value;
    let copy: Record<string, unknown> | null = null;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      const clean = this.deep(item);
      const cleanKey = this.redact(key);
      if (clean !== item || cleanKey !== key) {
        copy ??= { ...record };
        if (cleanKey !== key) delete copy[key];
        copy[cleanKey] = clean;
      }
    }
    return copy ?? value;
  }

  private patterns(): Patterns {
    if (this.compiled) return this.compiled;
    const texts = [...new Set([...this.secrets].flatMap(secretTexts))];
    const spaced = texts.some((text) => text.includes(' '));
    this.compiled = { literal: new LiteralSearch(texts), escapeStart: spaced ? /[\\%+]/ : /[\\%]/, spaced };
    return this.compiled;
  }
}

/** The text with each range replaced by REDACTED; overlapping ranges make one. */
function cut(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  if (ranges.length === 0) return text;
  let clean = '';
  let from = 0;
  for (const [start, end] of ranges) {
    if (end <= from) continue;
    clean += `${text.slice(from, Math.max(from, start))}${REDACTED}`;
    from = end;
  }
  return clean + text.slice(from);
}

/** What was found in the decoded text, cut out of the original from where its first character began to where the next one did. */
function cutDecoded(text: string, decoded: DecodedText, literal: LiteralSearch): string {
  const ranges = literal.find(decoded.text).map(([start, end]): [number, number] => [decoded.starts[start] ?? 0, decoded.starts[end] ?? text.length]);
  return cut(text, ranges);
}
