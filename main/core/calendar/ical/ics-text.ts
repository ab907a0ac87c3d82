import { quote } from '../../../../shared/contract/quote.js';

/**
 * The text layer of RFC 5545 (§3.1–3.3): content lines, folding at 75 octets, parameters,
 * TEXT escaping, and the component tree. Hand-written rather than taken from a library:
 * it is small, and the parsers at hand (ical.js) carry their own time-zone arithmetic,
 * while every zoned computation here must go through Temporal.
 */

export interface ContentLine {
  /** Upper-cased. */
  name: string;
  /** Parameter names upper-cased; values unquoted, split on commas. */
  params: ReadonlyMap<string, readonly string[]>;
  value: string;
  /** 1-based, after unfolding counts the first physical line of the logical one. */
  line: number;
}

export interface Component {
  /** Upper-cased: VCALENDAR, VEVENT, VTIMEZONE, STANDARD, … */
  name: string;
  properties: ContentLine[];
  children: Component[];
  /** Problems met inside it: a line that is not NAME:VALUE, an END that does not match, a missing END. */
  problems: string[];
}

const MAX_OCTETS = 75;

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** One logical line as physical lines of at most 75 octets, continuation lines starting with a space; never splits a character. */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0) ?? 0);
    if (octets + size > MAX_OCTETS) {
      pieces.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join('\r\n');
}

/** TEXT values (§3.3.11): backslash, semicolon, comma and newline escaped. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}

/** A parameter value, quoted when it holds a character that would end it. */
export function paramValue(value: string): string {
  return /[;:,]/.test(value) ? `"${value.replace(/"/g, '')}"` : value;
}

/** Splits a value on commas that are not escaped (lists of TEXT or of dates). */
export function splitList(value: string): string[] {
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i] ?? '';
    if (char === '\\' && i + 1 < value.length) {
      current += char + (value[i + 1] ?? '');
      i++;
    } else if (char === ',') {
      items.push(current);
      current = '';
    } else current += char;
  }
  items.push(current);
  return items;
}

/** Physical lines joined where a line begins with a space or tab (§3.1); CRLF, LF and CR all end a line. */
function unfold(text: string): Array<{ text: string; line: number }> {
  const logical: Array<{ text: string; line: number }> = [];
  text.split(/\r\n|\n|\r/).forEach((physical, index) => {
    const previous = logical[logical.length - 1];
    if ((physical.startsWith(' ') || physical.startsWith('\t')) && previous) previous.text += physical.slice(1);
    else logical.push({ text: physical, line: index + 1 });
  });
  return logical.filter((entry) => entry.text.trim() !== '');
}

/** name *(";" param) ":" value, with quoted parameter values that may hold ";", ":" and ",". */
function parseContentLine(text: string, line: number): ContentLine | null {
  const nameMatch = /^[A-Za-z0-9-]+/.exec(text);
  if (!nameMatch) return null;
  const name = nameMatch[0].toUpperCase();
  const params = new Map<string, string[]>();
  let i = nameMatch[0].length;
  while (text[i] === ';') {
    const eq = text.indexOf('=', i);
    if (eq < 0) return null;
    const paramName = text.slice(i + 1, eq).trim().toUpperCase();
    if (!/^[A-Z0-9-]+$/.test(paramName)) return null;
    i = eq + 1;
    const values: string[] = [];
    for (;;) {
      if (text[i] === '"') {
        const close = text.indexOf('"', i + 1);
        if (close < 0) return null;
        values.push(text.slice(i + 1, close));
        i = close + 1;
      } else {
        let end = i;
        while (end < text.length && text[end] !== ',' && text[end] !== ';' && text[end] !== ':') end++;
        values.push(text.slice(i, end));
        i = end;
      }
      if (text[i] !== ',') break;
      i++;
    }
    params.set(paramName, values);
  }
  if (text[i] !== ':') return null;
  return { name, params, value: text.slice(i + 1), line };
}

/** The top-level components of an iCalendar text (normally one VCALENDAR); lines outside any component are ignored. */
export function parseComponents(text: string): Component[] {
  const roots: Component[] = [];
  const stack: Component[] = [];
  for (const { text: raw, line } of unfold(text.replace(/^\uFEFF/, ''))) {
    const current = stack[stack.length - 1];
    const parsed = parseContentLine(raw, line);
    if (!parsed) {
      current?.problems.push(`line ${line} is not NAME:VALUE: ${quote(raw)}`);
      continue;
    }
    if (parsed.name === 'BEGIN') {
      const component: Component = { name: parsed.value.trim().toUpperCase(), properties: [], children: [], problems: [] };
      if (current) current.children.push(component);
      else roots.push(component);
      stack.push(component);
    } else if (parsed.name === 'END') {
      const name = parsed.value.trim().toUpperCase();
      const depth = stack.map((component) => component.name).lastIndexOf(name);
      if (depth < 0) {
        current?.problems.push(`line ${line}: END:${name} without BEGIN:${name}`);
        continue;
      }
      while (stack.length > depth + 1) {
        const unclosed = stack.pop();
        unclosed?.problems.push(`END:${unclosed.name} is missing before line ${line}`);
      }
      stack.pop();
    } else if (current) {
      current.properties.push(parsed);
    }
  }
  for (const open of stack) open.problems.push(`END:${open.name} is missing: the file ends inside it`);
  return roots;
}

export function firstProperty(component: Component, name: string): ContentLine | undefined {
  return component.properties.find((property) => property.name === name);
}

export function param(line: ContentLine, name: string): string | undefined {
  return line.params.get(name)?.[0];
}
