import { isMap, isNode, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { OpsFailure } from '../../../shared/contract/errors.js';
import { writeFileAtomically } from '../calendar/window-file.js';
import { readTextFile } from '../files/text-file.js';
import { parseFleetText, parseYaml } from './fleet-file.js';
import { MAX_FLOW_NESTING, tooDeepFlowAt } from './flow-nesting.js';

/**
 * Marks an environment `decommissioned: <date>` in the fleet file's text by inserting (or
 * rewriting) that one key where the environment is written, in its own style (a flow map gets
 * `, decommissioned: …` before its brace; a block map a line of its own). Everything else, the
 * comments included, stays byte for byte as the team wrote it, so the diff is just the mark.
 */

export const DECOMMISSIONED_KEY = 'decommissioned';

function rangeOf(node: Node): [number, number, number] {
  if (!node.range) throw new OpsFailure('internal', 'the fleet file changed shape while it was being edited');
  return node.range;
}

function environmentNode(text: string, environmentId: string): YAMLMap {
  if (tooDeepFlowAt(text) !== null) throw new OpsFailure('invalid-input', `the fleet file is nested more than ${MAX_FLOW_NESTING} levels deep in brackets`);
  const doc = parseYaml(text);
  if (doc.errors.length > 0) throw new OpsFailure('invalid-input', `the fleet file is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  const tenants = doc.get('tenants', true);
  for (const tenant of isSeq(tenants) ? tenants.items : []) {
    if (!isMap(tenant)) continue;
    const environments = tenant.get('environments', true);
    for (const env of isSeq(environments) ? environments.items : []) {
      if (isMap(env) && env.get('id') === environmentId) return env;
    }
  }
  throw new OpsFailure('not-found', `environment "${environmentId}" is not written in the fleet file (an alias or a merge key cannot be marked); mark it decommissioned: YYYY-MM-DD there by hand`);
}

/** The offset just past the line that holds `offset`. */
function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end + 1;
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

export function markDecommissioned(text: string, environmentId: string, date: string): string {
  const env = environmentNode(text, environmentId);
  const existing = env.items.find((pair) => isScalar(pair.key) && pair.key.value === DECOMMISSIONED_KEY);
  if (existing) {
    if (!isNode(existing.value)) throw new OpsFailure('conflict', `environment "${environmentId}" has an empty ${DECOMMISSIONED_KEY}: give it a date in the fleet file`);
    const [from, to] = rangeOf(existing.value);
    return text.slice(0, from) + date + text.slice(to);
  }
  if (env.flow) {
    // The closing brace ends the map's value range.
    const close = rangeOf(env)[1] - 1;
    if (text[close] !== '}') throw new OpsFailure('internal', `environment "${environmentId}" is not a flow map the console can edit`);
    let at = close;
    while (at > 0 && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
    const separator = env.items.length === 0 ? ' ' : ', ';
    return `${text.slice(0, at)}${separator}${DECOMMISSIONED_KEY}: ${date} ${text.slice(close)}`;
  }
  const first = env.items[0];
  const last = env.items[env.items.length - 1];
  if (!first || !isNode(first.key) || !last) throw new OpsFailure('internal', `environment "${environmentId}" is an empty map`);
  const indent = ' '.repeat(column(text, rangeOf(first.key)[0]));
  const lastEnd = isNode(last.value) ? rangeOf(last.value)[1] : isNode(last.key) ? rangeOf(last.key)[1] : rangeOf(env)[1];
  const at = lineEnd(text, Math.max(0, lastEnd - 1));
  const newline = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  return `${text.slice(0, at)}${newline}${indent}${DECOMMISSIONED_KEY}: ${date}\n${text.slice(at)}`;
}

/** Marks it in the file, checks the whole file still reads as a fleet, and only then writes it (beside and renamed over). */
export function markDecommissionedInFile(file: string, environmentId: string, date: string): void {
  const read = readTextFile(file, 'fleet file');
  if (!read.ok) throw new OpsFailure('conflict', read.problem.message);
  const next = markDecommissioned(read.text, environmentId, date);
  if (next === read.text) return;
  const checked = parseFleetText(next, file);
  if (!checked.ok) {
    const first = checked.problems[0];
    throw new OpsFailure('conflict', `marking ${environmentId} decommissioned would leave the fleet file invalid: ${first ? `${first.path}: ${first.message}` : 'unknown problem'}`);
  }
  writeFileAtomically(file, next);
}
