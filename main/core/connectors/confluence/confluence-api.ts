import { z } from 'zod';
import type { BackendClient } from '../../http/backend-client.js';
import { identify, parseAnswer } from '../prometheus/answer.js';

/**
 * The Confluence Cloud REST API v2 (developer.atlassian.com/cloud/confluence/rest/v2/) as the
 * console uses it: pages (create, read with their storage body, update with the next version
 * number), a page's children, and its content properties. Lists are paged by a cursor carried in
 * `_links.next`. Fields are reduced to what is read.
 */

const Version = z.looseObject({ number: z.number().int().positive() });

export const Page = z.looseObject({
  id: z.string().min(1),
  title: z.string(),
  status: z.string(),
  version: Version,
  body: z.looseObject({ storage: z.looseObject({ value: z.string() }).optional() }).optional(),
  /** `webui` is relative to the site's `/wiki`. */
  _links: z.looseObject({ webui: z.string().optional() }).optional(),
});
export type Page = z.infer<typeof Page>;

const Links = z.looseObject({ next: z.string().optional() }).optional();
const ChildPage = z.looseObject({ id: z.string().min(1), title: z.string() });
const Children = z.looseObject({ results: z.array(ChildPage), _links: Links });
const Property = z.looseObject({ id: z.string(), key: z.string(), value: z.unknown() });
const Properties = z.looseObject({ results: z.array(Property), _links: Links });
const Spaces = z.looseObject({ results: z.array(z.looseObject({ id: z.string(), name: z.string() })) });

/** How many pages of children are read: a parent of reviews holds some hundreds of them. */
const CHILD_PAGES = 20;

export interface PageFields {
  title: string;
  /** Confluence storage format (XHTML). */
  body: string;
}

export class ConfluenceApi {
  constructor(
    private readonly client: BackendClient,
    /** Names the backend in every error, e.g. `Confluence "wiki"`. */
    readonly label: string,
  ) {}

  /** A space it can see; `wrong-kind` when the server is not Confluence Cloud. */
  async space(spaceId: string, signal: AbortSignal): Promise<string> {
    const path = '/wiki/api/v2/spaces';
    const what = `${this.label} GET ${path}`;
    const spaces = await identify(
      this.client.json({ path, query: { ids: spaceId }, signal }).then((response) => parseAnswer(Spaces, response.body, what, 'wrong-kind')),
      'Confluence Cloud (REST v2)',
      what,
    );
    return spaces.results[0]?.name ?? `space ${spaceId} (not visible to the account)`;
  }

  async get(id: string, signal: AbortSignal): Promise<Page> {
    const path = `/wiki/api/v2/pages/${encodeURIComponent(id)}`;
    const response = await this.client.json({ path, query: { 'body-format': 'storage' }, signal });
    return parseAnswer(Page, response.body, `${this.label} GET ${path}`);
  }

  /** The child pages of a page, every page of the list (the cursor is in `_links.next`). */
  async children(id: string, signal: AbortSignal): Promise<Array<{ id: string; title: string }>> {
    const path = `/wiki/api/v2/pages/${encodeURIComponent(id)}/children`;
    const found: Array<{ id: string; title: string }> = [];
    let cursor: string | undefined;
    for (let page = 0; page < CHILD_PAGES; page++) {
      const response = await this.client.json({ path, query: { limit: 250, cursor }, signal });
      const answer = parseAnswer(Children, response.body, `${this.label} GET ${path}`);
      found.push(...answer.results);
      cursor = answer._links?.next ? (new URL(answer._links.next, 'http://next').searchParams.get('cursor') ?? undefined) : undefined;
      if (cursor === undefined) break;
    }
    return found;
  }

  /** Not retried: a create sent again after a lost answer would fail on the title, or make a second page. */
  async create(spaceId: string, parentId: string, fields: PageFields, signal: AbortSignal): Promise<Page> {
    const path = '/wiki/api/v2/pages';
    const body = { spaceId, status: 'current', title: fields.title, parentId, body: { representation: 'storage', value: fields.body } };
    const response = await this.client.json({ method: 'POST', path, body, idempotent: false, retryRateLimited: true, signal });
    return parseAnswer(Page, response.body, `${this.label} POST ${path}`);
  }

  /** With the next version number: sent twice, the second is refused (409) and nothing changes twice. */
  async update(id: string, version: number, fields: PageFields, signal: AbortSignal): Promise<Page> {
    const path = `/wiki/api/v2/pages/${encodeURIComponent(id)}`;
    const body = { id, status: 'current', title: fields.title, body: { representation: 'storage', value: fields.body }, version: { number: version, message: 'Updated by Watchfloor' } };
    const response = await this.client.json({ method: 'PUT', path, body, idempotent: false, retryRateLimited: true, signal });
    return parseAnswer(Page, response.body, `${this.label} PUT ${path}`);
  }

  async property(id: string, key: string, signal: AbortSignal): Promise<unknown> {
    const path = `/wiki/api/v2/pages/${encodeURIComponent(id)}/properties`;
    const response = await this.client.json({ path, query: { key }, signal });
    return parseAnswer(Properties, response.body, `${this.label} GET ${path}`).results.find((property) => property.key === key)?.value;
  }

  async setProperty(id: string, key: string, value: unknown, signal: AbortSignal): Promise<void> {
    const path = `/wiki/api/v2/pages/${encodeURIComponent(id)}/properties`;
    await this.client.json({ method: 'POST', path, body: { key, value }, idempotent: false, retryRateLimited: true, signal });
  }
}
