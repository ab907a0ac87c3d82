import type { DefinitionProblem } from '../../../shared/contract/fleet.js';

/**
 * How deep flow collections (`[…]`, `{…}`) nest, found by one pass over the text before the YAML
 * parser sees it: the parser recurses per level, so a file of a million `[` takes it half a minute
 * to report a stack overflow. No fleet file needs more than a handful of levels.
 */
export const MAX_FLOW_NESTING = 100;

/** Where a `[` or `{` may open a collection: nothing before it on the line, or one of these. */
const OPENS_VALUE = new Set(['', '-', ':', ',', '[', '{', '?']);

/** The offset of the bracket that nests deeper than the limit, or null. */
export function tooDeepFlowAt(text: string, limit = MAX_FLOW_NESTING): number | null {
  let depth = 0;
  /** The last significant character: in block context only on the current line. */
  let previous = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    if (char === '\n') {
      if (depth === 0) previous = '';
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r') continue;
    const atValue = OPENS_VALUE.has(previous);
    if (char === '#' && (index === 0 || /\s/.test(text[index - 1] ?? ''))) {
      index = endOfLine(text, index) - 1;
      continue;
    }
    if (atValue && (char === '"' || char === "'")) {
      index = endOfQuoted(text, index);
      previous = char;
      continue;
    }
    if (atValue && (char === '&' || char === '!' || char === '*')) {
      // An anchor, tag or alias before the value: skipped, so what follows still opens a value.
      while (index + 1 < text.length && !/[\s,[\]{}]/.test(text[index + 1] ?? '')) index++;
      continue;
    }
    if (char === '[' || char === '{') {
      if (!atValue) {
        // Inside a plain value (`up[5m]`): a character like any other.
        previous = 'a';
        continue;
      }
      depth++;
      if (depth > limit) return index;
    } else if ((char === ']' || char === '}') && depth > 0) {
      depth--;
    }
    previous = char;
  }
  return null;
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** The offset of the closing quote (or the end of the text); `\"` escapes in double quotes, `''` in single. */
function endOfQuoted(text: string, from: number): number {
  const quote = text[from];
  for (let index = from + 1; index < text.length; index++) {
    const char = text[index];
    if (quote === '"' && char === '\\') index++;
    else if (char === quote) {
      if (quote === "'" && text[index + 1] === "'") index++;
      else return index;
    }
  }
  return text.length;
}

/** The problem of a text nested too deep, with its line and column, or null. */
export function flowNestingProblem(text: string, file: string): DefinitionProblem | null {
  const at = tooDeepFlowAt(text);
  if (at === null) return null;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let line = 1;
  for (let index = text.indexOf('\n'); index >= 0 && index < at; index = text.indexOf('\n', index + 1)) line++;
  return { file, line, column: at - lineStart + 1, path: '', message: `YAML nested more than ${MAX_FLOW_NESTING} levels deep in brackets; no fleet or calendar file needs that many` };
}
