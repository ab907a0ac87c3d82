import { describe, expect, it } from 'vitest';
import { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import { chatPosts, incidentLink, statusCard, type ChatFacts } from '../../../main/core/incidents/chat-messages.js';
import { channelName } from '../../../main/core/connectors/slack/slack-chat.js';
import { fleet, incident, ms } from './incident-fixture.js';

/** What an incident's channel is told: the fixture's Sev1 on Acme (APAC, Australia/Sydney), declared 10:05Z on 7 December 2026. */

const facts = (input: Partial<ChatFacts> = {}): ChatFacts => ({
  definition: fleet,
  incident: incident(),
  ticket: { displayKey: 'OPS-412', url: 'https://acme.atlassian.net/browse/OPS-412' },
  sla: [],
  correlation: [],
  consoleUrl: 'watchfloor://',
  now: ms('2026-12-07T10:30:00Z'),
  ...input,
});

describe('chat messages of an incident', () => {
  it('posts the declaration and each status change with a key per event, in the region\'s local time', () => {
    const posts = chatPosts(facts());
    expect(posts.map((post) => post.key)).toEqual(['inc-1.declared', 'inc-1.status.1']);
    // 10:05Z is 21:05 AEDT (UTC+11 in December) in Sydney; 10:12Z is 21:12 AEDT. The impact names no environment: "all environments" (README).
    expect(posts[0]?.lines).toEqual([
      'Sev1 declared: Acme timesheets fail to save. Regions: APAC. Customers: Acme. Environments: all environments. Affected: saving timesheets. Commander: Ana Ruiz. Ticket: OPS-412 (https://acme.atlassian.net/browse/OPS-412). Since 21:05 AEDT on Monday 7 December 2026 in APAC.',
    ]);
    expect(posts[1]?.lines).toEqual(['Status changed from triage to investigating by Ana Ruiz at 21:12 AEDT on Monday 7 December 2026 in APAC.']);
    expect(posts.every((post) => post.link === 'watchfloor://incident/inc-1')).toBe(true);
  });

  it('uses the fleet file\'s templates, and keeps the same keys whatever the words', () => {
    const definition = FleetDefinition.parse({ ...fleet, incidents: { chatMessages: { status: '{previous} → {status} ({by}, {time})' } } });
    const posts = chatPosts(facts({ definition }));
    expect(posts[1]).toMatchObject({ key: 'inc-1.status.1', lines: ['triage → investigating (Ana Ruiz, 21:12 AEDT on Monday 7 December 2026 in APAC)'] });
  });

  it('refuses a template with a placeholder it does not know, naming it', () => {
    const parsed = FleetDefinition.safeParse({ ...fleet, incidents: { chatMessages: { closed: 'Closed by {who}' } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('unknown placeholder {who}');
  });

  it('posts a status-page update, an SLA warning and breach, and a suspected deployment once each', () => {
    const posts = chatPosts(
      facts({
        incident: incident({ communications: [{ itemId: 'status-page', at: ms('2026-12-07T10:20:00Z'), by: 'Ana Ruiz', to: 'status page', said: 'We are investigating.' }] }),
        sla: [
          {
            kind: 'response',
            target: 'PT15M',
            targetMs: 900_000,
            state: 'stopped',
            elapsedMs: 420_000,
            remainingMs: 480_000,
            breached: false,
            breachAt: null,
            warnings: [{ percent: 50, at: ms('2026-12-07T10:12:30Z'), passed: true }],
            source: 'console',
          },
          {
            kind: 'resolution',
            target: 'PT4H',
            targetMs: 14_400_000,
            state: 'running',
            elapsedMs: 15_000_000,
            remainingMs: -600_000,
            breached: true,
            breachAt: ms('2026-12-07T14:05:00Z'),
            warnings: [{ percent: 75, at: null, passed: false }],
            source: 'console',
          },
        ],
        correlation: [
          { kind: 'deployment', id: 'dep-9', title: '2026.12.1 to Acme production', environmentIds: ['acme-prod'], startedAt: ms('2026-12-07T09:40:00Z'), finishedAt: null, beforeFirstAlertMs: 1_200_000, state: 'succeeded', rollback: null },
        ],
      }),
    );
    expect(posts.map((post) => post.key)).toEqual(['inc-1.declared', 'inc-1.deployment.dep-9', 'inc-1.status.1', 'inc-1.sla.response.50', 'inc-1.status-page.1796638800000', 'inc-1.sla.resolution.breached']);
    expect(posts[1]?.lines).toEqual(['Suspected change: 2026.12.1 to Acme production (succeeded) in scope, started 20:40 AEDT on Monday 7 December 2026 in APAC.']);
    expect(posts[4]?.lines).toEqual(['Status page updated by Ana Ruiz at 21:20 AEDT on Monday 7 December 2026 in APAC: "We are investigating."']);
    expect(posts[5]?.lines).toEqual(['The resolution SLA was breached at 01:05 AEDT on Tuesday 8 December 2026 in APAC.']);
  });

  it('keeps one card with the incident as it stands', () => {
    const card = statusCard(facts({ incident: incident({ hold: 'waiting-for-vendor', reviewPageUrl: 'https://acme.atlassian.net/wiki/x/1' }) }));
    expect(card.key).toBe('inc-1.card');
    expect(card.title).toBe('inc-1 Sev1: Acme timesheets fail to save');
    expect(card.lines).toContain('Status: investigating (on hold: waiting-for-vendor)');
    expect(card.lines).toContain('Commander: Ana Ruiz. Responders: Ben Okafor.');
    expect(card.lines).toContain('Lessons-learnt review: https://acme.atlassian.net/wiki/x/1');
  });

  it('links into the desktop app or the browser host', () => {
    expect(incidentLink('watchfloor://', 'INC-2291')).toBe('watchfloor://incident/INC-2291');
    expect(incidentLink('http://127.0.0.1:7420/', 'INC-2291')).toBe('http://127.0.0.1:7420/#incident/INC-2291');
  });

  it('names a Slack channel from the incident by Slack\'s rules', () => {
    // docs.slack.dev conversations.create: lower case, no spaces or periods, at most 80 characters.
    expect(channelName('inc', 'INC-2291', 'APAC timesheets')).toBe('inc-2291-apac-timesheets');
    expect(channelName('inc', 'INC-2291', 'Zürich: v2.1 exports (EU)')).toBe('inc-2291-zurich-v2-1-exports-eu');
    expect(channelName('ops', 'INC-1', '')).toBe('ops-inc-1');
  });
});
