import { appendFileSync, readFileSync } from 'node:fs';

/**
 * The figures of the fault-injection suite: one row per run, appended by the test workers to
 * one file and summed up once all files have run (tests/faults/support/global-setup.ts).
 */

export interface RunFigures {
  file: string;
  run: string;
  /** SIGKILLs of the core in this run (0 for a misbehaving backend without a crash). */
  kills: number;
  expected: number;
  counted: number;
  /** Why the run could not be completed (a kill point never reached, a core that would not start); its effects are not summed. */
  incomplete?: string;
}

export function lost(row: RunFigures): number {
  return row.incomplete === undefined ? Math.max(0, row.expected - row.counted) : 0;
}

export function doubled(row: RunFigures): number {
  return row.incomplete === undefined ? Math.max(0, row.counted - row.expected) : 0;
}

export function appendRun(tallyFile: string, row: RunFigures): void {
  appendFileSync(tallyFile, `${JSON.stringify(row)}\n`);
}

export function readRuns(tallyFile: string): RunFigures[] {
  let text: string;
  try {
    text = readFileSync(tallyFile, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RunFigures);
}

/** The table printed at the end: per file, then all of them. */
export function summaryTable(rows: readonly RunFigures[]): string {
  const files = [...new Set(rows.map((row) => row.file))].sort();
  const header = ['', 'runs', 'incomplete', 'kills', 'effects expected', 'effects counted', 'lost', 'doubled'];
  const line = (name: string, subset: readonly RunFigures[]) => [
    name,
    String(subset.length),
    String(subset.filter((row) => row.incomplete !== undefined).length),
    String(subset.reduce((sum, row) => sum + row.kills, 0)),
    String(subset.reduce((sum, row) => sum + (row.incomplete === undefined ? row.expected : 0), 0)),
    String(subset.reduce((sum, row) => sum + (row.incomplete === undefined ? row.counted : 0), 0)),
    String(subset.reduce((sum, row) => sum + lost(row), 0)),
    String(subset.reduce((sum, row) => sum + doubled(row), 0)),
  ];
  const table = [header, ...files.map((file) => line(file, rows.filter((row) => row.file === file))), line('all', rows)];
  const widths = header.map((_, column) => Math.max(...table.map((cells) => (cells[column] ?? '').length)));
  const render = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  const failures = rows.filter((row) => lost(row) + doubled(row) > 0).map((row) => `  ${row.file} › ${row.run}: expected ${row.expected}, counted ${row.counted}`);
  const incomplete = rows.filter((row) => row.incomplete !== undefined).map((row) => `  ${row.file} › ${row.run}: ${row.incomplete}`);
  return [
    ...table.map(render),
    ...(failures.length ? ['runs that lost or doubled an effect:', ...failures] : []),
    ...(incomplete.length ? ['runs that could not be completed:', ...incomplete] : []),
  ].join('\n');
}
