import { Temporal } from 'temporal-polyfill';
import { ConnectorError } from '../../http/backend-client.js';
import type { MaintenanceItem, MaintenancePublisher } from '../capabilities.js';
import { RESCHEDULED, rescheduledText } from '../rescheduled-text.js';
import { componentIdsOf, markerMetadata, markerOf } from './marker-and-components.js';
import type { MaintenanceFields, StatuspageApi } from './statuspage-api.js';

/** Scheduled maintenance that has not ended: announced, under way, or being verified. */
const LIVE = new Set(['scheduled', 'in_progress', 'verifying']);

/** What subscribers are sent when an announced maintenance is called off. */
const CANCELLED = 'Cancelled: this scheduled maintenance will not take place.';

function isoOf(ms: number): string {
  return Temporal.Instant.fromEpochMilliseconds(ms).toString({ fractionalSecondDigits: 3 });
}

function sameInstant(text: string | null | undefined, ms: number): boolean {
  return typeof text === 'string' && Date.parse(text) === ms;
}

/**
 * A maintenance window as Statuspage scheduled maintenance: announced to subscribers with a
 * reminder before it starts, its components put under maintenance while it runs and back to
 * operational after, the incident moving to in progress and completed on its own.
 */
export class ScheduledMaintenance implements MaintenancePublisher {
  constructor(
    private readonly api: StatuspageApi,
    /** Component ids per region, site, tenant or environment id (the fleet file's `components`). */
    private readonly components: Readonly<Record<string, readonly string[]>>,
    /** The caller's signal, also aborted when the connector closes (a fleet reload). */
    private readonly whileOpen: (signal: AbortSignal) => AbortSignal,
  ) {}

  /** Statuspage schedules one maintenance at a time, so each occurrence is announced on its own. */
  acceptsSeries(): boolean {
    return false;
  }

  async find(marker: string, caller: AbortSignal): Promise<string | null> {
    const signal = this.whileOpen(caller);
    for (const list of ['upcoming', 'active_maintenance'] as const) {
      const found = (await this.api.list(list, signal)).find((incident) => LIVE.has(incident.status) && markerOf(incident) === marker);
      if (found) return found.id;
    }
    return null;
  }

  async create(item: MaintenanceItem, caller: AbortSignal): Promise<string> {
    const fields = { ...this.fields(item), status: 'scheduled', deliver_notifications: true, body: item.body };
    const incident = await this.api.create(fields, this.whileOpen(caller));
    return incident.id;
  }

  /**
   * A new body posts an incident update, which subscribers are sent: so it goes only when what
   * they were told changes (the text or the times), not for a new component or title alone. A
   * new time is told with the old and the new in each region's local time.
   */
  async update(remoteId: string, item: MaintenanceItem, caller: AbortSignal): Promise<string> {
    const signal = this.whileOpen(caller);
    const current = await this.api.get(remoteId, signal);
    const told = current.incident_updates?.[0]?.body ?? null;
    // The body followed by a note of a new time still tells the body.
    const toldBody = told === item.body || told?.startsWith(`${item.body}\n\n${RESCHEDULED}`) === true;
    const was = { start: Date.parse(current.scheduled_for ?? ''), end: Date.parse(current.scheduled_until ?? '') };
    const moved = !sameInstant(current.scheduled_for, item.start) || !sameInstant(current.scheduled_until, item.end);
    const body = moved && Number.isFinite(was.start) && Number.isFinite(was.end) ? `${item.body}\n\n${rescheduledText(item, was)}` : item.body;
    const fields = this.fields(item);
    const update = !toldBody || moved ? { ...fields, status: current.status, deliver_notifications: true, body } : fields;
    return (await this.api.update(remoteId, update, signal)).id;
  }

  /**
   * Subscribers who were told it is coming are told it will not happen (an update they are
   * sent, once: a retry finds it posted), then it is deleted, so it leaves the page and no
   * reminder goes out. One already deleted counts as cancelled.
   */
  async cancel(remoteId: string, caller: AbortSignal): Promise<void> {
    const signal = this.whileOpen(caller);
    try {
      const current = await this.api.get(remoteId, signal);
      if (current.status === 'scheduled' && current.incident_updates?.[0]?.body !== CANCELLED) {
        await this.api.update(remoteId, { status: 'completed', deliver_notifications: true, body: CANCELLED }, signal);
      }
      await this.api.delete(remoteId, signal);
    } catch (error) {
      if (!(error instanceof ConnectorError && error.status === 404)) throw error;
    }
  }

  private fields(item: MaintenanceItem): MaintenanceFields {
    const ids = componentIdsOf(this.components, item.scopeIds);
    return {
      name: item.title,
      scheduled_for: isoOf(item.start),
      scheduled_until: isoOf(item.end),
      scheduled_remind_prior: true,
      scheduled_auto_in_progress: true,
      scheduled_auto_completed: true,
      auto_transition_to_maintenance_state: true,
      auto_transition_to_operational_state: true,
      component_ids: ids,
      components: Object.fromEntries(ids.map((id) => [id, 'under_maintenance' as const])),
      metadata: markerMetadata(item.marker),
    };
  }
}
