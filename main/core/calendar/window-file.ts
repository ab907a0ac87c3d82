import { renameSync, writeFileSync } from 'node:fs';
import { Document, isCollection, isMap, isNode, isScalar, isSeq, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { OpsFailure } from '../../../shared/contract/errors.js';
import type { WindowDefinition } from '../../../shared/fleet-definition/calendar.js';
import { parseYaml } from '../definition/fleet-file.js';
import { MAX_FLOW_NESTING, tooDeepFlowAt } from '../definition/flow-nesting.js';

/**
 * Edits the windows list of a YAML file as text patches: only the lines of the values that
 * change are rewritten, so comments, key order, quoting and flow style everywhere else stay
 * byte for byte as the team wrote them, and a version-control diff shows just the edit.
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

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
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
  const existing = seq.items[at];
  if (at < 0 || !isMap(existing)) return appendWindow(text, seq, entries);
  if (existing.flow) {
    const [from, to] = rangeOf(existing);
    return applyPatches(text, [{ from, to, text: inline(Object.fromEntries(entries)) }]);
  }
  return applyPatches(text, mapPatches(text, existing, entries));
}

function mapPatches(text: string, map: YAMLMap, entries: ReadonlyArray<[string, unknown]>): Patch[] {
  const patches: Patch[] = [];
  const wanted = new Map(entries);
  const pairs = map.items as Pair[];
  const first = pairs[0];
  const indent = first ? column(text, rangeOf(first.key)[0]) : 0;
  for (const pair of pairs) {
    const key = keyOf(pair);
    const [keyStart] = rangeOf(pair.key);
    const [, valueEnd] = rangeOf(pair.value);
    if (!wanted.has(key)) {
      patches.push({ from: lineStart(text, keyStart), to: lineEnd(text, valueEnd - 1), text: '' });
    } else if (JSON.stringify(valueOf(pair.value)) !== JSON.stringify(wanted.get(key))) {
      patches.push({ from: keyStart, to: valueEnd, text: `${key}: ${inline(wanted.get(key))}` });
    }
  }
  const present = new Set(pairs.map(keyOf));
  const added = entries.filter(([key]) => !present.has(key));
  const last = pairs[pairs.length - 1];
  if (added.length > 0 && last) {
    const at = lineEnd(text, rangeOf(last.value)[1] - 1);
    const lines = added.map(([key, value]) => `${' '.repeat(indent)}${key}: ${inline(value)}\n`).join('');
    patches.push({ from: at, to: at, text: (text[at - 1] === '\n' ? '' : '\n') + lines });
  }
  return patches;
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
