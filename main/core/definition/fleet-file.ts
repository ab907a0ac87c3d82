import type { z } from 'zod';
import { isAlias, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Alias, type Document } from 'yaml';
import { formatPath } from '../../../shared/contract/errors.js';
import type { DefinitionProblem } from '../../../shared/contract/fleet.js';
import { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import { readTextFile } from '../files/text-file.js';
import { flowNestingProblem, tooDeepFlowAt } from './flow-nesting.js';

/**
 * How far aliases may expand (the `yaml` package's maxAliasCount, counted its way: uses of one
 * anchor, times what that anchor itself expands to). Its default of 100 would refuse a fleet of
 * 150 environments sharing one `<<: *defaults`; 1000 still stops a file that expands without end.
 */
export const MAX_YAML_ALIASES = 1000;

export type FleetFileResult = { ok: true; definition: FleetDefinition } | { ok: false; problems: DefinitionProblem[] };

/** Reads and checks a fleet file; every problem names the file, its line and column, and the path. */
export function readFleetFile(path: string): FleetFileResult {
  const read = readTextFile(path, 'fleet file');
  return read.ok ? parseFleetText(read.text, path) : { ok: false, problems: [read.problem] };
}

export function parseFleetText(text: string, file: string): FleetFileResult {
  const result = parseYamlFile(text, file, FleetDefinition);
  return result.ok ? { ok: true, definition: result.value } : result;
}

/** YAML checked against a schema; every problem carries its line and column. */
export function parseYamlFile<T>(text: string, file: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; problems: DefinitionProblem[] } {
  const lineCounter = new LineCounter();
  const tooDeep = flowNestingProblem(text, file);
  if (tooDeep) return { ok: false, problems: [tooDeep] };
  const doc = parseYaml(text, lineCounter);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return { file, line: pos.line, column: pos.col, path: '', message: `YAML syntax: ${firstLine(error.message)}` };
      }),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    // The yaml package throws (rather than reports) an alias it cannot resolve or one too many.
    const problem: DefinitionProblem =
      error instanceof ReferenceError
        ? aliasProblem(doc, lineCounter, file, error.message)
        : { file, line: null, column: null, path: '', message: `the YAML cannot be read: ${error instanceof Error ? error.message : String(error)}` };
    return { ok: false, problems: [problem] };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const pos = locate(doc, lineCounter, issue.path);
      return { file, line: pos?.line ?? null, column: pos?.col ?? null, path: formatPath(issue.path), message: issue.message };
    }),
  };
}

/** A YAML document with the options every file the core reads is parsed with. */
export function parseYaml(text: string, lineCounter?: LineCounter): Document {
  return parseDocument(text, { prettyErrors: false, uniqueKeys: true, ...(lineCounter ? { lineCounter } : {}) });
}

/** Plain data from YAML, within the alias limit; undefined when it cannot be had. */
export function yamlData(text: string): unknown {
  if (tooDeepFlowAt(text) !== null) return undefined;
  const doc = parseYaml(text);
  if (doc.errors.length > 0) return undefined;
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch {
    return undefined;
  }
}

interface AliasUse {
  node: Alias;
  path: string;
}

/**
 * Where the aliases expand too far: the first use beyond the limit of the most used anchor, or
 * else the first alias of an anchor that itself holds aliases (where the expansion multiplies).
 */
function aliasProblem(doc: Document, lineCounter: LineCounter, file: string, reason: string): DefinitionProblem {
  const uses = new Map<string, AliasUse[]>();
  const nested: AliasUse[] = [];
  const anchorsWithAliases = new Set<string>();
  visit(doc, {
    Node: (_key, node, ancestry) => {
      if (!isAlias(node)) return;
      const use = { node, path: formatPath(pathOf(ancestry, node)) };
      const list = uses.get(node.source) ?? [];
      list.push(use);
      uses.set(node.source, list);
      for (const ancestor of ancestry) if (isNode(ancestor) && ancestor.anchor) anchorsWithAliases.add(ancestor.anchor);
      nested.push(use);
    },
  });
  const busiest = [...uses.values()].reduce<AliasUse[]>((most, list) => (list.length > most.length ? list : most), []);
  const culprit = busiest[MAX_YAML_ALIASES] ?? nested.find((use) => anchorsWithAliases.has(use.node.source)) ?? busiest[0];
  const position = culprit?.node.range ? lineCounter.linePos(culprit.node.range[0]) : undefined;
  const message = reason.startsWith('Excessive alias count')
    ? `too many YAML aliases: more than ${MAX_YAML_ALIASES} aliases of one anchor, each counted by what it expands to (a guard against files that expand without end); repeat fewer values through anchors`
    : `YAML: ${reason}`;
  return { file, line: position?.line ?? null, column: position?.col ?? null, path: culprit?.path ?? '', message };
}

/** The keys and indexes from the document down to a node, as the schema's paths are written. */
function pathOf(ancestry: ReadonlyArray<unknown>, node: unknown): PropertyKey[] {
  const path: PropertyKey[] = [];
  const chain = [...ancestry, node];
  chain.forEach((ancestor, index) => {
    const child = chain[index + 1];
    if (isPair(ancestor)) {
      if (child === ancestor.value) path.push(isScalar(ancestor.key) ? String(ancestor.key.value) : String(ancestor.key));
    } else if (isSeq(ancestor)) {
      path.push(ancestor.items.indexOf(child as never));
    }
  });
  return path;
}

/** The nearest node that exists along the path: a missing key is reported where its parent is. */
function locate(doc: Document, lineCounter: LineCounter, path: ReadonlyArray<PropertyKey>) {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : doc.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]);
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
