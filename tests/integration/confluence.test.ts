import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorsWithSecret } from '../support/backend-clients.js';
import { ConfluenceBackend } from '../../shared/fleet-definition/schema.js';
import type { IncidentReview } from '../../shared/contract/incidents.js';
import type { ReviewPages } from '../../main/core/connectors/capabilities.js';
import { reviewPage } from '../../main/core/incidents/review-page.js';
import { FaultProxy } from '../faults/support/fault-proxy.js';
import { ConfluenceFake } from '../support/fakes/confluence-fake.js';
import { fleet, incident, ms } from '../unit/incidents/incident-fixture.js';

/** Lessons-learnt reviews on a local Confluence Cloud fake that follows Atlassian's published REST v2 API, through the connector the registry builds. */

const EMAIL = 'ops-bot@example.com';
const TOKEN = 'ATATT3xFfGF0-confluence-token';

let wiki: ConfluenceFake;

beforeAll(async () => {
  wiki = await new ConfluenceFake({ email: EMAIL, apiToken: TOKEN, spaceId: '98304', parentId: '65537', pageCap: 1 }).start();
});

afterAll(async () => {
  await wiki?.close();
});

function pages(url: string): ReviewPages {
  const backend = ConfluenceBackend.parse({
    id: 'wiki',
    kind: 'confluence',
    url,
    auth: { type: 'basic', username: EMAIL, password: { store: 'env', variable: 'TEST_CONFLUENCE_TOKEN' } },
    timeoutMs: 3000,
    spaceId: '98304',
    reviewsParentId: '65537',
    runbooks: { cpu: '131073' },
  });
  const found = connectorsWithSecret([backend], TOKEN, { resilience: { backoffBaseMs: 20 } }).get('wiki')?.reviewPages;
  if (!found) throw new Error('the registry made no review pages for a confluence backend');
  return found;
}

const signal = () => AbortSignal.timeout(20_000);

const review = (rootCause: string): IncidentReview => ({
  summary: 'Timesheets failed to save for 40 minutes.',
  rootCause,
  wentWell: 'Paging reached the commander in 2 minutes.',
  wentBadly: 'The rollback waited for a freeze override.',
  timeline: [{ at: ms('2026-12-07T10:05:00Z'), text: 'Declared after 5xx alerts' }],
  actionItems: [{ title: 'Alert on save latency', owner: 'Dana', due: '2026-12-20', ticket: 'OPS-9' }],
  customerRootCause: '',
});

const pageOf = (id: string, rootCause: string) => reviewPage(fleet, incident({ id }), review(rootCause), `watchfloor://incident/${id}`, 'OPS-1');

describe('Confluence review pages', () => {
  it('publishes the review once under the parent, with the incident in a content property, and updates it in place with the next version', async () => {
    const wikiPages = pages(wiki.url);
    const first = await wikiPages.publish(pageOf('INC-7001', 'A pool of <10> connections & no "retry"'), signal());
    expect(wiki.reviewsOf('INC-7001')).toHaveLength(1);
    const held = wiki.reviewsOf('INC-7001')[0];
    expect(held?.parentId).toBe('65537');
    expect(first).toEqual({ id: held?.id, version: 1, url: `${wiki.url}/wiki/spaces/OPS/pages/${held?.id}` });
    // XML's entities, as storage format takes them.
    expect(held?.body).toContain('A pool of &lt;10&gt; connections &amp; no &quot;retry&quot;');
    // 21:05 AEDT in Sydney is 10:05Z on 7 December 2026.
    expect(held?.body).toContain('21:05 AEDT on Monday 7 December 2026 in APAC');

    // The same review again: found by its property, nothing new.
    expect((await pages(wiki.url).publish(pageOf('INC-7001', 'A pool of <10> connections & no "retry"'), signal())).version).toBe(1);
    const changed = await pages(wiki.url).publish(pageOf('INC-7001', 'The pool was sized for 10 connections'), signal());
    expect(changed.version).toBe(2);
    expect(wiki.reviewsOf('INC-7001')).toHaveLength(1);
    expect(wiki.reviewsOf('INC-7001')[0]?.version).toBe(2);
  });

  it('makes one page when Confluence made it but the answer was lost', async () => {
    const proxy = await FaultProxy.start(wiki.url);
    try {
      proxy.arm('POST', /^\/wiki\/api\/v2\/pages$/, { kind: 'drop-answer' }, 1);
      const published = await pages(proxy.url).publish(pageOf('INC-7002', 'Lost'), signal());
      expect(wiki.pages.filter((page) => page.title.startsWith('INC-7002:'))).toHaveLength(1);
      expect(wiki.reviewsOf('INC-7002').map((page) => page.id)).toEqual([published.id]);
    } finally {
      await proxy.close();
    }
  });

  it('adopts the page a cut-short publish made before it could set the property', async () => {
    const proxy = await FaultProxy.start(wiki.url);
    try {
      proxy.arm('POST', /^\/wiki\/api\/v2\/pages\/\d+\/properties$/, { kind: 'status', status: 503 }, 5);
      await expect(pages(proxy.url).publish(pageOf('INC-7003', 'Cut short'), signal())).rejects.toThrow();
    } finally {
      await proxy.close();
    }
    expect(wiki.pages.filter((page) => page.title.startsWith('INC-7003:'))).toHaveLength(1);
    expect(wiki.reviewsOf('INC-7003')).toHaveLength(0);
    await pages(wiki.url).publish(pageOf('INC-7003', 'Cut short'), signal());
    expect(wiki.pages.filter((page) => page.title.startsWith('INC-7003:'))).toHaveLength(1);
    expect(wiki.reviewsOf('INC-7003')).toHaveLength(1);
  });

  it('names the runbook page of a check, and says what Confluence refused', async () => {
    expect(pages(wiki.url).runbookUrl('cpu')).toBe(`${wiki.url}/wiki/pages/viewpage.action?pageId=131073`);
    expect(pages(wiki.url).runbookUrl('disk')).toBeNull();
    const backend = ConfluenceBackend.parse({
      id: 'wiki',
      kind: 'confluence',
      url: wiki.url,
      auth: { type: 'basic', username: EMAIL, password: { store: 'env', variable: 'TEST_CONFLUENCE_TOKEN' } },
      spaceId: '98304',
      reviewsParentId: '999',
    });
    const wrongParent = connectorsWithSecret([backend], TOKEN).get('wiki')?.reviewPages;
    await expect(wrongParent?.publish(pageOf('INC-7004', 'x'), signal())).rejects.toThrow('Page 999 not found');
  });
});
