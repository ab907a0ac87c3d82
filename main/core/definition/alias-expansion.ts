import { isAlias, isCollection, isNode, isPair, isScalar, isSeq, type Alias, type Document } from 'yaml';

/**
 * The aliases of a YAML document, checked in one pass in document order before it is turned into
 * data: every alias names an anchor set before it and outside itself, and the document holds at
 * most MAX_EXPANDED_VALUES values once each alias is replaced by what it names. The `yaml`
 * package's own limit (maxAliasCount) counts per anchor: it refuses 150 environments sharing one
 * `<<: *defaults`, yet lets many small anchors, each used up to its limit, expand to billions.
 */
export const MAX_EXPANDED_VALUES = 5_000_000;

export interface AliasFinding {
  alias: Alias;
  /** From the document down to the alias, as the schema's paths are written. */
  path: PropertyKey[];
  message: string;
}

class Found extends Error {
  constructor(
    readonly alias: Alias,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function checkAliases(doc: Document, limit = MAX_EXPANDED_VALUES): AliasFinding | null {
  /** The expanded size of each anchor's node, as of the last anchor of that name read so far. */
  const anchored = new Map<string, number>();
  /** Anchors whose node is being read: an alias to one of them would make the data contain itself. */
  const open = new Set<string>();
  const path: PropertyKey[] = [];
  let total = 0;
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      if (open.has(node.source)) throw new Found(node, `the alias *${node.source} is inside the value it names`);
      const named = anchored.get(node.source);
      if (named === undefined) throw new Found(node, `the alias *${node.source} names no anchor set before it`);
      total += named;
      if (total > limit) {
        throw new Found(
          node,
          `the YAML aliases expand to more than ${limit.toLocaleString('en')} values (a guard against files that expand without end); repeat fewer values through anchors`,
        );
      }
      return named;
    }
    const anchor = isNode(node) ? node.anchor : undefined;
    if (anchor) open.add(anchor);
    let result = 1;
    if (isPair(node)) {
      path.push(isScalar(node.key) ? String(node.key.value) : String(node.key));
      result = size(node.key) + size(node.value);
      path.pop();
    } else {
      total += 1;
      if (isCollection(node)) {
        node.items.forEach((item, index) => {
          if (isSeq(node)) path.push(index);
          result += size(item);
          if (isSeq(node)) path.pop();
        });
      }
    }
    if (anchor) {
      open.delete(anchor);
      anchored.set(anchor, result);
    }
    return result;
  };
  try {
    size(doc.contents);
    return null;
  } catch (error) {
    if (error instanceof Found) return { alias: error.alias, path: [...path], message: error.reason };
    throw error;
  }
}
