import { existsSync } from 'node:fs';
import { stringify } from 'yaml';
import type { DefinitionProblem } from '../../../shared/contract/fleet.js';
import type { CalendarDefinition } from '../../../shared/fleet-definition/calendar.js';
import { calendarFileSchema, type FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import { parseYamlFile } from '../definition/fleet-file.js';
import { readTextFile } from '../files/text-file.js';
import { writeFileAtomically } from './window-file.js';

const HEADER = `# Watchfloor's maintenance and upgrade calendar for the simulated fleet.
# Edited from the Calendar view; you may edit it by hand too (comments are kept).
# With a fleet file, the calendar lives in that file's "calendar" section instead.
`;

export type CalendarRead = { ok: true; calendar: CalendarDefinition } | { ok: false; problems: DefinitionProblem[] };

/** The calendar file beside the simulated fleet, checked against the fleet it serves. */
export function readCalendarFile(file: string, definition: FleetDefinition): CalendarRead {
  const read = readTextFile(file, 'calendar file');
  return read.ok ? checkCalendarText(read.text, file, definition) : { ok: false, problems: [read.problem] };
}

export function checkCalendarText(text: string, file: string, definition: FleetDefinition): CalendarRead {
  const parsed = parseYamlFile(text, file, calendarFileSchema(definition));
  if (parsed.ok) return { ok: true, calendar: parsed.value.calendar };
  return { ok: false, problems: parsed.problems };
}

/** The first run writes the simulated fleet's default calendar, so there is a file to edit and keep. */
export function ensureCalendarFile(file: string, defaults: CalendarDefinition): void {
  if (existsSync(file)) return;
  writeFileAtomically(file, HEADER + stringify({ calendar: defaults }));
}
