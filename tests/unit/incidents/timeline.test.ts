import { describe, expect, it } from 'vitest';
import type { SilenceView } from '../../../shared/contract/alerts.js';
import type { Incident } from '../../../shared/contract/incidents.js';
import type { PublicIncident, Ticket } from '../../../main/core/connectors/capabilities.js';
import { assembleTimeline, type ConsoleEvent, type MaintenanceOccurrence, type TimelineSources } from '../../../main/core/incidents/timeline.js';
import { deploymentView } from '../../support/deployment-view.js';
import { alert, incident, iso, ms } from './incident-fixture.js';

/**
 * Acme's incident: first alert 10:00Z (21:00 AEDT), declared 10:05Z, now 11:30Z; the lookback is
 * PT6H, so the timeline covers 04:00Z to 11:30Z. In scope: Acme production and UAT.
 */
const period = { from: ms('2026-12-07T04:00:00Z'), to: ms('2026-12-07T11:30:00Z') };
const scope = new Set(['acme-prod', 'acme-uat']);

const theIncident = incident({
  communications: [{ itemId: 'status-page', at: ms('2026-12-07T10:12:00Z'), by: 'Ben Okafor', to: 'status page subscribers', said: 'We are investigating failures saving timesheets.' }],
});

const events: ConsoleEvent[] = [
  { id: 'note-1', at: ms('2026-12-07T10:20:00Z'), kind: 'note', by: 'Ben Okafor', text: 'Errors began after the 2026.12.1 deploy', commentKey: 'wf-note-1', ref: null },
  { id: 'sev-1', at: ms('2026-12-07T10:25:00Z'), kind: 'severity', by: 'Ana Ruiz', text: 'Sev2 → Sev1', commentKey: null, ref: null },
];

const ticket: Ticket = {
  id: '10042',
  displayKey: 'OPS-412',
  url: null,
  marker: 'wf-inc-1',
  subject: 'Acme timesheets fail to save',
  description: '',
  status: 'In Progress',
  closed: false,
  record: null,
  updatedAt: ms('2026-12-07T10:22:00Z'),
  comments: [
    // The note above, as the console posted it to the ticket: shown once, as the note.
    { id: 'c1', author: 'Ben Okafor', text: 'Errors began after the 2026.12.1 deploy', at: ms('2026-12-07T10:20:30Z'), key: 'wf-note-1', visibility: 'internal' },
    { id: 'c2', author: 'Chris Lee', text: 'Customer reports the same from Perth', at: ms('2026-12-07T10:22:00Z'), key: null, visibility: 'customer' },
  ],
};

const silence = (id: string, input: Partial<SilenceView>): SilenceView => ({
  id,
  connectionId: 'sim',
  matchers: [],
  startsAt: 0,
  endsAt: 0,
  createdBy: 'Ana Ruiz',
  comment: '',
  state: 'active',
  ...input,
});

const maintenance: MaintenanceOccurrence[] = [
  { key: 'apac-network@2026-12-07T17:00', windowId: 'apac-network', kind: 'planned-maintenance', title: 'APAC network maintenance', start: ms('2026-12-07T06:00:00Z'), end: ms('2026-12-07T07:00:00Z'), environmentIds: ['acme-prod', 'acme-uat', 'cobalt-prod'] },
  { key: 'acme-db-patch@2026-12-06T23:00', windowId: 'acme-db-patch', kind: 'planned-maintenance', title: 'Acme database patching', start: ms('2026-12-06T12:00:00Z'), end: ms('2026-12-06T14:00:00Z'), environmentIds: ['acme-prod', 'acme-uat'] },
  { key: 'uk-network@2026-12-07T08:00', windowId: 'uk-network', kind: 'planned-maintenance', title: 'UK network maintenance', start: ms('2026-12-07T08:00:00Z'), end: ms('2026-12-07T09:00:00Z'), environmentIds: ['brit-prod'] },
];

const statusPage: PublicIncident = {
  id: 'sp-1',
  marker: 'wf-inc-1',
  name: 'Timesheets cannot be saved',
  status: 'investigating',
  url: null,
  updates: [{ id: 'u1', status: 'investigating', body: 'We are investigating failures saving timesheets in APAC.', at: ms('2026-12-07T10:30:00Z') }],
};

function sources(overrides: Partial<TimelineSources> = {}): TimelineSources {
  return {
    incident: theIncident,
    events,
    ticket: { ticket, statuses: [{ at: ms('2026-12-07T10:12:10Z'), status: 'In Progress', by: null }] },
    alerts: [
      { alert: alert('fp-5xx', 'acme-prod', '2026-12-07T10:00:00Z'), resolvedAt: ms('2026-12-07T11:00:00Z') },
      { alert: alert('fp-latency', 'acme-uat', '2026-12-07T10:40:00Z', { name: 'SlowResponses', severity: 'warning', summary: 'p95 over 2 s' }), resolvedAt: null },
      { alert: alert('fp-brit', 'brit-prod', '2026-12-07T10:10:00Z'), resolvedAt: null },
      { alert: alert('fp-nowhere', null, '2026-12-07T10:10:00Z'), resolvedAt: null },
      { alert: alert('fp-old', 'acme-prod', '2026-12-07T03:00:00Z'), resolvedAt: ms('2026-12-07T03:30:00Z') },
    ],
    silences: [
      { silence: silence('s1', { startsAt: ms('2026-12-07T10:15:00Z'), endsAt: ms('2026-12-07T12:15:00Z'), comment: 'noisy during the incident' }), environmentIds: ['acme-uat'] },
      { silence: silence('s2', { startsAt: ms('2026-12-07T10:15:00Z'), endsAt: ms('2026-12-07T12:15:00Z') }), environmentIds: ['brit-prod'] },
      { silence: silence('s3', { createdBy: 'Dee Park', startsAt: ms('2026-12-07T09:00:00Z'), endsAt: ms('2026-12-07T09:30:00Z'), comment: 'deploy', state: 'expired' }), environmentIds: ['acme-prod', 'cobalt-prod'] },
    ],
    deployments: [
      {
        deployment: deploymentView({
          id: 'd-acme-prod',
          environmentId: 'acme-prod',
          environmentName: 'Acme production',
          version: '2026.12.1',
          previousVersion: '2026.11.3',
          flow: 'staging-slot',
          state: 'succeeded',
          requestedBy: 'Dee Park',
          startedAt: ms('2026-12-07T09:20:00Z'),
          finishedAt: ms('2026-12-07T09:32:00Z'),
        }),
        swaps: [{ at: ms('2026-12-07T09:28:00Z'), back: false }],
      },
      {
        deployment: deploymentView({
          id: 'd-acme-uat-rb',
          action: 'rollback',
          environmentId: 'acme-uat',
          environmentName: 'Acme UAT',
          version: '2026.11.3',
          state: 'succeeded',
          requestedBy: 'Dee Park',
          startedAt: ms('2026-12-07T07:30:00Z'),
          finishedAt: ms('2026-12-07T07:41:00Z'),
        }),
        swaps: [],
      },
      { deployment: deploymentView({ id: 'd-brit', environmentId: 'brit-prod', version: '2026.12.1', state: 'succeeded', startedAt: ms('2026-12-07T09:40:00Z'), finishedAt: ms('2026-12-07T09:45:00Z') }), swaps: [] },
      { deployment: deploymentView({ id: 'd-old', environmentId: 'acme-prod', version: '2026.11.3', state: 'succeeded', startedAt: ms('2026-12-07T02:00:00Z'), finishedAt: ms('2026-12-07T02:10:00Z') }), swaps: [] },
    ],
    maintenance,
    statusPage,
    scope,
    period,
    ...overrides,
  };
}

const rows = (entries: ReturnType<typeof assembleTimeline>) => entries.map((entry) => [iso(entry.at), entry.kind, entry.who, entry.source]);

describe('the incident timeline', () => {
  it('puts everything in scope and in the period in order, each with who and when', () => {
    expect(rows(assembleTimeline(sources()))).toEqual([
      ['2026-12-07T06:00:00Z', 'maintenance', null, 'calendar'],
      ['2026-12-07T07:00:00Z', 'maintenance', null, 'calendar'],
      ['2026-12-07T07:30:00Z', 'rollback-started', 'Dee Park', 'deploys'],
      ['2026-12-07T07:41:00Z', 'rollback-finished', null, 'deploys'],
      ['2026-12-07T09:00:00Z', 'silence', 'Dee Park', 'alerts'],
      ['2026-12-07T09:20:00Z', 'deploy-started', 'Dee Park', 'deploys'],
      ['2026-12-07T09:28:00Z', 'slot-swap', null, 'deploys'],
      ['2026-12-07T09:30:00Z', 'silence', null, 'alerts'],
      ['2026-12-07T09:32:00Z', 'deploy-finished', null, 'deploys'],
      ['2026-12-07T10:00:00Z', 'alert-firing', null, 'alerts'],
      ['2026-12-07T10:05:00Z', 'declared', 'Ana Ruiz', 'console'],
      // Same instant: the status change before the communication (the contract's kind order).
      ['2026-12-07T10:12:00Z', 'status', 'Ana Ruiz', 'console'],
      ['2026-12-07T10:12:00Z', 'comms', 'Ben Okafor', 'console'],
      ['2026-12-07T10:12:10Z', 'ticket-transition', null, 'ticket'],
      ['2026-12-07T10:15:00Z', 'silence', 'Ana Ruiz', 'alerts'],
      ['2026-12-07T10:20:00Z', 'note', 'Ben Okafor', 'console'],
      ['2026-12-07T10:22:00Z', 'ticket-comment', 'Chris Lee', 'ticket'],
      ['2026-12-07T10:25:00Z', 'severity', 'Ana Ruiz', 'console'],
      ['2026-12-07T10:30:00Z', 'status-page', null, 'status-page'],
      ['2026-12-07T10:40:00Z', 'alert-firing', null, 'alerts'],
      ['2026-12-07T11:00:00Z', 'alert-resolved', null, 'alerts'],
    ]);
  });

  it('says what happened in words', () => {
    const text = new Map(assembleTimeline(sources()).map((entry) => [`${iso(entry.at)} ${entry.kind}`, entry.text]));
    expect(text.get('2026-12-07T06:00:00Z maintenance')).toBe('Planned maintenance "APAC network maintenance" began on acme-prod and acme-uat');
    expect(text.get('2026-12-07T07:41:00Z rollback-finished')).toBe('Rollback to 2026.11.3 on Acme UAT succeeded');
    expect(text.get('2026-12-07T09:00:00Z silence')).toBe('Silenced acme-prod (deploy)');
    expect(text.get('2026-12-07T09:28:00Z slot-swap')).toBe('Staging slot swapped into production on Acme production (2026.12.1)');
    expect(text.get('2026-12-07T10:00:00Z alert-firing')).toBe('HighErrorRate (critical) firing on acme-prod: 5xx above 5 % on acme-prod');
    expect(text.get('2026-12-07T10:05:00Z declared')).toBe('Declared Acme timesheets fail to save');
    expect(text.get('2026-12-07T10:12:00Z status')).toBe('Status triage → investigating');
    expect(text.get('2026-12-07T10:12:00Z comms')).toBe('Told status page subscribers: We are investigating failures saving timesheets.');
    expect(text.get('2026-12-07T10:12:10Z ticket-transition')).toBe('OPS-412 moved to In Progress');
    expect(text.get('2026-12-07T10:22:00Z ticket-comment')).toBe('Customer-visible comment on OPS-412: Customer reports the same from Perth');
    expect(text.get('2026-12-07T10:30:00Z status-page')).toBe('Status page (investigating): We are investigating failures saving timesheets in APAC.');
  });

  it('shows a note that went to the ticket once, and a comment the console did not write with its author', () => {
    const entries = assembleTimeline(sources());
    expect(entries.filter((entry) => entry.text.includes('Errors began after')).map((entry) => entry.source)).toEqual(['console']);
    // Without the console's own record of the note, its ticket comment is all there is, and it shows.
    const withoutEvents = assembleTimeline(sources({ events: [] }));
    expect(withoutEvents.filter((entry) => entry.text.includes('Errors began after')).map((entry) => [entry.kind, entry.who])).toEqual([['ticket-comment', 'Ben Okafor']]);
  });

  it('gives every entry an id of its own that stays the same, in the same order, whatever order the sources come in', () => {
    const first = assembleTimeline(sources());
    const input = sources();
    const reversed = assembleTimeline({
      ...input,
      events: [...input.events].reverse(),
      alerts: [...input.alerts].reverse(),
      silences: [...input.silences].reverse(),
      deployments: [...input.deployments].reverse(),
      maintenance: [...input.maintenance].reverse(),
    });
    expect(reversed.map((entry) => entry.id)).toEqual(first.map((entry) => entry.id));
    expect(new Set(first.map((entry) => entry.id)).size).toBe(first.length);
    expect(first.find((entry) => entry.kind === 'declared')?.id).toBe('console:declared');
    expect(first.find((entry) => entry.kind === 'deploy-started')).toMatchObject({ id: 'deploy:d-acme-prod:started', ref: 'd-acme-prod' });
  });

  it('ends at the close: what came after it is not part of the incident', () => {
    const closed: Incident = {
      ...theIncident,
      status: 'closed',
      history: [
        ...theIncident.history,
        { at: ms('2026-12-07T10:45:00Z'), status: 'resolved', hold: null, by: 'Ana Ruiz' },
        { at: ms('2026-12-07T10:50:00Z'), status: 'closed', hold: null, by: 'Ana Ruiz' },
      ],
    };
    const entries = assembleTimeline(sources({ incident: closed, period: { from: period.from, to: ms('2026-12-07T10:50:00Z') } }));
    expect(rows(entries.slice(-3))).toEqual([
      ['2026-12-07T10:40:00Z', 'alert-firing', null, 'alerts'],
      ['2026-12-07T10:45:00Z', 'status', 'Ana Ruiz', 'console'],
      ['2026-12-07T10:50:00Z', 'status', 'Ana Ruiz', 'console'],
    ]);
  });

  it('tells a hold from a change of status', () => {
    const held: Incident = {
      ...theIncident,
      history: [
        ...theIncident.history,
        { at: ms('2026-12-07T10:50:00Z'), status: 'investigating', hold: 'waiting-for-customer', by: 'Ana Ruiz' },
        { at: ms('2026-12-07T11:10:00Z'), status: 'investigating', hold: null, by: 'Ana Ruiz' },
      ],
    };
    const statuses = assembleTimeline(sources({ incident: held })).filter((entry) => entry.kind === 'status');
    expect(statuses.map((entry) => entry.text)).toEqual(['Status triage → investigating', 'On hold: waiting for customer', 'Hold ended; investigating again']);
  });

  it('shows the linked alerts even where they name no environment', () => {
    const entries = assembleTimeline(sources({ incident: { ...theIncident, alertIds: ['sim:fp-5xx', 'sim:fp-nowhere'] } }));
    expect(entries.filter((entry) => entry.ref === 'sim:fp-nowhere').map((entry) => [iso(entry.at), entry.kind])).toEqual([['2026-12-07T10:10:00Z', 'alert-firing']]);
  });
});
