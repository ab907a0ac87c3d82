import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../../shared/contract/methods.js';
import { readRecord } from '../../../main/core/incidents/ticket-record.js';
import type { Clock } from '../../../main/core/clock.js';
import { createOpsCore, type OpsCore } from '../../../main/core/ops-core.js';
import { MemoryStatusPage } from '../../support/memory-status-page.js';
import { MemoryTicketing } from '../../support/memory-ticketing.js';
import { ManualClock, useTempDirs } from '../../support/temp.js';
import { eventually, startIncidentCore, type IncidentCore } from './incident-core.js';

const tempDir = useTempDirs();
const cores: OpsCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

function start(tickets: MemoryTicketing | null, operator = 'ana', statusPage?: MemoryStatusPage, clock?: Clock): IncidentCore {
  const started = startIncidentCore(tempDir(), tickets, operator, statusPage, clock);
  cores.push(started.core);
  return started;
}

const IMPACT = { customers: ['harbour'], environments: ['harbour-prod'], regions: ['apac'], features: 'Sign-in fails' };

async function declare(console: IncidentCore, severity = 'sev2', alertKeys: string[] = []) {
  return console.call('incidents.declare', { title: 'Sign-in failing', severity, impact: IMPACT, commander: 'ana', alertKeys });
}

function notesOn(tickets: MemoryTicketing, incidentId: string): string[] {
  return (tickets.byMarker(`wf-${incidentId}`)?.comments ?? []).map((comment) => comment.text);
}

describe('incidents: the ticket as system of record', () => {
  it('declares an incident with one ticket that carries its marker and the console record', async () => {
    const tickets = new MemoryTicketing();
    const ana = start(tickets);
    const summary = await declare(ana);
    expect(summary.ticket?.displayKey).toBe('OPS-1');
    expect(summary.pending).toBe(0);
    const ticket = tickets.byMarker(`wf-${summary.id}`);
    const record = readRecord(ticket?.record ?? null);
    expect(record.ok && record.record.incident.severity).toBe('sev2');
    expect(record.ok && record.record.incident.commander).toBe('ana');
    expect(tickets.tickets.size).toBe(1);
  });

  it('pre-fills the scope with each customer region and local zone from the fleet file', async () => {
    const ana = start(new MemoryTicketing());
    const scope = await ana.call('incidents.scope', { environmentIds: ['thames-prod'] });
    expect(scope.impact).toEqual({ customers: ['thames'], environments: ['thames-prod'], regions: ['emea'], features: '' });
    expect(scope.scope).toContainEqual({ kind: 'customer', id: 'thames', name: 'Thames Trust', regionId: 'emea', timeZone: 'Europe/London' });
    // The fleet file's own words for Sev1; the other severities keep the README's defaults.
    expect(scope.severityMeanings.sev1).toBe('Harbour or Thames cannot admit patients');
    expect(scope.severityMeanings.sev4).toMatch(/^Low: a cosmetic fault/);
  });

  it('never opens a second incident for an alert that an open incident already has', async () => {
    const ana = start(new MemoryTicketing());
    const first = await declare(ana, 'sev2', ['sim/abc']);
    const error = await ana.fail('incidents.declare', { title: 'Again', severity: 'sev2', impact: IMPACT, commander: 'ana', alertKeys: ['sim/abc'] });
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain(first.id);
    expect((await ana.call('incidents.scope', { alertKeys: ['sim/abc'] })).existingIncidentId).toBe(first.id);
  });

  it('shows a change made on one console on another after one poll', async () => {
    const tickets = new MemoryTicketing();
    const ana = start(tickets, 'ana');
    const ben = start(tickets, 'ben');
    const { id } = await declare(ana);
    await eventually(async () => expect((await ben.call('incidents.get', { id })).incident.status).toBe('triage'));
    await ana.call('incidents.setStatus', { id, status: 'investigating' });
    await ana.call('incidents.handOver', { id, commander: 'carla' });
    await eventually(async () => {
      const seen = (await ben.call('incidents.get', { id })).incident;
      expect([seen.status, seen.commander]).toEqual(['investigating', 'carla']);
    });
    await ben.call('incidents.acknowledge', { id });
    await eventually(async () => expect((await ana.call('incidents.get', { id })).incident.responders).toContain('ben'));
  });

  it('shows a note made on another console in the same second as the last change, on a backend that stamps changes in whole seconds', async () => {
    // Redmine and ServiceNow stamp changes in whole seconds, and this backend lists tickets without their comments (as Jira does):
    // with both consoles' clocks held half-way into one second, every change falls in that second.
    const second = Math.floor(Date.now() / 1000) * 1000;
    const tickets = new MemoryTicketing(() => second);
    const clock = new ManualClock(second + 500);
    const ana = start(tickets, 'ana', undefined, clock);
    const ben = start(tickets, 'ben', undefined, clock);
    const { id } = await declare(ana);
    await eventually(async () => expect((await ben.call('incidents.get', { id })).incident.status).toBe('triage'));
    await ana.call('incidents.handOver', { id, commander: 'carla' });
    await eventually(async () => expect((await ben.call('incidents.get', { id })).incident.commander).toBe('carla'));
    await ben.call('incidents.addNote', { id, text: 'Certificate expired on the IdP' });
    await eventually(async () =>
      expect((await ana.call('incidents.get', { id })).timeline.some((entry) => entry.kind === 'note' && entry.text === 'Certificate expired on the IdP')).toBe(true),
    );
  });
});

describe('incidents: the offline outbox', () => {
  it('keeps notes and an acknowledgement while the backend is out of reach and delivers each once, in order, when it answers', async () => {
    const tickets = new MemoryTicketing();
    const ana = start(tickets);
    const { id } = await declare(ana);
    tickets.reachable = false;
    for (const text of ['first look: 502s from the login pods', 'rolled the pods', 'still failing']) await ana.call('incidents.addNote', { id, text });
    const acked = await ana.call('incidents.acknowledge', { id });
    expect(acked.pending).toBe(4);
    const page = await ana.call('incidents.get', { id });
    expect(page.outbox.map((entry) => entry.kind)).toEqual(['note', 'note', 'note', 'acknowledge']);
    expect(notesOn(tickets, id)).toEqual([]);
    tickets.reachable = true;
    await eventually(() => expect(notesOn(tickets, id)).toEqual(['first look: 502s from the login pods', 'rolled the pods', 'still failing', 'Acknowledged by ana']));
    await eventually(async () => expect((await ana.call('incidents.get', { id })).outbox).toEqual([]));
  });

  it('declares offline and makes exactly one ticket when the backend answers, even when that answer is lost', async () => {
    const tickets = new MemoryTicketing();
    tickets.reachable = false;
    const ana = start(tickets);
    const summary = await declare(ana, 'sev1');
    expect(summary.ticket).toBeNull();
    expect(summary.pending).toBe(1);
    await ana.call('incidents.addNote', { id: summary.id, text: 'declared from the train' });
    tickets.loseAnswers = 1;
    tickets.reachable = true;
    await eventually(() => expect(notesOn(tickets, summary.id)).toEqual(['declared from the train']));
    expect(tickets.tickets.size).toBe(1);
  });

  it('posts a note whose answer was lost once: the entry is in doubt and the backend is asked before it is sent again', async () => {
    const tickets = new MemoryTicketing();
    const ana = start(tickets);
    const { id } = await declare(ana);
    tickets.loseAnswers = 1;
    await ana.call('incidents.addNote', { id, text: 'only once' });
    await eventually(() => expect(notesOn(tickets, id)).toEqual(['only once']));
    await eventually(async () => expect((await ana.call('incidents.get', { id })).outbox).toEqual([]));
    expect(notesOn(tickets, id)).toEqual(['only once']);
  });

  it('holds a note as a conflict when the ticket was moved meanwhile, and sends it only when a person says so', async () => {
    const tickets = new MemoryTicketing();
    const ana = start(tickets);
    const { id } = await declare(ana);
    tickets.reachable = false;
    await ana.call('incidents.addNote', { id, text: 'written offline' });
    const ticket = tickets.byMarker(`wf-${id}`);
    if (!ticket) throw new Error('no ticket');
    tickets.moveTo(ticket.id, 'Closed');
    tickets.reachable = true;
    const [entry] = await eventually(async () => {
      const outbox = (await ana.call('incidents.get', { id })).outbox;
      expect(outbox[0]?.state).toBe('conflict');
      return outbox;
    });
    expect(entry?.conflict).toContain('"Open" to "Closed"');
    expect(notesOn(tickets, id)).toEqual([]);
    await ana.call('incidents.resolveConflict', { entryId: entry?.id, action: 'send-anyway' });
    await eventually(() => expect(notesOn(tickets, id)).toEqual(['written offline']));
  });

  it('withdraws a pending note so it never reaches the ticket', async () => {
    const tickets = new MemoryTicketing();
    const ana = start(tickets);
    const { id } = await declare(ana);
    tickets.reachable = false;
    await ana.call('incidents.addNote', { id, text: 'typo' });
    const [entry] = (await ana.call('incidents.get', { id })).outbox;
    expect(await ana.call('incidents.withdraw', { entryId: entry?.id })).toEqual({ withdrawn: true });
    tickets.reachable = true;
    await ana.call('incidents.addNote', { id, text: 'the real note' });
    expect(notesOn(tickets, id)).toEqual(['the real note']);
  });

  it('refuses offline, with the reason, what is never queued: a status change, a severity change, closing', async () => {
    const tickets = new MemoryTicketing();
    const ana = start(tickets);
    const { id } = await declare(ana);
    tickets.reachable = false;
    for (const [method, input] of [
      ['incidents.setStatus', { id, status: 'investigating' }],
      ['incidents.setSeverity', { id, severity: 'sev1', reason: 'more customers' }],
      ['incidents.close', { id }],
    ] as const) {
      const error = await ana.fail(method, input);
      expect(error.kind).toBe('unavailable');
      expect(error.message).toContain('never queued');
    }
    expect((await ana.call('incidents.get', { id })).outbox).toEqual([]);
  });
});

describe('incidents: the lessons-learnt gate', () => {
  const review = {
    summary: 'Sign-in failed for 40 minutes',
    rootCause: 'An expired signing certificate',
    wentWell: 'Alerted within a minute',
    wentBadly: 'No runbook for certificate rotation',
    timeline: [{ at: Date.parse('2026-12-07T10:00:00Z'), text: 'Certificate expired' }],
    actionItems: [{ title: 'Automate certificate rotation', owner: 'ana', due: '2027-01-15' }],
    customerRootCause: 'A security certificate expired and was renewed.',
  };

  it('refuses to close a Sev1 without a complete review, naming what is missing, and closes with one', async () => {
    const tickets = new MemoryTicketing();
    const ana = start(tickets);
    const { id } = await declare(ana, 'sev1');
    await ana.call('incidents.setStatus', { id, status: 'investigating' });
    await ana.call('incidents.setStatus', { id, status: 'resolved' });
    const refused = await ana.fail('incidents.close', { id });
    expect(refused.kind).toBe('forbidden');
    expect(refused.message).toContain('the review (none has been written)');
    await ana.call('incidents.saveReview', { id, review });
    const missingTicket = await ana.fail('incidents.close', { id });
    expect(missingTicket.message).toContain('action item 1 ("Automate certificate rotation"): ticket reference');
    const { actionItems } = await ana.call('incidents.createActionTickets', { id });
    expect(actionItems[0]?.ticket).toBe([...tickets.tickets.values()].find((made) => made.subject === 'Automate certificate rotation')?.displayKey);
    const closed = await ana.call('incidents.close', { id });
    expect(closed.status).toBe('closed');
    const ticket = tickets.byMarker(`wf-${id}`);
    expect(ticket?.status).toBe('Closed');
    expect(ticket?.comments.at(-1)?.text).toContain('Root cause: An expired signing certificate');
    const trail = await ana.call('audit.list', { query: { text: 'incidents.review' } });
    expect(trail.entries.map((entry) => [entry.target, entry.detail.includes('Root cause for customers: A security certificate expired')])).toEqual([[`incident ${id}`, true]]);
  });
});

describe('incidents: the status page', () => {
  it('posts a confirmed update live, opens one public incident, and ticks the checklist duty', async () => {
    const tickets = new MemoryTicketing();
    const page = new MemoryStatusPage();
    const ana = start(tickets, 'ana', page);
    const { id } = await declare(ana, 'sev1');
    const preview = await ana.call('incidents.previewStatusPost', { id, status: 'investigating' });
    expect(preview.componentImpact).toBe('major_outage');
    // The fleet's default template for investigating, filled in with the region and the impact.
    expect(preview.body).toMatch(/^We are investigating a problem in APAC that began at \d\d:\d\d AE[DS]T on .+\. Affected: Sign-in fails\. We will post an update/);
    const post = { id, status: 'investigating', body: 'We are looking into failed sign-ins.', componentImpact: 'major_outage', notifySubscribers: true, confirmed: true };
    await ana.call('incidents.publish', post);
    await ana.call('incidents.publish', { ...post, status: 'identified', body: 'An expired certificate; renewing it.' });
    expect(page.incidents.map((incident) => [incident.marker, incident.updates.map((update) => update.status)])).toEqual([[`wf-${id}`, ['investigating', 'identified']]]);
    // The region, its Sydney site, the customer and the environment of the impact.
    expect([...(page.posts[0]?.scopeIds ?? [])].sort()).toEqual(['apac', 'apac-syd', 'harbour', 'harbour-prod']);
    const detail = await ana.call('incidents.get', { id });
    expect(detail.comms.find((item) => item.id === 'status-page')?.doneAt).toHaveLength(1);
    // What the page answered, not a constant: its status after the last post and its public link.
    expect(detail.statusPage).toMatchObject({ id: 'sp-1', status: 'identified', url: `https://status.example/incidents/wf-${id}` });
  });

  it('keeps a status-update draft offline in the outbox, lets it be withdrawn, and delivers the kept one once as an internal comment, never to the page', async () => {
    const tickets = new MemoryTicketing();
    const page = new MemoryStatusPage();
    const ana = start(tickets, 'ana', page);
    const { id } = await declare(ana, 'sev1');
    tickets.reachable = false;
    await ana.call('incidents.saveStatusDraft', { id, status: 'investigating', body: 'Second thoughts.' });
    const saved = await ana.call('incidents.saveStatusDraft', { id, status: 'identified', body: 'An expired certificate; renewing it.' });
    expect(saved.pending).toBe(2);
    const offline = await ana.call('incidents.get', { id });
    expect(offline.outbox.map((entry) => [entry.kind, entry.state])).toEqual([
      ['status-draft', 'pending'],
      ['status-draft', 'pending'],
    ]);
    expect(offline.statusDraft).toMatchObject({ status: 'identified', body: 'An expired certificate; renewing it.', by: 'ana' });
    const [first] = offline.outbox;
    if (!first) throw new Error('no outbox entry');
    expect(await ana.call('incidents.withdraw', { entryId: first.id })).toEqual({ withdrawn: true });
    expect((await ana.call('incidents.get', { id })).outbox).toHaveLength(1);
    // The first try after the backend answers again loses its answer: the comment is found by its key, not posted twice.
    tickets.loseAnswers = 1;
    tickets.reachable = true;
    await eventually(async () => expect((await ana.call('incidents.get', { id })).outbox).toEqual([]));
    const comments = tickets.byMarker(`wf-${id}`)?.comments ?? [];
    expect(comments.map((comment) => [comment.text, comment.visibility])).toEqual([['Draft status-page update (identified): An expired certificate; renewing it.', 'internal']]);
    expect(page.posts).toEqual([]);
    expect(page.incidents).toEqual([]);
    // Delivered, the draft is still offered from the ticket's comment.
    await eventually(async () => expect((await ana.call('incidents.get', { id })).statusDraft).toMatchObject({ status: 'identified', body: 'An expired certificate; renewing it.' }));
  });

  it('shows an update made directly on the page in the timeline once, marked as made there, and the console\'s own posts once as the console\'s', async () => {
    const tickets = new MemoryTicketing();
    const page = new MemoryStatusPage();
    const ana = start(tickets, 'ana', page);
    // Sev3 has no status-page duty on its checklist: its posts are still the console's.
    const { id } = await declare(ana, 'sev3');
    const post = { id, status: 'investigating', body: 'We are looking into failed sign-ins.', componentImpact: 'degraded_performance', notifySubscribers: false, confirmed: true };
    await ana.call('incidents.publish', post);
    const [opened] = page.incidents;
    if (!opened) throw new Error('no incident on the page');
    page.postOnPage(opened.id, 'monitoring', 'A fix is out; we are watching sign-ins.');
    await ana.call('incidents.publish', { ...post, status: 'resolved', body: 'Sign-ins work again.' });

    const mentions = (timeline: Array<{ text: string; source: string; who: string | null }>, words: string) => timeline.filter((entry) => entry.text.includes(words));
    await eventually(async () => expect(mentions((await ana.call('incidents.get', { id })).timeline, 'A fix is out')).toHaveLength(1));
    // Several polls later, still once.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { timeline } = await ana.call('incidents.get', { id });
    const [onPage] = mentions(timeline, 'A fix is out');
    expect(onPage).toMatchObject({ kind: 'status-page', source: 'status-page', who: null });
    expect(onPage?.text).toMatch(/made on the status page, not through the console/i);
    for (const words of ['We are looking into failed sign-ins.', 'Sign-ins work again.']) {
      const own = mentions(timeline, words);
      expect(own).toHaveLength(1);
      expect(own[0]).toMatchObject({ source: 'console', who: 'ana' });
    }
  });

  it('names the person who wrote a draft, a note and the accepted review after they reached the ticket, not the backend\'s account', async () => {
    const tickets = new MemoryTicketing();
    const page = new MemoryStatusPage();
    const bea = start(tickets, 'Bea Ng', page);
    const { id } = await declare(bea, 'sev4');
    await bea.call('incidents.saveStatusDraft', { id, status: 'identified', body: 'An expired certificate; renewing it.' });
    await bea.call('incidents.addNote', { id, text: 'Renewed the certificate on the login pods.', visibility: 'internal' });
    await bea.call('incidents.setStatus', { id, status: 'investigating' });
    await bea.call('incidents.setStatus', { id, status: 'resolved' });
    await bea.call('incidents.close', { id });
    // The memory backend posts every comment as its own account, "watchfloor".
    expect(tickets.byMarker(`wf-${id}`)?.comments.map((comment) => comment.author)).toEqual(['watchfloor', 'watchfloor', 'watchfloor']);

    const detail = await bea.call('incidents.get', { id });
    expect(detail.outbox).toEqual([]);
    expect(detail.statusDraft).toMatchObject({ status: 'identified', by: 'Bea Ng' });
    const note = detail.timeline.find((entry) => entry.text.includes('Renewed the certificate'));
    expect(note).toMatchObject({ kind: 'note', who: 'Bea Ng' });
    const review = detail.timeline.find((entry) => entry.kind === 'review');
    expect(review?.who).toBe('Bea Ng');
  });

  it('refuses an unconfirmed post, and any post while the ticketing backend is out of reach, queuing nothing', async () => {
    const tickets = new MemoryTicketing();
    const page = new MemoryStatusPage();
    const ana = start(tickets, 'ana', page);
    const { id } = await declare(ana, 'sev1');
    const post = { id, status: 'investigating', body: 'Looking into it.', componentImpact: 'major_outage', notifySubscribers: true };
    expect((await ana.fail('incidents.publish', { ...post, confirmed: false })).kind).toBe('invalid-input');
    tickets.reachable = false;
    const offline = await ana.fail('incidents.publish', { ...post, confirmed: true });
    expect(offline.message).toContain('never queued');
    tickets.reachable = true;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(page.posts).toEqual([]);
  });
});

describe("incidents: a service desk's SLAs", () => {
  it('shows the SLA the service desk computes instead of the console computing it', async () => {
    const tickets = new MemoryTicketing(Date.now, { serviceDesk: true });
    const ana = start(tickets);
    const { id } = await declare(ana, 'sev2');
    const ticket = tickets.byMarker(`wf-${id}`);
    if (!ticket) throw new Error('no ticket');
    const hour = 3_600_000;
    tickets.slas.set(ticket.id, [{ name: 'Time to resolution', goalMs: 4 * hour, elapsedMs: hour, remainingMs: 3 * hour, breached: false, paused: true, completed: false }]);
    // Someone works the ticket in the desk: it changes, and the console reads it again with its SLAs.
    tickets.moveTo(ticket.id, 'Waiting for customer');
    const [response, resolution] = await eventually(async () => {
      const sla = (await ana.call('incidents.list', {})).items[0]?.sla ?? [];
      expect(sla[1]?.source).toBe('service-desk');
      return sla;
    });
    expect(resolution).toMatchObject({ kind: 'resolution', target: 'PT4H', targetMs: 4 * hour, state: 'paused', elapsedMs: hour, remainingMs: 3 * hour, breached: false });
    // Sev2's response target in the fleet file's defaults, computed by the console: the desk has none.
    expect(response).toMatchObject({ kind: 'response', source: 'console', target: 'PT30M' });
  });
});

describe('incidents: the list', () => {
  it('puts open incidents first, the most severe first, and counts the open ones by severity', async () => {
    const ana = start(new MemoryTicketing());
    const minor = await declare(ana, 'sev3');
    const critical = await declare(ana, 'sev1');
    const falseAlarm = await declare(ana, 'sev1');
    await ana.call('incidents.setStatus', { id: falseAlarm.id, status: 'cancelled' });
    const list = await ana.call('incidents.list', {});
    expect(list.items.map((item) => item.id)).toEqual([critical.id, minor.id, falseAlarm.id]);
    expect(list.counts).toEqual({ open: 2, bySeverity: { sev1: 1, sev2: 0, sev3: 1, sev4: 0 } });
    expect(list.ticketing).toMatchObject({ connectionId: 'tickets', reachable: true });
  });
});

describe('incidents without a ticketing backend', () => {
  it('keeps the incident on this workstation and says so', async () => {
    const ana = start(null);
    const { id } = await declare(ana);
    await ana.call('incidents.setStatus', { id, status: 'investigating' });
    const list = await ana.call('incidents.list', {});
    expect(list.ticketing.connectionId).toBeNull();
    expect(list.items.map((item) => [item.id, item.status])).toEqual([[id, 'investigating']]);
  });
});

describe('incidents on the simulated fleet (npm start)', () => {
  it("walks an incident through the sandbox's simulated ticketing backend", async () => {
    const dir = tempDir();
    const core = createOpsCore({ dataDir: dir, version: 'test', sandboxSize: 20, log: () => {}, operator: 'ana', incidents: { pollMs: 50 } });
    cores.push(core);
    const answer = async (method: MethodName, input: Record<string, unknown>) => {
      const result = await core.dispatch(method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value as { id: string; status: string; ticket: { displayKey: string } | null };
    };
    const declared = await answer('incidents.declare', { idempotencyKey: 'declare-1', title: 'Checkout errors', severity: 'sev2', impact: { features: 'Checkout' }, commander: 'ana' });
    expect(declared.ticket).not.toBeNull();
    await answer('incidents.addNote', { idempotencyKey: 'note-0001', id: declared.id, text: 'Looking at the payment gateway' });
    const moved = await answer('incidents.setStatus', { idempotencyKey: 'status-01', id: declared.id, status: 'investigating' });
    expect(moved.status).toBe('investigating');
    const page = (await core.dispatch('incidents.get', { id: declared.id })) as { ok: true; value: { ticket: { status: string }; timeline: Array<{ kind: string; text: string }>; ticketing: { name: string } } };
    expect(page.value.timeline.filter((entry) => entry.kind === 'note').map((entry) => entry.text)).toEqual(['Looking at the payment gateway']);
    expect(page.value.ticketing.name).not.toContain('no ticketing backend');
  });
});
