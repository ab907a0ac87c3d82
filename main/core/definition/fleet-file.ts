import type { z } from 'zod';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { formatPath } from '../../../shared/contract/errors.js';
import type { DefinitionProblem } from '../../../shared/contract/fleet.js';
import { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import { readTextFile } from '../files/text-file.js';
import { checkAliases } from './alias-expansion.js';
import { flowNestingProblem, tooDeepFlowAt } from './flow-nesting.js';


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
  // The yaml package throws (rather than reports) an alias it cannot resolve: checked first, with the line.
  const aliasFinding = checkAliases(doc);
  if (aliasFinding) {
    const position = aliasFinding.alias.range ? lineCounter.linePos(aliasFinding.alias.range[0]) : undefined;
    return {
      ok: false,
      problems: [{ file, line: position?.line ?? null, column: position?.col ?? null, path: formatPath(aliasFinding.path), message: aliasFinding.message }],
    };
  }
  let value: unknown;
  try {
    // Bounded by checkAliases as a whole, which the package's per-anchor count is not.
    value = doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    return { ok: false, problems: [{ file, line: null, column: null, path: '', message: `the YAML cannot be read: ${error instanceof Error ? error.message : String(error)}` }] };
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
  if (doc.errors.length > 0 || checkAliases(doc)) return undefined;
  try {
    return doc.toJS({ maxAliasCount: -1 });
  } catch {
    return undefined;
  }
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
