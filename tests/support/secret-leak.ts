import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * The encodings a backend may echo a secret in, as they appear inside a JSON string of its
 * answer's text. Written here independently of the core's redactor, so the tests check it
 * against encoders it does not share.
 */
export const ECHO_ENCODINGS = {
  /** As typed; JSON.stringify escapes only `"`, `\` and control characters. */
  raw: (secret: string) => JSON.stringify(secret).slice(1, -1),
  /** PHP's json_encode and others escape the slash too. */
  'json-slash': (secret: string) => JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'),
  /** Every character as \uXXXX, as some serializers (ensure_ascii, HTML-safe) do. */
  'json-u': (secret: string) => unicodeEscaped(secret, 'lower'),
  'json-U': (secret: string) => unicodeEscaped(secret, 'upper'),
  /** Only the characters outside [A-Za-z0-9] escaped, mixing both forms in one secret. */
  'json-u-mixed': (secret: string) => [...secret].map((char) => (/[A-Za-z0-9]/.test(char) ? char : unicodeEscaped(char, 'lower'))).join(''),
  /** Escaped twice: a JSON document quoted inside another one's string. */
  'json-double': (secret: string) => JSON.stringify(JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/')).slice(1, -1),
  'url-component': (secret: string) => encodeURIComponent(secret),
  /** application/x-www-form-urlencoded: spaces as `+`. */
  'url-form': (secret: string) => new URLSearchParams({ s: secret }).toString().slice(2),
  'url-lower-hex': (secret: string) => encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
  base64: (secret: string) => Buffer.from(secret, 'utf8').toString('base64'),
  base64url: (secret: string) => Buffer.from(secret, 'utf8').toString('base64url'),
  /** As Basic auth sends it. */
  'base64-basic': (secret: string) => Buffer.from(`watch:${secret}`, 'utf8').toString('base64'),
  /** Inside a larger base64 blob, at each of the three byte alignments. */
  'base64-in-blob-1': (secret: string) => Buffer.from(`{"k":"${secret}","n":1}`, 'utf8').toString('base64'),
  'base64-in-blob-2': (secret: string) => Buffer.from(`{"ke":"${secret}","n":1}`, 'utf8').toString('base64'),
  'base64url-in-blob-3': (secret: string) => Buffer.from(`{"key":"${secret}","n":1}`, 'utf8').toString('base64url'),
} as const satisfies Record<string, (secret: string) => string>;

export type EchoEncoding = keyof typeof ECHO_ENCODINGS;
export const ECHO_ENCODING_NAMES = Object.keys(ECHO_ENCODINGS) as EchoEncoding[];

function unicodeEscaped(text: string, hexCase: 'lower' | 'upper'): string {
  return [...text]
    .flatMap((char) => {
      const units = char.length === 2 ? [char.charCodeAt(0), char.charCodeAt(1)] : [char.charCodeAt(0)];
      return units.map((unit) => `\\u${unit.toString(16).padStart(4, '0')}`);
    })
    .map((escape) => (hexCase === 'upper' ? escape.toUpperCase().replace('\\U', '\\u') : escape))
    .join('');
}

/**
 * The base64 characters that carry only the secret's own bits when it sits at byte offset
 * 0, 1 or 2 of a larger base64 text (standard and URL-safe): any of them is the secret, found.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [0, 1, 2].flatMap((offset) => {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes, Buffer.alloc(3)]);
    const first = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const standard = padded.toString('base64').slice(first, end);
    return [standard, standard.replace(/\+/g, '-').replace(/\//g, '_')];
  });
}

/**
 * The forms a secret can leak in: as typed, JSON- and \u-escaped, URL-encoded, and in base64
 * alone, in Basic auth ("user:secret") or inside any larger base64 text. The end-to-end test
 * searches the DOM with these too.
 */
export function secretForms(secret: string, username?: string): string[] {
  const escaped = ['raw', 'json-slash', 'json-u', 'json-U', 'json-u-mixed', 'url-component', 'url-form', 'url-lower-hex'] as const;
  const forms = [...escaped.map((name) => ECHO_ENCODINGS[name](secret)), ...base64Cores(secret)];
  if (username !== undefined) forms.push(Buffer.from(`${username}:${secret}`, 'utf8').toString('base64'));
  return [...new Set(forms)];
}

/** Fails naming where a secret turned up; `texts` maps a place (a log line, an answer) to what it holds. */
export function expectNoSecrets(texts: ReadonlyArray<{ where: string; text: string }>, forms: readonly string[]): void {
  expect(findSecrets(texts, forms)).toEqual([]);
}

/** Where each form turned up, e.g. `log line 3 holds "…"`. */
export function findSecrets(texts: ReadonlyArray<{ where: string; text: string }>, forms: readonly string[]): string[] {
  return texts.flatMap(({ where, text }) => forms.filter((form) => text.includes(form)).map((form) => `${where} holds "${form}"`));
}

/** Every file of the store (database, WAL, anything beside them), as its raw bytes read as Latin-1 text. */
export function storeFiles(dataDir: string): Array<{ where: string; text: string }> {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { where: `store file ${path.slice(dataDir.length + 1)}`, text: readFileSync(path).toString('latin1') };
    });
}
