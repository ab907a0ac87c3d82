import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLDEN_FILE, GOLDEN_RANGE, GOLDEN_WINDOWS, expandGolden, type GoldenOccurrence } from './golden-windows.js';

interface Golden {
  range: typeof GOLDEN_RANGE;
  windows: Array<{ name: string; window: unknown; occurrences: GoldenOccurrence[] }>;
}

const golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Golden;
const hostZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

describe(`expansions match the committed golden file (host zone ${hostZone})`, () => {
  it('covers the same windows and range', () => {
    expect(golden.range).toEqual(GOLDEN_RANGE);
    expect(golden.windows.map((entry) => [entry.name, entry.window])).toEqual(GOLDEN_WINDOWS.map(({ name, window }) => [name, window]));
    // Not a vacuous file: it holds moved, repeated and offset-crossing starts.
    const all = golden.windows.flatMap((entry) => entry.occurrences);
    expect(all.filter((o) => o[3]?.startsWith('gap')).length).toBeGreaterThan(0);
    expect(all.filter((o) => o[3] === 'repeated').length).toBeGreaterThan(0);
    expect(all.filter((o) => o[4]).length).toBeGreaterThan(0);
  });

  it.each(GOLDEN_WINDOWS.map(({ name, window }, index) => [name, window, index] as const))('%s', (_, window, index) => {
    expect(expandGolden(window)).toEqual(golden.windows[index]?.occurrences);
  });
});

describe('the host zone', () => {
  it('is the one the run was started under, so host-zones.sh really varies it', () => {
    const asked = process.env.TZ;
    // Compared as ICU names them (it calls Asia/Kolkata "Asia/Calcutta").
    if (asked) expect(hostZone).toBe(new Intl.DateTimeFormat('en-US', { timeZone: asked }).resolvedOptions().timeZone);
    expect(hostZone.length).toBeGreaterThan(0);
  });
});
