import { writeFileSync } from 'node:fs';
import { GOLDEN_FILE, GOLDEN_RANGE, GOLDEN_WINDOWS, expandGolden } from './golden-windows.js';

/**
 * Writes golden/expansions.json: run once with `npx tsx tests/unit/calendar/write-golden.ts`,
 * review the diff, commit. One occurrence a line, so a change reads as a small diff.
 */
const entries = GOLDEN_WINDOWS.map(({ name, window }) => {
  const occurrences = expandGolden(window).map((occurrence) => `      ${JSON.stringify(occurrence)}`);
  return `    {\n      "name": ${JSON.stringify(name)},\n      "window": ${JSON.stringify(window)},\n      "occurrences": [\n${occurrences.map((line) => `  ${line}`).join(',\n')}\n      ]\n    }`;
});
const text = `{\n  "range": ${JSON.stringify(GOLDEN_RANGE)},\n  "windows": [\n${entries.join(',\n')}\n  ]\n}\n`;
writeFileSync(GOLDEN_FILE, text);
console.log(`wrote ${GOLDEN_WINDOWS.length} windows to ${GOLDEN_FILE.pathname}`);
