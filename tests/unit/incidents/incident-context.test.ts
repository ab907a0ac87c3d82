import { describe, expect, it } from 'vitest';
import type { AlertView, SilenceView } from '../../../shared/contract/alerts.js';
import type { DeploymentView } from '../../../shared/contract/deploys.js';
import { AlertResolutions } from '../../../main/core/incidents/alert-resolutions.js';
import { createIncidentContext, swapsOfRecord, type IncidentContextDeps } from '../../../main/core/incidents/incident-context.js';
import type { SeenAlert } from '../../../main/core/incidents/timeline.js';
import { toFleetView } from '../../../main/core/fleet/fleet-view.js';
import type { DeploymentRecord } from '../../../main/core/store/deployment-repo.js';
import { deploymentView } from '../../support/deployment-view.js';
import { alert, fleet, incident, iso, MINUTE, ms } from './incident-fixture.js';

/**
 * The gatherer on fakes of the core's services, over the fixture fleet and its calendar: Acme's
 * incident (first alert 10:00Z, declared 10:05Z), looked at 11:30Z with the default PT6H lookback.
 */
const NOW = ms('2026-12-07T11:30:00Z');
const watched = toFleetView(fleet).watched;

const suspect = deploymentView({
  id: 'd-acme-prod',
  environmentId: 'acme-prod',
  environmentName: 'Acme production',
  version: '2026.12.1',
  previousVersion: '2026.11.3',
  state: 'succeeded',
  requestedBy: 'Dee Park',
  startedAt: ms('2026-12-07T09:20:00Z'),
  finishedAt: ms('2026-12-07T09:32:00Z'),
});

const uatSilence: SilenceView = {
  id: 's1',
  connectionId: 'sim',
  matchers: [{ name: 'environment', value: 'acme-uat', isRegex: false, isEqual: true }],
  startsAt: ms('2026-12-07T10:15:00Z'),
  endsAt: ms('2026-12-07T12:15:00Z'),
  createdBy: 'Ana Ruiz',
  comment: 'noisy',
  state: 'active',
};

function fakes(input: { alerts?: AlertView[]; resolved?: SeenAlert[]; silences?: () => Promise<SilenceView[]>; deployments?: DeploymentView[] } = {}) {
  let silenceCalls = 0;
  const deps: IncidentContextDeps = {
    now: () => NOW,
    definition: () => fleet,
    calendar: () => fleet.calendar,
    watched: () => watched,
    alerts: () => input.alerts ?? [alert('fp-5xx', 'acme-prod', '2026-12-07T10:00:00Z'), alert('fp-latency', 'acme-uat', '2026-12-07T10:40:00Z')],
    resolvedAlerts: () => input.resolved ?? [],
    silences: () => {
      silenceCalls += 1;
      return input.silences ? input.silences() : Promise.resolve([uatSilence]);
    },
    deployments: () => input.deployments ?? [suspect],
    swapsOf: () => [],
    openIncidents: () => [],
  };
  return { deps, silenceCalls: () => silenceCalls };
}

/** Lets the silences read in the background arrive. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A context whose silences have been read once. */
async function settled(deps: IncidentContextDeps) {
  const context = createIncidentContext(deps);
  context.forIncident(incident(), null, NOW);
  await settle();
  return context;
}

describe('the incident context', () => {
  it('gathers the timeline, the suspects and the link offers of one incident from the services', async () => {
    const { deps } = fakes();
    const context = (await settled(deps)).forIncident(incident(), null, NOW);
    // The calendar's APAC network window, 17:00 AEDT, is 06:00Z; yesterday's patching, the UK's window and the upgrade slot are not suspects.
    expect(context.correlation.map((change) => [change.id, change.beforeFirstAlertMs / MINUTE])).toEqual([
      ['d-acme-prod', 40],
      ['apac-network@2026-12-07T17:00', 240],
    ]);
    expect(context.correlation[0]?.rollback).toEqual({ environmentIds: ['acme-prod'], fromRelease: '2026.12.1' });
    expect(context.timeline.map((entry) => `${iso(entry.at)} ${entry.kind}`)).toEqual([
      '2026-12-07T06:00:00Z maintenance',
      '2026-12-07T07:00:00Z maintenance',
      '2026-12-07T09:20:00Z deploy-started',
      '2026-12-07T09:32:00Z deploy-finished',
      '2026-12-07T10:00:00Z alert-firing',
      '2026-12-07T10:05:00Z declared',
      '2026-12-07T10:12:00Z status',
      '2026-12-07T10:15:00Z silence',
      '2026-12-07T10:40:00Z alert-firing',
    ]);
    expect(context.timeline.find((entry) => entry.kind === 'silence')?.text).toBe('Silenced acme-uat (noisy)');
    expect(context.linkOffers.map((offer) => offer.alertKey)).toEqual(['sim:fp-latency']);
    expect(context.problems).toEqual([]);
  });

  it('passes the ticket and what the console recorded into the timeline', async () => {
    const { deps } = fakes();
    const context = createIncidentContext(deps).forIncident(
      incident(),
      {
        ticket: { id: '10042', displayKey: 'OPS-412', url: null, marker: 'wf-inc-1', subject: '', description: '', status: 'In Progress', closed: false, record: null, updatedAt: 0, comments: [] },
        statuses: [{ at: ms('2026-12-07T10:12:10Z'), status: 'In Progress', by: 'jira-automation' }],
      },
      NOW,
      { events: [{ id: 'ack-1', at: ms('2026-12-07T10:06:00Z'), kind: 'acknowledged', by: 'Ben Okafor', text: 'Acknowledged', commentKey: null, ref: null }], statusPage: null },
    );
    expect(context.timeline.filter((entry) => entry.kind === 'acknowledged' || entry.kind === 'ticket-transition').map((entry) => [iso(entry.at), entry.who])).toEqual([
      ['2026-12-07T10:06:00Z', 'Ben Okafor'],
      ['2026-12-07T10:12:10Z', 'jira-automation'],
    ]);
  });

  it('shows when a linked alert resolved, and an alert back in the feed with the same start fires once', async () => {
    const fired = alert('fp-5xx', 'acme-prod', '2026-12-07T10:00:00Z');
    const latency = alert('fp-latency', 'acme-uat', '2026-12-07T10:40:00Z');
    const { deps } = fakes({
      alerts: [latency],
      resolved: [
        { alert: fired, resolvedAt: ms('2026-12-07T11:00:00Z') },
        { alert: latency, resolvedAt: ms('2026-12-07T10:45:00Z') },
      ],
    });
    const context = createIncidentContext(deps).forIncident(incident(), null, NOW);
    const alertRows = context.timeline.filter((entry) => entry.source === 'alerts' && entry.kind !== 'silence').map((entry) => `${iso(entry.at)} ${entry.kind} ${entry.ref}`);
    expect(alertRows).toEqual([
      '2026-12-07T10:00:00Z alert-firing sim:fp-5xx',
      '2026-12-07T10:40:00Z alert-firing sim:fp-latency',
      '2026-12-07T11:00:00Z alert-resolved sim:fp-5xx',
    ]);
    // The first alert is known from the resolved one: the lookback still runs from 10:00Z.
    expect(context.correlation[0]?.beforeFirstAlertMs).toBe(40 * MINUTE);
  });

  it('shows the rest and says so when the silences cannot be read', async () => {
    const { deps } = fakes({ silences: () => Promise.reject(new Error('Alertmanager (am-1) did not answer within 5 s')) });
    const context = await settled(deps);
    const view = context.forIncident(incident(), null, NOW);
    expect(view.problems).toEqual(['silences could not be read: Alertmanager (am-1) did not answer within 5 s']);
    expect(view.timeline.some((entry) => entry.kind === 'silence')).toBe(false);
    expect(view.correlation.map((change) => change.id)).toEqual(['d-acme-prod', 'apac-network@2026-12-07T17:00']);
  });

  it('never waits on the backends: silences are read in the background, at most every 15 seconds', async () => {
    const { deps, silenceCalls } = fakes();
    const context = createIncidentContext(deps);
    // The first read answers at once with what is known, and the silences follow.
    expect(context.forIncident(incident(), null, NOW).timeline.some((entry) => entry.kind === 'silence')).toBe(false);
    await settle();
    expect(context.forIncident(incident(), null, NOW + 1000).timeline.some((entry) => entry.kind === 'silence')).toBe(true);
    context.forIncident(incident(), null, NOW + 14_999);
    await settle();
    expect(silenceCalls()).toBe(1);
    context.forIncident(incident(), null, NOW + 15_000);
    await settle();
    expect(silenceCalls()).toBe(2);
  });

  it("merges the incident service's own entries into the surroundings, and answers each part at the clock's now", async () => {
    const { deps } = fakes();
    const context = await settled(deps);
    const own = [
      { id: 'status-0', at: ms('2026-12-07T10:05:00Z'), kind: 'declared' as const, who: 'Ana Ruiz', text: 'Declared sev1', source: 'console' as const, ref: null },
      { id: 'comment-7', at: ms('2026-12-07T10:41:00Z'), kind: 'note' as const, who: 'Ben Okafor', text: 'Rolling back', source: 'ticket' as const, ref: '7' },
    ];
    expect(context.timeline(incident(), own).map((entry) => `${iso(entry.at)} ${entry.id}`)).toEqual([
      '2026-12-07T06:00:00Z maintenance:apac-network@2026-12-07T17:00:start',
      '2026-12-07T07:00:00Z maintenance:apac-network@2026-12-07T17:00:end',
      '2026-12-07T09:20:00Z deploy:d-acme-prod:started',
      '2026-12-07T09:32:00Z deploy:d-acme-prod:finished',
      `2026-12-07T10:00:00Z alert:sim:fp-5xx:${ms('2026-12-07T10:00:00Z')}:firing`,
      '2026-12-07T10:05:00Z status-0',
      '2026-12-07T10:15:00Z silence:sim:s1:start',
      `2026-12-07T10:40:00Z alert:sim:fp-latency:${ms('2026-12-07T10:40:00Z')}:firing`,
      '2026-12-07T10:41:00Z comment-7',
    ]);
    expect(context.correlation(incident()).map((change) => change.id)).toEqual(['d-acme-prod', 'apac-network@2026-12-07T17:00']);
    expect(context.linkOffers(incident()).map((offer) => offer.alertKey)).toEqual(['sim:fp-latency']);
  });
});

describe('alert resolutions', () => {
  it('records an alert as resolved at the feed that no longer lists it, or lists it with a new start', () => {
    const resolutions = new AlertResolutions();
    const first = alert('fp-5xx', 'acme-prod', '2026-12-07T10:00:00Z');
    const other = alert('fp-disk', 'acme-uat', '2026-12-07T10:10:00Z');
    resolutions.observe([first, other], ms('2026-12-07T10:20:00Z'));
    resolutions.observe([other], ms('2026-12-07T11:00:00Z'));
    resolutions.observe([{ ...other, startsAt: ms('2026-12-07T11:30:00Z') }], ms('2026-12-07T11:30:10Z'));
    expect(resolutions.list().map((seen) => `${seen.alert.key} ${iso(seen.alert.startsAt)} ${seen.resolvedAt === null ? '-' : iso(seen.resolvedAt)}`)).toEqual([
      'sim:fp-5xx 2026-12-07T10:00:00Z 2026-12-07T11:00:00Z',
      'sim:fp-disk 2026-12-07T10:10:00Z 2026-12-07T11:30:10Z',
    ]);
  });

  it('forgets resolutions older than it keeps, and keeps no more than its limit', () => {
    const resolutions = new AlertResolutions(60 * MINUTE, 2);
    const alerts = ['a', 'b', 'c'].map((fingerprint) => alert(fingerprint, 'acme-prod', '2026-12-07T09:00:00Z'));
    resolutions.observe(alerts, ms('2026-12-07T09:30:00Z'));
    resolutions.observe([], ms('2026-12-07T10:00:00Z'));
    // All three resolved at 10:00Z; the limit keeps the last two.
    expect(resolutions.list().map((seen) => seen.alert.key)).toEqual(['sim:b', 'sim:c']);
    resolutions.observe([], ms('2026-12-07T11:00:01Z'));
    expect(resolutions.list()).toEqual([]);
  });
});

describe('slot swaps from a deployment record', () => {
  const record = (view: Partial<DeploymentView>, parts: { swapSentAt: number | null; swapped: boolean; swapBack?: boolean }): DeploymentRecord => ({
    key: 'watchfloor-d1',
    view: deploymentView({ id: 'd1', environmentId: 'acme-prod', version: '2026.12.1', state: 'succeeded', flow: 'staging-slot', ...view }),
    target: { remoteName: 'acme-prod', remoteTenant: null, variables: {}, swapBy: 'azure', swapBack: parts.swapBack ?? false, checks: [], noRunAfter: null },
    remoteLogCount: 0,
    swapped: parts.swapped,
    soakUntil: null,
    lastAnswerAt: null,
    startSentAt: 0,
    swapSentAt: parts.swapSentAt,
  });
  const at = ms('2026-12-07T09:28:00Z');

  it('a deploy swapped in, one swapped back after failed checks, a warm-slot rollback, and one never swapped', () => {
    expect(swapsOfRecord(record({}, { swapSentAt: at, swapped: true }))).toEqual([{ at, back: false }]);
    expect(swapsOfRecord(record({ state: 'rolled-back' }, { swapSentAt: at, swapped: false }))).toEqual([{ at, back: true }]);
    expect(swapsOfRecord(record({ action: 'rollback' }, { swapSentAt: at, swapped: false, swapBack: true }))).toEqual([{ at, back: true }]);
    expect(swapsOfRecord(record({ flow: 'direct' }, { swapSentAt: null, swapped: false }))).toEqual([]);
    // The swap was sent and did not complete.
    expect(swapsOfRecord(record({ state: 'failed' }, { swapSentAt: at, swapped: false }))).toEqual([]);
  });
});
