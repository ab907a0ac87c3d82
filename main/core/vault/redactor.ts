import { escapedFormsPattern, literalPattern, secretTexts } from './secret-patterns.js';

/** Shorter values would blank out ordinary words; no real credential is this short. */
const MIN_SECRET_LENGTH = 4;

export const REDACTED = '[secret]';

interface Patterns {
  /** The secrets and their base64 cores as they are. */
  literal: RegExp;
  /** The same in every escaped form; slower, so run only on a text with an escape in it. */
  escaped: RegExp;
  /** A text without any of these characters holds no escaped form. */
  escapeStart: RegExp;
  /** No form of any secret is shorter: a shorter text is clean. */
  shortest: number;
}

function alternation(sources: readonly string[]): RegExp {
  return new RegExp(sources.join('|'), 'g');
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
    const patterns = this.patterns();
    if (text.length < patterns.shortest) return text;
    let clean = text.replace(patterns.literal, REDACTED);
    if (patterns.escapeStart.test(clean)) clean = clean.replace(patterns.escaped, REDACTED);
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
    // Longest first: where two forms overlap, the whole of the longer one goes.
    const texts = [...new Set([...this.secrets].flatMap(secretTexts))].sort((a, b) => b.length - a.length);
    const spaced = texts.some((text) => text.includes(' '));
    this.compiled = {
      literal: alternation(texts.map(literalPattern)),
      escaped: alternation(texts.map(escapedFormsPattern)),
      escapeStart: spaced ? /[\\%+]/ : /[\\%]/,
      shortest: Math.min(...texts.map((text) => text.length)),
    };
    return this.compiled;
  }
}
