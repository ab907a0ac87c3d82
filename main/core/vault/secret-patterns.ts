/**
 * How a secret can look in a text a backend sent or a message quotes: as typed, JSON-escaped
 * (`\/`, `\"`, `\uXXXX`, escaped again inside another JSON string), URL-encoded (`%XX` in
 * either case, `+` for a space) and base64 (standard or URL-safe, alone, in Basic auth's
 * "user:secret" or anywhere in a larger base64 text).
 */

/** Base64 runs shorter than this are too likely to occur by chance in ordinary words. */
const MIN_BASE64_CORE = 6;

/**
 * The base64 characters that depend only on the secret's own bytes, at each of the three
 * byte offsets the secret can have inside a larger base64 text (as in "user:secret"): the
 * characters at either end also carry the neighbours' bits, so they are left out.
 */
export function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores = new Set<string>();
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes, Buffer.alloc(3)]).toString('base64');
    const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    if (core.length < MIN_BASE64_CORE) continue;
    cores.add(core);
    cores.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...cores];
}

/** The texts to look for: the secret and its base64 cores; each then matched in every escaped form. */
export function secretTexts(secret: string): string[] {
  return [secret, ...base64Cores(secret)];
}

const JSON_SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\\\', '/': '/', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't' };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Hex digits in either case: `2f` → `2[fF]`. */
function hexPattern(value: number, width: number): string {
  return [...value.toString(16).padStart(width, '0')].map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit)).join('');
}

/** One or more backslashes: an escape, or an escape escaped again inside another JSON string. */
const BACKSLASHES = '\\\\+';

/** Every way one character can be written: itself, a JSON escape, `\uXXXX`, `%XX` per UTF-8 byte (or `%25XX` when encoded twice), `+` for a space. */
function characterPattern(char: string): string {
  const ways = [escapeRegExp(char)];
  const short = JSON_SHORT_ESCAPES[char];
  if (short !== undefined) ways.push(char === '\\' ? BACKSLASHES : `${BACKSLASHES}${escapeRegExp(short)}`);
  const units = [...Array(char.length).keys()].map((i) => char.charCodeAt(i));
  ways.push(units.map((unit) => `${BACKSLASHES}u${hexPattern(unit, 4)}`).join(''));
  const bytes = [...Buffer.from(char, 'utf8')];
  ways.push(bytes.map((byte) => `%(?:25)?${hexPattern(byte, 2)}`).join(''));
  if (char === ' ') ways.push('\\+');
  return `(?:${ways.join('|')})`;
}

/** A regular-expression source matching the text in any mix of the escaped forms above. */
export function escapedFormsPattern(text: string): string {
  return [...text].map(characterPattern).join('');
}

export function literalPattern(text: string): string {
  return escapeRegExp(text);
}
