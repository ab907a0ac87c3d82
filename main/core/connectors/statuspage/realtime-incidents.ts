import { z } from 'zod';
import { ConnectorError } from '../../http/backend-client.js';
import { answerMayBeLost } from '../../http/failures.js';
import type { PublicIncident, PublicIncidentStatus, StatusPageIncidents, StatusPost } from '../capabilities.js';
import { componentIdsOf, markerMetadata, markerOf } from './marker-and-components.js';
import type { ComponentStatus, Incident, RealtimeFields, StatuspageApi } from './statuspage-api.js';

/** Statuspage's realtime incident statuses; scheduled maintenance has others and is never one of these. */
const RealtimeStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved']) satisfies z.ZodType<PublicIncidentStatus>;

/**
 * How far back a marker is looked for among resolved incidents, in pages of 100, newest first:
 * an incident opened moments ago by a try whose answer was lost is on the first page; a
 * thousand-incident history is not walked on every open.
 */
const RECENT_PAGES = 3;

/** Whether the page says what the post says: its newest update has the post's status and words. */
function alreadySaid(incident: PublicIncident, post: StatusPost): boolean {
  const newest = incident.updates.at(-1);
  return newest !== undefined && newest.status === post.status && newest.body === post.body;
}

/**
 * The console's incidents as Statuspage realtime incidents: opened with the components the
 * scope maps to in the post's impact, updated with incident updates, and the components put back
 * to operational on resolve. Statuspage has no idempotency key, so a create or an update whose
 * answer was lost is looked for on the page (the marker in the metadata; the newest update)
 * before it is sent once more.
 */
export class RealtimeIncidents implements StatusPageIncidents {
  constructor(
    private readonly api: StatuspageApi,
    /** Component ids per region, site, tenant or environment id (the fleet file's `components`). */
    private readonly components: Readonly<Record<string, readonly string[]>>,
    /** The caller's signal, also aborted when the connector closes (a fleet reload). */
    private readonly whileOpen: (signal: AbortSignal) => AbortSignal,
  ) {}

  async find(marker: string, caller: AbortSignal): Promise<PublicIncident | null> {
    const signal = this.whileOpen(caller);
    const open = (await this.api.list('unresolved', signal)).find((incident) => markerOf(incident) === marker);
    const found = open ?? (await this.api.recent(RECENT_PAGES, signal)).find((incident) => markerOf(incident) === marker);
    return found ? this.publicOf(found) : null;
  }

  async get(id: string, caller: AbortSignal): Promise<PublicIncident> {
    return this.publicOf(await this.api.get(id, this.whileOpen(caller)));
  }

  async open(marker: string, name: string, post: StatusPost, caller: AbortSignal): Promise<PublicIncident> {
    const signal = this.whileOpen(caller);
    const earlier = await this.find(marker, signal);
    if (earlier) return earlier;
    const fields: RealtimeFields = { name, ...this.fields(post), metadata: markerMetadata(marker) };
    return this.sendOnce(
      async () => this.publicOf(await this.api.create(fields, signal)),
      () => this.find(marker, signal),
    );
  }

  async post(id: string, post: StatusPost, caller: AbortSignal): Promise<PublicIncident> {
    const signal = this.whileOpen(caller);
    const saidIfSo = async (): Promise<PublicIncident | null> => {
      const incident = this.publicOf(await this.api.get(id, signal));
      return alreadySaid(incident, post) ? incident : null;
    };
    // Word for word what the page shows last is an earlier try of this post (repeating it would tell customers nothing).
    const earlier = await saidIfSo();
    if (earlier) return earlier;
    const fields = this.fields(post);
    return this.sendOnce(async () => this.publicOf(await this.api.update(id, fields, signal)), saidIfSo);
  }

  /**
   * Sends a change that must reach customers once. When the answer is lost, what the page shows
   * decides: the change found there is the answer; one not found is sent once more, and looked
   * for again if that answer is lost too.
   */
  private async sendOnce(send: () => Promise<PublicIncident>, landed: () => Promise<PublicIncident | null>): Promise<PublicIncident> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (!answerMayBeLost(error)) throw error;
        const made = await landed();
        if (made) return made;
        if (attempt === 2) throw error;
      }
    }
  }

  private fields(post: StatusPost): RealtimeFields {
    const ids = componentIdsOf(this.components, post.scopeIds);
    const status: ComponentStatus = post.status === 'resolved' ? 'operational' : post.componentImpact;
    return {
      status: post.status,
      body: post.body,
      deliver_notifications: post.notifySubscribers,
      component_ids: ids,
      components: Object.fromEntries(ids.map((componentId) => [componentId, status])),
    };
  }

  private publicOf(incident: Incident): PublicIncident {
    const statusOf = (text: string): PublicIncidentStatus => {
      const status = RealtimeStatus.safeParse(text);
      if (!status.success) throw new ConnectorError('malformed', `${this.api.label}: incident ${incident.id} is scheduled maintenance (status "${text}"), not an incident`);
      return status.data;
    };
    const status = statusOf(incident.status);
    // Statuspage lists updates newest first; the capability keeps them oldest first.
    const updates = [...(incident.incident_updates ?? [])].reverse().map((update) => ({
      id: update.id,
      status: statusOf(update.status),
      body: update.body ?? '',
      at: update.created_at,
    }));
    return { id: incident.id, marker: markerOf(incident), name: incident.name, status, url: incident.shortlink ?? null, updates };
  }
}
