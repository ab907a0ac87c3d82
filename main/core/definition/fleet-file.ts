import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { formatPath } from '../../../shared/contract/errors.js';
import type { DefinitionProblem } from '../../../shared/contract/fleet.js';
import { FleetDefinition } from '../../../shared/fleet-definition/schema.js';

export type FleetFileResult = { ok: true; definition: FleetDefinition } | { ok: false; problems: DefinitionProblem[] };

/** Reads and checks a fleet file; every problem names the file, its line and column, and the path. */
export function readFleetFile(path: string): FleetFileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'file not found' : String(error);
    return { ok: false, problems: [{ file: path, line: null, column: null, path: '', message: `cannot read the fleet file: ${reason}` }] };
  }
  return parseFleetText(text, path);
}

export function parseFleetText(text: string, file: string): FleetFileResult {
  const result = parseYamlFile(text, file, FleetDefinition);
  return result.ok ? { ok: true, definition: result.value } : result;
}

/** YAML checked against a schema; every problem carries its line and column. */
export function parseYamlFile<T>(text: string, file: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; problems: DefinitionProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return { file, line: pos.line, column: pos.col, path: '', message: `YAML syntax: ${firstLine(error.message)}` };
      }),
    };
  }
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const pos = locate(doc, lineCounter, issue.path);
      return { file, line: pos?.line ?? null, column: pos?.col ?? null, path: formatPath(issue.path), message: issue.message };
    }),
  };
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
