import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract/errors.js';
import type { MethodOutput } from '../../../shared/contract/methods.js';
import { importIcs } from '../../../main/core/calendar/ical/import-ics.js';
import { createOpsCore, type OpsCore } from '../../../main/core/ops-core.js';
import { ManualClock, useTempDirs } from '../../support/temp.js';

const tempDir = useTempDirs();
const cores: OpsCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

function start() {
  const dir = tempDir();
  const fleetFile = join(dir, 'fleet.yaml');
  copyFileSync(new URL('../../../resources/fleet.example.yaml', import.meta.url), fleetFile);
  const core = createOpsCore({ dataDir: dir, version: 'test', clock: new ManualClock(Date.parse('2026-03-01T00:00:00Z')), log: () => {}, fleetFile });
  cores.push(core);
  return core;
}

async function query<T>(core: OpsCore, method: 'calendar.view' | 'calendar.exportIcs' | 'calendar.importIcs', input: object): Promise<T> {
  const result = (await core.dispatch(method, input)) as Result<T>;
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.value;
}

describe("environments' ends in the calendar", () => {
  it("shows the example's Harbour Health UAT ending at midnight Sydney time, 30 days after go-live", async () => {
    const core = start();
    const march = await query<MethodOutput<'calendar.view'>>(core, 'calendar.view', { range: { from: Date.parse('2026-03-01T00:00:00Z'), to: Date.parse('2026-04-01T00:00:00Z') } });
    const ends = march.occurrences.filter((occurrence) => occurrence.kind === 'environment-end');
    // Go-live 14 February + 30 days = 16 March, the last day kept; it ends at 00:00 AEDT on the 17th.
    expect(ends.map((end) => end.environments)).toEqual([['harbour-health-uat']]);
    const [end] = ends;
    expect(end?.localStart).toEqual({ local: '2026-03-17T00:00', timeZone: 'Australia/Sydney', abbreviation: 'AEDT', offset: '+11:00' });
    expect(new Date(end?.start ?? 0).toISOString()).toBe('2026-03-16T13:00:00.000Z');
    expect(end?.customers).toMatchObject([{ tenantId: 'harbour-health', name: 'Harbour Health', regionId: 'apac' }]);
    expect(end?.environmentEnd).toMatchObject({ environmentId: 'harbour-health-uat', lifecycle: { kind: 'temporary', endDate: '2026-03-16', endSource: 'rule' } });
  });

  it('exports the ends to iCalendar in the region zone, and an import of that file leaves them out', async () => {
    const core = start();
    const all = await query<MethodOutput<'calendar.exportIcs'>>(core, 'calendar.exportIcs', {});
    const unfolded = all.text.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain('UID:end-harbour-health-uat-2026-03-16@watchfloor\r\n');
    expect(unfolded).toContain('DTSTART;TZID=Australia/Sydney:20260317T000000\r\n');
    // The release-temporary UAT in London: kept through 29 January 2027, ends 00:00 GMT on the 30th.
    expect(unfolded).toContain('UID:end-thames-logistics-uat-2027-01-29@watchfloor\r\nDTSTAMP:');
    expect(unfolded).toContain('DTSTART;TZID=Europe/London:20270130T000000\r\n');
    expect(unfolded).toContain('X-WATCHFLOOR-KIND:environment-end\r\n');
    const uk = await query<MethodOutput<'calendar.exportIcs'>>(core, 'calendar.exportIcs', { regionId: 'uk' });
    expect(uk.text).toContain('end-thames-logistics-uat');
    expect(uk.text).not.toContain('end-harbour-health-uat');
    const imported = importIcs(all.text, { kind: 'planned-maintenance', scope: { regions: ['apac'] } });
    expect(imported.skipped).toContainEqual({ uid: 'end-harbour-health-uat-2026-03-16@watchfloor', reason: "it is an environment's end, which comes from its lifecycle in the fleet file, not from a window" });
    expect(imported.windows.some((window) => window.title.endsWith(' ends'))).toBe(false);
  });
});
