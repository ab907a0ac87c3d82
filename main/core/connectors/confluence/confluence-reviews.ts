import { ConnectorError } from '../../http/backend-client.js';
import { answerMayBeLost } from '../../http/failures.js';
import type { PublishedPage, ReviewPage, ReviewPages } from '../capabilities.js';
import type { ConfluenceApi, Page } from './confluence-api.js';

/** The content property that names the incident a page reviews. */
export const INCIDENT_PROPERTY = 'watchfloor-incident';

export interface ConfluenceReviewSettings {
  siteUrl: string;
  spaceId: string;
  reviewsParentId: string;
  runbooks: Readonly<Partial<Record<string, string>>>;
}

/**
 * Lessons-learnt reviews as Confluence pages under one parent. Confluence has no idempotency key:
 * the page is found by its content property (the incident's id) among the parent's children before
 * anything is made, and a page whose property was never set (the console stopped between the two
 * calls) is known by its title, which Confluence keeps unique in a space, and adopted.
 */
export class ConfluenceReviews implements ReviewPages {
  constructor(
    private readonly api: ConfluenceApi,
    private readonly settings: ConfluenceReviewSettings,
    /** The caller's signal, also aborted when the connector closes. */
    private readonly whileOpen: (signal: AbortSignal) => AbortSignal,
  ) {}

  runbookUrl(check: string): string | null {
    const id = this.settings.runbooks[check];
    return id === undefined ? null : this.pageUrl(id);
  }

  async publish(review: ReviewPage, caller: AbortSignal): Promise<PublishedPage> {
    const signal = this.whileOpen(caller);
    const fields = { title: review.title, body: review.body };
    let page = await this.find(review, signal);
    if (!page) {
      try {
        page = await this.api.create(this.settings.spaceId, this.settings.reviewsParentId, fields, signal);
      } catch (error) {
        if (!answerMayBeLost(error)) throw error;
        page = await this.find(review, signal);
        if (!page) throw error;
      }
    }
    if ((await this.api.property(page.id, INCIDENT_PROPERTY, signal)) !== review.incidentId) {
      await this.api.setProperty(page.id, INCIDENT_PROPERTY, review.incidentId, signal);
    }
    const current = page.body?.storage ? page : await this.api.get(page.id, signal);
    if (current.title === review.title && current.body?.storage?.value === review.body) return this.published(current);
    try {
      return this.published(await this.api.update(page.id, current.version.number + 1, fields, signal));
    } catch (error) {
      if (!answerMayBeLost(error) && !(error instanceof ConnectorError && error.status === 409)) throw error;
      // A lost answer, or another writer took that version: what the page says now decides.
      const after = await this.api.get(page.id, signal);
      if (after.title === review.title && after.body?.storage?.value === review.body) return this.published(after);
      throw error;
    }
  }

  /** The parent's child page that carries the incident's property, else the one with the review's title. */
  private async find(review: ReviewPage, signal: AbortSignal): Promise<Page | null> {
    const children = await this.api.children(this.settings.reviewsParentId, signal);
    const candidates = children.filter((child) => child.title.startsWith(`${review.incidentId}:`) || child.title === review.title);
    for (const child of candidates) {
      if ((await this.api.property(child.id, INCIDENT_PROPERTY, signal)) === review.incidentId) return this.api.get(child.id, signal);
    }
    const titled = candidates.find((child) => child.title === review.title);
    return titled ? this.api.get(titled.id, signal) : null;
  }

  private published(page: Page): PublishedPage {
    return { id: page.id, version: page.version.number, url: page._links?.webui ? `${this.wiki()}${page._links.webui}` : this.pageUrl(page.id) };
  }

  private wiki(): string {
    return `${this.settings.siteUrl.replace(/\/+$/, '')}/wiki`;
  }

  /** Confluence Cloud opens any page by its id this way, whatever its space. */
  private pageUrl(id: string): string {
    return `${this.wiki()}/pages/viewpage.action?pageId=${encodeURIComponent(id)}`;
  }
}
