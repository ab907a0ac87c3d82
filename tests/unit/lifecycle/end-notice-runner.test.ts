import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../../main/core/connectors/capabilities.js';
import { createConnectors } from '../../../main/core/connectors/registry.js';
import { createOpsCore, type OpsCore } from '../../../main/core/ops-core.js';
import { MemoryTicketing } from '../../support/memory-ticketing.js';
import { ManualClock, useTempDirs } from '../../support/temp.js';
import { until } from '../../support/until.js';

const tempDir = useTempDirs();
const cores: OpsCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

/*
 * Harbour went live on 2026-11-10 (Sydney): its UAT is kept 30 days, through 2026-12-10, and the
 * 14-day warning began on 2026-11-27. Its training environment is paid for. On 2026-12-08 the UAT
 * is ending soon; the training environment and production never end.
 */
const FLEET = `version: 1
name: Lifecycle notice fleet
backends:
  - { id: sim, kind: prometheus, url: "http://127.0.0.1:9" }
regions:
  - { id: apac, name: APAC, timeZone: Australia/Sydney, residency: AU, sites: [{ id: apac-syd, name: Sydney, role: primary }] }
tenants:
  - id: harbour
    name: Harbour Health
    region: apac
    goLive: 2026-11-10
    environments:
      - { id: harbour-prod, kind: production, site: apac-syd, watchedBy: sim, hosts: [{ name: web-1, role: web }] }
      - { id: harbour-uat, kind: uat, site: apac-syd, watchedBy: sim, hosts: [{ name: web-1, role: web }] }
      - { id: harbour-training, kind: training, site: apac-syd, lifecycle: { kind: permanent-paid, agreement: HA-2291 }, watchedBy: sim, hosts: [{ name: web-1, role: web }] }
`;

function start(dataDir: string, tickets: MemoryTicketing, clock: ManualClock): OpsCore {
  const fleetFile = join(dataDir, 'fleet.yaml');
  writeFileSync(fleetFile, FLEET);
  const core = createOpsCore({
    dataDir,
    version: 'test',
    fleetFile,
    clock,
    log: () => {},
    endNotices: { everyMs: 50, callTimeoutMs: 2000 },
    createConnectors: (backends, deps) => {
      const connectors = createConnectors(backends, deps);
      const connector: Connector = { id: 'tickets', kind: 'memory', name: 'Tickets', ticketing: tickets, close: () => {} };
      connectors.set('tickets', connector);
      return connectors;
    },
  });
  cores.push(core);
  return core;
}

async function detailOf(core: OpsCore, id: string) {
  const answer = await core.dispatch('fleet.environment', { id });
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value as { endNotice: { displayKey: string; endDate: string } | null };
}

describe("the account team's notice of an environment's end", () => {
  it('is one ticket for the UAT ending soon, shown on its lifecycle, and none for paid or permanent environments, also after a restart', async () => {
    const tickets = new MemoryTicketing();
    const clock = new ManualClock(Date.parse('2026-12-08T01:00:00Z'));
    const dataDir = tempDir();
    const first = start(dataDir, tickets, clock);
    const notice = await until(async () => {
      const { endNotice } = await detailOf(first, 'harbour-uat');
      expect(endNotice).not.toBeNull();
      return endNotice;
    }, 10_000, 50);
    expect(notice?.endDate).toBe('2026-12-10');
    expect((await detailOf(first, 'harbour-training')).endNotice).toBeNull();
    expect((await detailOf(first, 'harbour-prod')).endNotice).toBeNull();
    first.close();
    cores.splice(0);

    // A second console on a fresh store finds the ticket by its marker instead of making another.
    start(tempDir(), tickets, clock);
    const second = start(dataDir, tickets, clock);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await detailOf(second, 'harbour-uat')).endNotice?.displayKey).toBe(notice?.displayKey);
    const made = (await tickets.list({ markerPrefix: 'wf-end:' })).map((ticket) => ticket.marker);
    expect(made).toEqual(['wf-end:harbour-uat:2026-12-10']);
    expect((await tickets.list({ marker: 'wf-end:harbour-uat:2026-12-10' }))[0]?.subject).toBe('Harbour Health: Harbour Health uat ends 2026-12-10');
  });

  it('waits for the warning period: nothing is told a month before the end', async () => {
    const tickets = new MemoryTicketing();
    const core = start(tempDir(), tickets, new ManualClock(Date.parse('2026-11-20T01:00:00Z')));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await detailOf(core, 'harbour-uat')).endNotice).toBeNull();
    expect(await tickets.list({ markerPrefix: 'wf-end:' })).toEqual([]);
  });
});
