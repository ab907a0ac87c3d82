/**
 * Finds any of a set of texts in a longer one in a single pass (Rabin-Karp on the length of the
 * shortest): a hash of each window, checked against a bit table and only then compared. A regular
 * expression of the same alternatives tries every one at every position, and took seconds on a
 * large answer.
 */

const BASE = 31;
const TABLE_BITS = 16;
const TABLE_MASK = (1 << TABLE_BITS) - 1;

function hashOf(text: string, from: number, width: number): number {
  let hash = 0;
  for (let i = from; i < from + width; i += 1) hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) >>> 0;
  return hash;
}

export class LiteralSearch {
  readonly width: number;
  private readonly candidates = new Map<number, string[]>();
  private readonly table = new Uint8Array(1 << TABLE_BITS);
  /** BASE^(width-1), to take the leaving character out of the rolling hash. */
  private readonly leaving: number;

  constructor(texts: readonly string[]) {
    this.width = Math.min(...texts.map((text) => text.length));
    let power = 1;
    for (let i = 1; i < this.width; i += 1) power = Math.imul(power, BASE) >>> 0;
    this.leaving = power;
    // Longest first: where two start at the same place, the longer is taken.
    for (const text of [...texts].sort((a, b) => b.length - a.length)) {
      const hash = hashOf(text, 0, this.width);
      this.table[hash & TABLE_MASK] = 1;
      const list = this.candidates.get(hash) ?? [];
      list.push(text);
      this.candidates.set(hash, list);
    }
  }

  /** Where the texts occur, as [start, end) in order of start; occurrences may overlap. */
  find(text: string): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    const width = this.width;
    if (text.length < width) return found;
    let hash = hashOf(text, 0, width);
    for (let i = 0; ; i += 1) {
      if (this.table[hash & TABLE_MASK] === 1) {
        const match = this.candidates.get(hash)?.find((candidate) => text.startsWith(candidate, i));
        if (match !== undefined) found.push([i, i + match.length]);
      }
      if (i + width >= text.length) return found;
      hash = (Math.imul(hash - Math.imul(text.charCodeAt(i), this.leaving), BASE) + text.charCodeAt(i + width)) >>> 0;
    }
  }
}
