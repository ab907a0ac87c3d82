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

const JSON_SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A text with its escapes undone, and where in the original each of its characters began. */
export interface DecodedText {
  text: string;
  /** One per character of `text`; a decoded text is never longer than its original. */
  starts: Int32Array;
}

const HEX4 = /^[0-9a-fA-F]{4}$/;
const PERCENT_BYTE = /^%(?:25)?([0-9a-fA-F]{2})/;

/** The bytes of `%XX` (or `%25XX`, encoded twice) escapes from `at` on, with where each ended. */
function percentBytes(text: string, at: number, max: number): Array<{ byte: number; end: number }> {
  const bytes: Array<{ byte: number; end: number }> = [];
  let position = at;
  while (bytes.length < max) {
    const match = PERCENT_BYTE.exec(text.slice(position, position + 5));
    if (!match) break;
    position += match[0].length;
    bytes.push({ byte: Number.parseInt(match[1] ?? '0', 16), end: position });
  }
  return bytes;
}

function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  return lead >= 0xc0 ? 2 : 1;
}

/** One escape at `at` (a backslash run or a `%`), decoded: what it stands for and where it ends; null when it is not one. */
function escapeAt(text: string, at: number): { chars: string; end: number } | null {
  if (text[at] === '%') {
    const [lead] = percentBytes(text, at, 1);
    if (!lead) return null;
    const group = percentBytes(text, at, utf8Length(lead.byte));
    if (group.length !== utf8Length(lead.byte)) return null;
    return { chars: Buffer.from(group.map((item) => item.byte)).toString('utf8'), end: group[group.length - 1]?.end ?? at + 1 };
  }
  let next = at;
  while (text[next] === '\\') next += 1;
  const after = text[next];
  if (after === 'u' && HEX4.test(text.slice(next + 1, next + 5))) return { chars: String.fromCharCode(Number.parseInt(text.slice(next + 1, next + 5), 16)), end: next + 5 };
  const short = after === undefined ? undefined : JSON_SHORT_ESCAPES[after];
  if (short !== undefined) return { chars: short, end: next + 1 };
  // A run of backslashes before nothing it escapes: one backslash, however often it was escaped.
  return { chars: '\\', end: next };
}

/**
 * Undoes, in one pass, every escape a secret can hide behind: JSON's (`\/`, `\"`, `\uXXXX`,
 * and the same escaped again, with a run of backslashes), URL encoding (`%XX` per UTF-8 byte,
 * `%25XX` when encoded twice) and, when `plusIsSpace`, a form's `+` for a space.
 */
export function decodeEscapes(text: string, plusIsSpace: boolean): DecodedText {
  const starts = new Int32Array(text.length);
  const parts: string[] = [];
  let length = 0;
  const emit = (chars: string, start: number, spread: boolean) => {
    for (let i = 0; i < chars.length; i += 1) starts[length + i] = spread ? start + i : start;
    length += chars.length;
    parts.push(chars);
  };
  const escapes = plusIsSpace ? /[\\%+]/g : /[\\%]/g;
  let from = 0;
  for (let match = escapes.exec(text); match !== null; match = escapes.exec(text)) {
    const at = match.index;
    // The plain run before the escape, character for character.
    emit(text.slice(from, at), from, true);
    const escape = text[at] === '+' ? { chars: ' ', end: at + 1 } : escapeAt(text, at);
    if (escape === null) {
      emit(text[at] ?? '', at, true);
      from = at + 1;
    } else {
      emit(escape.chars, at, false);
      from = escape.end;
    }
    escapes.lastIndex = from;
  }
  emit(text.slice(from), from, true);
  return { text: parts.join(''), starts: starts.subarray(0, length) };
}
