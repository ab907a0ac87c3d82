import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarView, PublishOutcome } from '../../shared/contract/calendar.js';
import type { Result } from '../../shared/contract/errors.js';
import { createOpsCore, type OpsCore } from '../../main/core/ops-core.js';
import { DatadogFake } from '../support/fakes/datadog-fake.js';
import { StatuspageFake } from '../support/fakes/statuspage-fake.js';
import { startPromStack, type PromStack } from '../support/prom-stack.js';

/**
 * One Publish, three backends: the real Alertmanager, and fakes of Statuspage and Datadog that
 * follow their APIs. Counted on the backends themselves: nothing is ever created twice.
 */

const SECRETS = { WF_TEST_STATUSPAGE_KEY: 'sp-key-0123456789', WF_TEST_DD_API: 'dd-api-0123456789', WF_TEST_DD_APP: 'dd-app-0123456789' };

interface HeldSilence {
  id: string;
  startsAt: string;
  status: { state: string };
  comment: string;
}

const APAC_WINDOW = {
  id: 'apac-monthly-patching',
  kind: 'planned-maintenance',
  title: 'APAC monthly patching',
  customerText: 'Scheduled maintenance for operating system and database updates. The service may be unavailable for up to two hours.',
  scope: { regions: ['apac'] },
  start: '2026-01-31T23:00',
  timeZone: 'Australia/Sydney',
  duration: 'PT2H',
  rrule: 'FREQ=MONTHLY;BYDAY=-1SA',
};

/** Two hours earlier: still the last Saturday (two hours later would be a Sunday, off the rule). */
const MOVED_START = '2026-01-31T21:00';

describe('publishing a window to Statuspage, Alertmanager and Datadog at once', () => {
  let stack: PromStack;
  let statuspage: StatuspageFake;
  let datadog: DatadogFake;
  let core: OpsCore;
  let fleetFile: string;
  let dir: string;
  let keys = 0;

  const liveSilences = async () =>
    ((await (await fetch(`${stack.alertmanagerUrl}/api/v2/silences`)).json()) as HeldSilence[]).filter(
      (silence) => silence.status.state !== 'expired' && silence.comment.includes('[watchfloor:apac-monthly-patching@'),
    );

  async function command<T>(method: string, input: Record<string, unknown>): Promise<T> {
    const result = (await core.dispatch(method, { ...input, idempotencyKey: `calendar-publish-${++keys}` })) as Result<T>;
    if (!result.ok) throw new Error(`${method}: ${result.error.kind}: ${result.error.message}`);
    return result.value;
  }
  const publish = (input: Record<string, unknown>) => command<{ outcomes: PublishOutcome[] }>('calendar.publish', { windowId: 'apac-monthly-patching', ...input });

  beforeAll(async () => {
    Object.assign(process.env, SECRETS);
    stack = await startPromStack();
    statuspage = await StatuspageFake.start({ apiKey: SECRETS.WF_TEST_STATUSPAGE_KEY, pageId: 'page1', components: ['cmp-apac', 'cmp-uk'] });
    datadog = await DatadogFake.start({ apiKey: SECRETS.WF_TEST_DD_API, applicationKey: SECRETS.WF_TEST_DD_APP });
    dir = mkdtempSync(join(tmpdir(), 'watchfloor-test-'));
    fleetFile = join(dir, 'fleet.yaml');
    const example = readFileSync(new URL('../../resources/fleet.example.yaml', import.meta.url), 'utf8');
    writeFileSync(
      fleetFile,
      example
        .replace(
          '    faultRate: 0.01\n',
          `    faultRate: 0\n` +
            `  - { id: status, kind: statuspage, url: "${statuspage.url}", pageId: page1, components: { apac: [cmp-apac], uk: [cmp-uk] },\n` +
            `      auth: { type: oauth-key, key: { store: env, variable: WF_TEST_STATUSPAGE_KEY } } }\n` +
            `  - { id: am, kind: alertmanager, url: "${stack.alertmanagerUrl}" }\n` +
            `  - { id: dd, kind: datadog, url: "${datadog.url}",\n` +
            `      auth: { type: datadog, apiKey: { store: env, variable: WF_TEST_DD_API }, applicationKey: { store: env, variable: WF_TEST_DD_APP } } }\n`,
        )
        .replace('  publishTo: [sim]', '  publishTo: [status, am, dd]'),
    );
    core = createOpsCore({ dataDir: dir, version: 'test', fleetFile, log: () => {}, http: { retries: 1 } });
  }, 60_000);

  afterAll(async () => {
    core?.close();
    await Promise.all([stack?.stop(), statuspage?.close(), datadog?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
    for (const name of Object.keys(SECRETS)) Reflect.deleteProperty(process.env, name);
  });

  it('publishes the next two occurrences everywhere, and publishing again creates nothing', async () => {
    const first = await publish({ next: 2 });
    expect(first.outcomes.every((outcome) => outcome.state === 'published' && !outcome.unchanged)).toBe(true);
    // Statuspage and Alertmanager hold each occurrence; Datadog holds the whole series as one recurring downtime.
    expect(statuspage.list()).toHaveLength(2);
    expect(statuspage.list().every((incident) => incident.status === 'scheduled')).toBe(true);
    expect(await liveSilences()).toHaveLength(2);
    expect(datadog.liveDowntimes()).toHaveLength(1);
    const schedule = datadog.liveDowntimes()[0]?.attributes.schedule as { timezone: string; recurrences: Array<{ rrule: string; start: string; duration: string }> };
    expect(schedule).toEqual({ timezone: 'Australia/Sydney', recurrences: [{ rrule: 'FREQ=MONTHLY;BYDAY=-1SA', start: '2026-01-31T23:00', duration: '2h' }] });

    const again = await publish({ next: 2 });
    expect(again.outcomes.every((outcome) => outcome.unchanged)).toBe(true);
    expect([statuspage.list().length, (await liveSilences()).length, datadog.liveDowntimes().length]).toEqual([2, 2, 1]);
  });

  it('moving the window reschedules what each backend holds in place, and subscribers are told of the change', async () => {
    const hoursEarlier = (text: string) => Date.parse(text) - 2 * 3_600_000;
    const incidents = statuspage.list();
    const silences = await liveSilences();
    const told = statuspage.notifications.length;
    const saved = await command<{ republished: PublishOutcome[] }>('calendar.saveWindow', {
      previousId: 'apac-monthly-patching',
      window: { ...APAC_WINDOW, start: MOVED_START },
    });
    expect(saved.republished.map((outcome) => outcome.state)).not.toContain('cancelled');
    // The same scheduled maintenance, two hours earlier, and each one's subscribers sent the change.
    const moved = statuspage.list();
    expect(moved.map((incident) => [incident.id, incident.status, Date.parse(incident.scheduled_for)]).sort()).toEqual(
      incidents.map((incident) => [incident.id, 'scheduled', hoursEarlier(incident.scheduled_for)]).sort(),
    );
    expect(statuspage.notifications.slice(told).map((notification) => notification.incidentId).sort()).toEqual(incidents.map((incident) => incident.id).sort());
    const movedSilences = await liveSilences();
    expect(movedSilences.map((silence) => Date.parse(silence.startsAt)).sort()).toEqual(silences.map((silence) => hoursEarlier(silence.startsAt)).sort());
    expect(datadog.liveDowntimes().map((downtime) => (downtime.attributes.schedule as { recurrences: Array<{ start: string }> }).recurrences[0]?.start)).toEqual([
      '2026-01-31T21:00',
    ]);
    const view = await core.dispatch('calendar.view', { range: { from: Date.now(), to: Date.now() + 120 * 86_400_000 } });
    if (!view.ok) throw new Error(view.error.message);
    const published = (view.value as CalendarView).occurrences.filter((occurrence) => occurrence.windowId === 'apac-monthly-patching').slice(0, 2);
    expect(published.flatMap((occurrence) => occurrence.publications.map((publication) => publication.state))).toEqual(Array(6).fill('published'));
  });

  it('shows a failure per backend, and a retry of that backend leaves the others alone', async () => {
    statuspage.http.override('/v1/pages/page1/incidents', { status: 500, body: { error: 'Internal server error' } });
    const failed = await publish({ next: 3 });
    const byBackend = (id: string) => failed.outcomes.filter((outcome) => outcome.backendId === id);
    expect(byBackend('status').find((outcome) => outcome.state === 'failed')?.error).toMatch(/answered HTTP 500/);
    expect(byBackend('am').every((outcome) => outcome.state === 'published')).toBe(true);
    // Silenced in Alertmanager but not on the status page: customers have not been told.
    const failedKey = byBackend('status').find((outcome) => outcome.state === 'failed')?.key;
    const range = { from: Date.now(), to: Date.now() + 399 * 86_400_000 };
    const view = await core.dispatch('calendar.view', { range });
    if (!view.ok) throw new Error(view.error.message);
    const occurrence = (view.value as CalendarView).occurrences.find((candidate) => candidate.key === failedKey);
    expect(occurrence?.notice.state).not.toBe('announced');
    expect(occurrence?.publications.find((publication) => publication.backendId === 'status')?.state).toBe('failed');
    statuspage.http.clearOverrides();
    const silencesBefore = (await liveSilences()).length;
    const retried = await publish({ next: 3, backends: ['status'] });
    expect(retried.outcomes.every((outcome) => outcome.backendId === 'status' && outcome.state === 'published')).toBe(true);
    expect(statuspage.list()).toHaveLength(3);
    expect((await liveSilences()).length).toBe(silencesBefore);
  });

  it('removing an occurrence in the file cancels what each backend holds of it', async () => {
    const [next] = statuspage.list().sort((a, b) => String(a.scheduled_for).localeCompare(String(b.scheduled_for)));
    const nextLocal = new Date(String(next?.scheduled_for)).toLocaleString('sv-SE', { timeZone: 'Australia/Sydney' }).slice(0, 16).replace(' ', 'T');
    const cancelledIncident = next?.id;
    const told = statuspage.notifications.length;
    const saved = await command<{ republished: PublishOutcome[] }>('calendar.saveWindow', {
      previousId: 'apac-monthly-patching',
      window: { ...APAC_WINDOW, start: MOVED_START, exdates: [nextLocal] },
    });
    // Its subscribers are told it will not happen, rather than the announcement vanishing.
    expect(statuspage.notifications.slice(told)).toEqual([{ incidentId: cancelledIncident, status: 'completed', body: expect.stringMatching(/^Cancelled: /) }]);
    const cancelled = saved.republished.filter((outcome) => outcome.state === 'cancelled').map((outcome) => outcome.backendId).sort();
    // The occurrence on the status page and its silence go. Datadog cannot hold a series with an
    // exception, so its recurring downtime gives way to one downtime per occurrence still published.
    expect(cancelled).toEqual(['am', 'dd', 'status']);
    expect(statuspage.list()).toHaveLength(2);
    expect(await liveSilences()).toHaveLength(2);
    const downtimes = datadog.liveDowntimes();
    expect(downtimes).toHaveLength(2);
    const starts = downtimes.map((downtime) => (downtime.attributes.schedule as { start: string }).start).sort();
    const incidentStarts = statuspage.list().map((incident) => new Date(String(incident.scheduled_for)).getTime()).sort();
    expect(starts.map((start) => new Date(start).getTime())).toEqual(incidentStarts);
    expect(readFileSync(fleetFile, 'utf8')).toContain(`exdates: [${nextLocal}]`);
  });

  it('removing the window cancels everything that was published of it', async () => {
    const announced = statuspage.list().map((incident) => incident.id).sort();
    const told = statuspage.notifications.length;
    const removed = await command<{ cancelled: PublishOutcome[] }>('calendar.removeWindow', { id: 'apac-monthly-patching' });
    expect(removed.cancelled.every((outcome) => outcome.state === 'cancelled')).toBe(true);
    const cancellations = statuspage.notifications.slice(told).filter((notification) => notification.body.startsWith('Cancelled: '));
    expect(cancellations.map((notification) => notification.incidentId).sort()).toEqual(announced);
    expect(statuspage.list()).toHaveLength(0);
    expect(await liveSilences()).toHaveLength(0);
  });
});
