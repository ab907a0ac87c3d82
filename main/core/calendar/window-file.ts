import { renameSync, writeFileSync } from 'node:fs';
import { Composer, CST, Document, isAlias, isCollection, isMap, isNode, isSeq, Parser, visit, type YAMLMap, type YAMLSeq } from 'yaml';
import { OpsFailure } from '../../../shared/contract/errors.js';
import type { WindowDefinition } from '../../../shared/fleet-definition/calendar.js';
import { parseYaml } from '../definition/fleet-file.js';
import { MAX_FLOW_NESTING, tooDeepFlowAt } from '../definition/flow-nesting.js';

/**
 * Edits the windows list of a YAML file so that only the lines of the values that change are
 * rewritten: comments, key order, quoting and flow style everywhere else stay byte for byte as
 * the team wrote them, and a version-control diff shows just the edit. A window is edited in
 * the file's concrete syntax tree (the yaml package's CST), whatever style it is written in.
 */

export const WINDOWS_PATH = ['calendar', 'windows'] as const;

const KEY_ORDER: ReadonlyArray<keyof WindowDefinition> = [
  'id',
  'kind',
  'title',
  'description',
  'customerText',
  'scope',
  'start',
  'timeZone',
  'duration',
  'rrule',
  'exdates',
  'noticeDays',
  'reason',
  'publishTo',
];

interface Patch {
  from: number;
  to: number;
  text: string;
}

function ordered(window: WindowDefinition): Array<[string, unknown]> {
  return KEY_ORDER.filter((key) => window[key] !== undefined).map((key) => [key, window[key]]);
}

/** A value on one line: scalars as YAML writes them, collections in flow style. */
function inline(value: unknown): string {
  const doc = new Document(value);
  if (isCollection(doc.contents)) doc.contents.flow = true;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false }).trimEnd();
}

function applyPatches(text: string, patches: Patch[]): string {
  let result = text;
  for (const patch of [...patches].sort((a, b) => b.from - a.from)) result = result.slice(0, patch.from) + patch.text + result.slice(patch.to);
  return result;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function rangeOf(node: unknown): [number, number, number] {
  if (!isNode(node) || !node.range) throw new OpsFailure('internal', 'the calendar file changed shape while it was being edited');
  return node.range;
}

function windowsOf(text: string): { seq: YAMLSeq | undefined; doc: Document } {
  if (tooDeepFlowAt(text) !== null) throw new OpsFailure('invalid-input', `the calendar's file is nested more than ${MAX_FLOW_NESTING} levels deep in brackets`);
  const doc = parseYaml(text);
  if (doc.errors.length > 0) throw new OpsFailure('invalid-input', `the calendar's file is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  const node = doc.getIn(WINDOWS_PATH, true);
  return { seq: isSeq(node) ? node : undefined, doc };
}

function indexOfWindow(seq: YAMLSeq | undefined, id: string): number {
  return seq ? seq.items.findIndex((item) => isMap(item) && item.get('id') === id) : -1;
}

function valueOf(node: unknown): unknown {
  return isNode(node) ? node.toJSON() : node;
}

export function upsertWindow(text: string, window: WindowDefinition, previousId?: string): string {
  const { seq, doc } = windowsOf(text);
  const targetId = previousId ?? window.id;
  const at = indexOfWindow(seq, targetId);
  if (previousId !== undefined && at < 0) throw new OpsFailure('not-found', `no window "${previousId}" in the calendar`);
  if (previousId === undefined && at >= 0) throw new OpsFailure('conflict', `a window with id "${window.id}" already exists`);
  if (window.id !== targetId && indexOfWindow(seq, window.id) >= 0) throw new OpsFailure('conflict', `a window with id "${window.id}" already exists`);
  const entries = ordered(window);
  if (!seq) {
    doc.setIn(WINDOWS_PATH, doc.createNode([Object.fromEntries(entries)]));
    return doc.toString({ lineWidth: 0 });
  }
  if (at < 0 || !isMap(seq.items[at])) return appendWindow(text, seq, entries);
  return editWindow(text, targetId, entries);
}

type Item = CST.BlockMap['items'][number];
type KeyedItem = Extract<Item, { sep: CST.SourceToken[] }>;

function isKeyed(item: Item): item is KeyedItem {
  return item.sep !== undefined;
}

const NEWLINE: CST.SourceToken = { type: 'newline', offset: 0, indent: 0, source: '\n' };
const space = (source: string): CST.SourceToken => ({ type: 'space', offset: 0, indent: 0, source });

/** The file as tokens, and the window as a node whose parts point at them. */
function parseWithTokens(text: string, id: string): { tokens: CST.Token[]; doc: Document.Parsed; window: YAMLMap } {
  const tokens = [...new Parser().parse(text)];
  const [doc] = new Composer({ prettyErrors: false, uniqueKeys: true, keepSourceTokens: true }).compose(tokens);
  const seq = doc?.getIn(WINDOWS_PATH, true);
  const window = isSeq(seq) ? seq.items.find((item) => isMap(item) && item.get('id') === id) : undefined;
  if (!doc || !isMap(window)) throw new OpsFailure('internal', 'the calendar file changed shape while it was being edited');
  return { tokens, doc, window };
}

/** A value as a token of its own, on one line: scalars as YAML writes them, collections in flow style. */
function valueToken(value: unknown, indent: number): CST.Token {
  const [document] = new Parser().parse(inline(value));
  if (document?.type !== 'document' || !document.value) throw new OpsFailure('internal', `cannot write ${JSON.stringify(value)} as YAML`);
  const token = document.value;
  if ('indent' in token) token.indent = indent;
  return token;
}

/** What follows a value on its line (spaces, a comment, the newline); a value on lines of its own ends with its last line's newline. */
function trailingOf(token: CST.Token | undefined): CST.SourceToken[] {
  if (token && (CST.isScalar(token) || token.type === 'flow-collection') && token.type !== 'block-scalar' && 'end' in token && token.end) {
    const rest = token.end.filter((part) => part.type !== 'flow-map-end' && part.type !== 'flow-seq-end');
    if (rest.some((part) => part.type === 'newline')) return rest;
  }
  return [NEWLINE];
}

/** Puts a token's trailing spaces, comment and newline after it. */
function endWith(token: CST.Token, trailing: CST.SourceToken[]): void {
  if (token.type === 'flow-collection' || CST.isScalar(token)) {
    if (token.type === 'block-scalar') return;
    token.end = [...(token.end ?? []), ...trailing];
  }
}

function keyText(item: Item): string | null {
  return item.key && CST.isScalar(item.key) ? (CST.resolveAsScalar(item.key)?.value ?? null) : null;
}

/** Aliases of an anchor anywhere in the file. */
function aliasesOf(doc: Document.Parsed, anchor: string): number {
  let count = 0;
  visit(doc, {
    Alias(_, node) {
      if (node.source === anchor) count++;
    },
  });
  return count;
}

/** A changed value: the new one on the key's line, keeping the comment that was on it; a quoted string stays quoted. */
function replaceValue(item: KeyedItem, value: unknown, indent: number): void {
  const old = item.value;
  if (old && (old.type === 'double-quoted-scalar' || old.type === 'single-quoted-scalar') && typeof value === 'string') {
    CST.setScalarValue(old, value);
    return;
  }
  const sep = item.sep;
  const comments = sep.filter((part) => part.type === 'comment');
  const trailing = comments.length > 0 ? [space(' '), ...comments, NEWLINE] : trailingOf(old);
  const token = valueToken(value, indent);
  endWith(token, trailing);
  const indicator = sep.findIndex((part) => part.type === 'map-value-ind');
  item.sep = [...sep.slice(0, indicator + 1).filter((part) => part.type !== 'comment'), space(' ')];
  item.value = token;
}

/** Edits one window where it is, in whatever style it is written. */
function editWindow(text: string, id: string, entries: ReadonlyArray<[string, unknown]>): string {
  const { tokens, doc, window } = parseWithTokens(text, id);
  const source = window.srcToken;
  const wanted = new Map(entries);
  if (source?.type === 'flow-collection') {
    const token = valueToken(Object.fromEntries(entries), source.indent);
    endWith(token, trailingOf(source));
    Object.assign(source, token);
    return tokens.map((token) => CST.stringify(token)).join('');
  }
  if (source?.type !== 'block-map') throw new OpsFailure('internal', 'the calendar file changed shape while it was being edited');
  const kept: Item[] = [];
  for (const item of source.items) {
    const key = keyText(item);
    if (key === null || !isKeyed(item)) {
      kept.push(item);
      continue;
    }
    if (!wanted.has(key)) continue;
    const node = window.get(key, true);
    const next = wanted.get(key);
    if (JSON.stringify(valueOf(node)) !== JSON.stringify(next)) {
      if (isNode(node) && !isAlias(node) && node.anchor && aliasesOf(doc, node.anchor) > 0) {
        throw new OpsFailure('conflict', `the ${key} of window "${id}" is anchored as &${node.anchor} and used elsewhere in the file; edit it in the file, or give the others their own`);
      }
      replaceValue(item, next, source.indent);
    }
    kept.push(item);
  }
  const present = new Set(kept.map(keyText));
  const added = entries
    .filter(([key]) => !present.has(key))
    .map(([key, value]): Item => {
      const token = valueToken(value, source.indent);
      endWith(token, [NEWLINE]);
      return {
        start: [space(' '.repeat(source.indent))],
        key: { type: 'scalar', offset: 0, indent: source.indent, source: key },
        sep: [{ type: 'map-value-ind', offset: 0, indent: source.indent, source: ':' }, space(' ')],
        value: token,
      };
    });
  // After the last key, before any comment lines that end the map.
  let insertAt = kept.length;
  while (insertAt > 0 && keyText(kept[insertAt - 1] as Item) === null) insertAt--;
  kept.splice(insertAt, 0, ...added);
  source.items = kept;
  return tokens.map((token) => CST.stringify(token)).join('');
}

function appendWindow(text: string, seq: YAMLSeq, entries: ReadonlyArray<[string, unknown]>): string {
  const last = seq.items[seq.items.length - 1];
  if (seq.flow || !last) {
    const [from, to] = rangeOf(seq);
    const items = [...seq.items.map(valueOf), Object.fromEntries(entries)];
    return applyPatches(text, [{ from, to, text: inline(items) }]);
  }
  const dash = column(text, rangeOf(last)[0]) - 2;
  const pad = ' '.repeat(dash);
  const lines = entries.map(([key, value], index) => `${pad}${index === 0 ? '- ' : '  '}${key}: ${inline(value)}\n`).join('');
  const at = lineEnd(text, rangeOf(last)[1] - 1);
  return applyPatches(text, [{ from: at, to: at, text: (text[at - 1] === '\n' ? '' : '\n') + lines }]);
}

/** Removes the window and the comment lines right above it, which are about it. */
export function removeWindow(text: string, id: string): string {
  const { seq } = windowsOf(text);
  const at = indexOfWindow(seq, id);
  const item = seq?.items[at];
  if (!seq || at < 0 || !item) throw new OpsFailure('not-found', `no window "${id}" in the calendar`);
  const [start, end] = rangeOf(item);
  if (seq.flow) {
    const [from, to] = rangeOf(seq);
    return applyPatches(text, [{ from, to, text: inline(seq.items.filter((_, index) => index !== at).map(valueOf)) }]);
  }
  let from = lineStart(text, start);
  for (let previous = lineStart(text, from - 1); from > 0 && text.slice(previous, from).trim().startsWith('#'); previous = lineStart(text, previous - 1)) {
    from = previous;
  }
  return applyPatches(text, [{ from, to: lineEnd(text, end - 1), text: '' }]);
}

/** Written beside and renamed over, so an editor or the file watcher never reads half a file. */
export function writeFileAtomically(file: string, text: string): void {
  const temporary = `${file}.watchfloor-${process.pid}.tmp`;
  writeFileSync(temporary, text, 'utf8');
  renameSync(temporary, file);
}
