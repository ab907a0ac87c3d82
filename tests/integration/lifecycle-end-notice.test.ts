import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedmineBackend } from '../../shared/fleet-definition/schema.js';
import { LifecycleSettings } from '../../shared/fleet-definition/lifecycle.js';
import type { Ticketing } from '../../main/core/connectors/capabilities.js';
import { planLifecycle } from '../../main/core/lifecycle/lifecycle-plan.js';
import { EndNotices, endNoticeMarker, type EndingEnvironment } from '../../main/core/lifecycle/end-notice.js';
import { openStore } from '../../main/core/store/store.js';
import { FaultProxy } from '../faults/support/fault-proxy.js';
import { connectorsWithSecret } from '../support/backend-clients.js';
import { startRedmine, type RedmineServer } from '../support/redmine.js';
import { useTempDirs } from '../support/temp.js';

/** The account team's ticket about an environment's end, on a real Redmine (Debian's package) on loopback. */

let redmine: RedmineServer;
const tempDir = useTempDirs();

beforeAll(async () => {
  redmine = await startRedmine();
}, 90_000);

afterAll(async () => {
  await redmine?.stop();
});

function ticketing(url: string): Ticketing {
  const backend = RedmineBackend.parse({
    id: 'tickets',
    kind: 'redmine',
    url,
    auth: { type: 'redmine', apiKey: { store: 'env', variable: 'TEST_REDMINE_KEY' } },
    timeoutMs: 3000,
    project: redmine.project,
    trackerId: redmine.trackerId,
    markerFieldId: redmine.markerFieldId,
    recordFieldId: redmine.recordFieldId,
  });
  const found = connectorsWithSecret([backend], redmine.apiKey).get('tickets')?.ticketing;
  if (!found) throw new Error('the registry made no ticketing connector for a redmine backend');
  return found;
}

const signal = () => AbortSignal.timeout(20_000);

/** A Sydney UAT that went live on 1 March 2026: kept through 31 March, ending 00:00 AEDT on 1 April. */
function ending(id: string): EndingEnvironment {
  const plan = planLifecycle({ kind: 'uat', goLive: '2026-03-01' }, {}, 'Australia/Sydney', LifecycleSettings.parse({}));
  if (plan.endDate === null || plan.endsAt === null) throw new Error('expected an end');
  return { environmentId: id, environmentName: 'Harbour Health UAT', tenantName: 'Harbour Health', plan: { ...plan, endDate: plan.endDate, endsAt: plan.endsAt } };
}

interface RedmineIssue {
  id: number;
  subject: string;
  description: string;
  custom_fields?: { id: number; value: string }[];
}

/** Issues carrying the marker, from Redmine's own full list, not through the connector. */
async function issuesWithMarker(marker: string): Promise<RedmineIssue[]> {
  const response = await fetch(`${redmine.url}/issues.json?project_id=${redmine.project}&status_id=*&limit=100`, { headers: { 'x-redmine-api-key': redmine.apiKey } });
  if (!response.ok) throw new Error(`Redmine answered ${response.status}`);
  const body = (await response.json()) as { issues: RedmineIssue[] };
  return body.issues.filter((issue) => issue.custom_fields?.some((field) => field.id === redmine.markerFieldId && field.value === marker));
}

describe("the account team's ticket about an environment's end", () => {
  it('is created once, saying what ends when and how to keep it, and is not made again', async () => {
    const store = openStore(tempDir());
    try {
      const notices = new EndNotices(ticketing(redmine.url), store.settings, () => 1);
      const env = ending('harbour-health-uat');
      const first = await notices.notify(env, signal());
      const again = await notices.notify(env, signal());
      expect(again).toEqual(first);
      const issues = await issuesWithMarker(endNoticeMarker('harbour-health-uat', '2026-03-31'));
      expect(issues).toHaveLength(1);
      expect(String(issues[0]?.id)).toBe(first.ticketId);
      expect(issues[0]?.subject).toBe('Harbour Health: Harbour Health UAT ends 2026-03-31');
      expect(issues[0]?.description).toContain('ends at 00:00 AEDT Wednesday 1 April 2026 (Australia/Sydney)');
      expect(issues[0]?.description).toContain('permanent access under a hosting agreement');
    } finally {
      store.close();
    }
  });

  it('is created once when Redmine made it but its answer was lost, found by its marker on the next try, even from a fresh store', async () => {
    const proxy = await FaultProxy.start(redmine.url);
    const store = openStore(tempDir());
    try {
      const notices = new EndNotices(ticketing(proxy.url), store.settings, () => 1);
      const env = ending('harbour-health-training');
      const lost = proxy.arm('POST', /^\/issues\.json$/, { kind: 'drop-answer' }, 1);
      // The connector may find the ticket itself after the lost answer, or fail this try: either way, one ticket.
      const first: unknown = await notices.notify(env, signal()).then(
        (notice) => notice.ticketId,
        (error: unknown) => error,
      );
      expect(lost.matched).toBe(1);
      const retried = await notices.notify(env, signal());
      if (typeof first === 'string') expect(retried.ticketId).toBe(first);
      expect(proxy.seen.filter((request) => request === 'POST /issues.json')).toHaveLength(1);
      const issues = await issuesWithMarker(endNoticeMarker('harbour-health-training', '2026-03-31'));
      expect(issues.map((issue) => String(issue.id))).toEqual([retried.ticketId]);
      // Another console (a fresh store) finds the same ticket rather than making a second.
      const other = openStore(tempDir());
      try {
        const found = await new EndNotices(ticketing(redmine.url), other.settings, () => 2).notify(env, signal());
        expect(found.ticketId).toBe(retried.ticketId);
      } finally {
        other.close();
      }
      expect(await issuesWithMarker(endNoticeMarker('harbour-health-training', '2026-03-31'))).toHaveLength(1);
    } finally {
      store.close();
      await proxy.close();
    }
  });
});
