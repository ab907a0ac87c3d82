import type { AlertView, SilenceView } from '../../../shared/contract/alerts.js';
import type { DeploymentView } from '../../../shared/contract/deploys.js';
import type { AlertLinkOffer, CorrelatedChange, Incident, TimelineEntry } from '../../../shared/contract/incidents.js';
import type { CalendarDefinition, WindowDefinition } from '../../../shared/fleet-definition/calendar.js';
import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import type { AlertService } from '../alerts/alert-service.js';
import { EnvironmentIndex } from '../alerts/environment-index.js';
import type { CalendarService } from '../calendar/calendar-service.js';
import { occurrenceKey } from '../calendar/publish/maintenance-item.js';
import { expandWindow } from '../calendar/recurrence/expand.js';
import { resolveScope } from '../calendar/scope.js';
import type { PublicIncident, WatchedEnvironment } from '../connectors/capabilities.js';
import type { CoreContext } from '../core-context.js';
import type { DeployService } from '../deploys/deploy-service.js';
import type { DeploymentRecord } from '../store/deployment-repo.js';
import { linkOffers, type LinkedIncident } from './alert-links.js';
import { AlertResolutions } from './alert-resolutions.js';
import { correlate } from './correlation.js';
import { firstSignalAt, incidentWindows, relevantPeriod } from './incident-period.js';
import { scopeEnvironments } from './incident-scope.js';
import {
  incidentEntries,
  orderTimeline,
  surroundingEntries,
  type ConsoleEvent,
  type DeploymentActivity,
  type MaintenanceOccurrence,
  type ScopedSilence,
  type SeenAlert,
  type SlotSwap,
  type TicketSource,
} from './timeline.js';

/** How long silences read from the backends are used before they are asked again: the page is read often, the backends should not be. */
const SILENCES_FRESH_MS = 15_000;

/** What the gatherer reads from the rest of the core; tests pass fakes. */
export interface IncidentContextDeps {
  now(): number;
  definition(): FleetDefinition;
  /** The maintenance calendar in use (beside the simulated fleet it is a file of its own). */
  calendar(): CalendarDefinition;
  /** The environments with their alert bindings: which ones a silence covers. */
  watched(): readonly WatchedEnvironment[];
  /** The alert feed: what fires now. */
  alerts(): readonly AlertView[];
  /** Alerts that stopped firing, with when. */
  resolvedAlerts(): readonly SeenAlert[];
  silences(): Promise<readonly SilenceView[]>;
  deployments(): readonly DeploymentView[];
  swapsOf(deploymentId: string): readonly SlotSwap[];
  /** Every open incident, for what is already linked elsewhere. */
  openIncidents(): readonly LinkedIncident[];
}

/** What the incident service keeps of an incident beside the Incident itself. */
export interface IncidentRecords {
  /** Severity and commander changes, notes, acknowledgements, links and review saves. */
  events: readonly ConsoleEvent[];
  statusPage: PublicIncident | null;
}

export interface IncidentContextView {
  timeline: TimelineEntry[];
  correlation: CorrelatedChange[];
  linkOffers: AlertLinkOffer[];
  /** What could not be read (the silences of an unreachable Alertmanager), in words; the rest is shown without it. */
  problems: string[];
}

/**
 * An incident's surroundings. `forIncident` gives all of it from the incident, its ticket and the
 * console's records; `timeline`, `correlation` and `linkOffers` give one part each, at the clock's
 * now, for an incident service that makes its own entries (the incident service's insights).
 * Everything answers at once from what the core holds: silences are read from the backends in
 * the background, at most every 15 seconds, so a page read never waits on an Alertmanager.
 */
export interface IncidentContext {
  forIncident(incident: Incident, ticket: TicketSource | null, now: number, records?: IncidentRecords): IncidentContextView;
  /** The incident service's own entries merged with what surrounds the incident, in order. */
  timeline(incident: Incident, own: readonly TimelineEntry[]): TimelineEntry[];
  correlation(incident: Incident): CorrelatedChange[];
  linkOffers(incident: Incident): AlertLinkOffer[];
}

const NO_RECORDS: IncidentRecords = { events: [], statusPage: null };

interface Surroundings {
  scope: ReadonlySet<string>;
  period: { from: number; to: number };
  firstAlertAt: number;
  lookbackMs: number;
  linkWindowMs: number;
  alerts: SeenAlert[];
  feed: readonly AlertView[];
}

/** Collects the timeline, the correlation and the link offers of one incident from the alerts, silences, deploys and calendar. */
export function createIncidentContext(deps: IncidentContextDeps): IncidentContext {
  const indexes = new WeakMap<readonly WatchedEnvironment[], EnvironmentIndex>();
  const indexOf = (watched: readonly WatchedEnvironment[]) => {
    let index = indexes.get(watched);
    if (!index) {
      index = new EnvironmentIndex(watched);
      indexes.set(watched, index);
    }
    return index;
  };

  let silences: { at: number; list: readonly SilenceView[]; problem: string | null } = { at: Number.NEGATIVE_INFINITY, list: [], problem: null };
  let reading = false;
  /** The silences as last read; asks again in the background once they are older than SILENCES_FRESH_MS. */
  const lastSilences = (now: number) => {
    if (!reading && now - silences.at >= SILENCES_FRESH_MS) {
      reading = true;
      Promise.resolve()
        .then(() => deps.silences())
        .then(
          (list) => {
            silences = { at: now, list, problem: null };
          },
          (error: unknown) => {
            // The last silences read stay shown, with why they may be out of date.
            silences = { at: now, list: silences.list, problem: `silences could not be read: ${error instanceof Error ? error.message : String(error)}` };
          },
        )
        .finally(() => {
          reading = false;
        });
    }
    return silences;
  };

  const surroundingsOf = (incident: Incident, now: number): Surroundings => {
    const definition = deps.definition();
    const { lookbackMs, linkWindowMs } = incidentWindows(definition.incidents);
    const feed = deps.alerts();
    const alerts = seenAlerts(feed, deps.resolvedAlerts());
    const firstAlertAt = firstSignalAt(incident, alerts.map((seen) => seen.alert));
    return { scope: scopeEnvironments(definition, incident.impact), period: relevantPeriod(incident, firstAlertAt, lookbackMs, now), firstAlertAt, lookbackMs, linkWindowMs, alerts, feed };
  };

  const maintenanceOf = ({ scope, period }: Surroundings) => maintenanceIn(deps.definition(), deps.calendar(), scope, period);

  const surroundingTimeline = (incident: Incident, at: Surroundings, now: number, statusPage: PublicIncident | null): TimelineEntry[] => {
    const { scope, period } = at;
    let index: EnvironmentIndex | undefined;
    const scopedSilences: ScopedSilence[] = lastSilences(now)
      .list.filter((silence) => silence.endsAt >= period.from && silence.startsAt <= period.to)
      .map((silence) => {
        // The index takes a walk of the fleet to build: only once a silence in the period asks for it.
        index ??= indexOf(deps.watched());
        return { silence, environmentIds: index.coveredBy(silence.connectionId, silence.matchers) };
      });
    const deployments: DeploymentActivity[] = deps
      .deployments()
      .filter((deployment) => scope.has(deployment.environmentId) && touches(deployment, period))
      .map((deployment) => ({ deployment, swaps: deps.swapsOf(deployment.id) }));
    return surroundingEntries({ incident, alerts: at.alerts, silences: scopedSilences, deployments, maintenance: maintenanceOf(at), statusPage, scope });
  };

  const correlationOf = (at: Surroundings, now: number) =>
    correlate({ firstAlertAt: at.firstAlertAt, lookbackMs: at.lookbackMs, now, scope: at.scope, deployments: deps.deployments(), maintenance: maintenanceOf(at) });

  const offersOf = (incident: Incident, at: Surroundings) =>
    linkOffers({ incident, alerts: at.feed, scope: at.scope, openIncidents: deps.openIncidents(), linkWindowMs: at.linkWindowMs });

  return {
    forIncident(incident, ticket, now, records = NO_RECORDS) {
      const at = surroundingsOf(incident, now);
      const own = incidentEntries({ incident, events: records.events, ticket });
      const problem = lastSilences(now).problem;
      return {
        timeline: orderTimeline([...own, ...surroundingTimeline(incident, at, now, records.statusPage)], at.period),
        correlation: correlationOf(at, now),
        linkOffers: offersOf(incident, at),
        problems: problem === null ? [] : [problem],
      };
    },
    timeline(incident, own) {
      const now = deps.now();
      const at = surroundingsOf(incident, now);
      return orderTimeline([...own, ...surroundingTimeline(incident, at, now, null)], at.period);
    },
    correlation(incident) {
      const now = deps.now();
      return correlationOf(surroundingsOf(incident, now), now);
    },
    linkOffers(incident) {
      return offersOf(incident, surroundingsOf(incident, deps.now()));
    },
  };
}

/** The alerts firing now and those that resolved, each firing once (an alert back in the feed with the same start is still that one). */
function seenAlerts(feed: readonly AlertView[], resolved: readonly SeenAlert[]): SeenAlert[] {
  const byFiring = new Map<string, SeenAlert>();
  for (const seen of resolved) byFiring.set(`${seen.alert.key}@${seen.alert.startsAt}`, seen);
  for (const alert of feed) byFiring.set(`${alert.key}@${alert.startsAt}`, { alert, resolvedAt: null });
  return [...byFiring.values()];
}

function touches(deployment: DeploymentView, period: { from: number; to: number }): boolean {
  const start = deployment.startedAt ?? deployment.requestedAt;
  return start <= period.to && (deployment.finishedAt === null || deployment.finishedAt >= period.from);
}

/** Each window's environments, per definition: a region-wide window reaches thousands, and the page is read often. */
const windowEnvironments = new WeakMap<FleetDefinition, WeakMap<WindowDefinition, string[]>>();

function environmentsOf(definition: FleetDefinition, window: WindowDefinition): string[] {
  let byWindow = windowEnvironments.get(definition);
  if (!byWindow) {
    byWindow = new WeakMap();
    windowEnvironments.set(definition, byWindow);
  }
  let environments = byWindow.get(window);
  if (!environments) {
    environments = resolveScope(definition, window.scope).environments;
    byWindow.set(window, environments);
  }
  return environments;
}

/** Occurrences of maintenance windows that reach the scope and overlap the period. */
function maintenanceIn(definition: FleetDefinition, calendar: CalendarDefinition, scope: ReadonlySet<string>, period: { from: number; to: number }): MaintenanceOccurrence[] {
  const found: MaintenanceOccurrence[] = [];
  if (period.to <= period.from) return found;
  for (const window of calendar.windows) {
    if (window.kind !== 'planned-maintenance' && window.kind !== 'emergency-maintenance') continue;
    const environmentIds = environmentsOf(definition, window);
    if (!environmentIds.some((env) => scope.has(env))) continue;
    for (const occurrence of expandWindow(window, period)) {
      found.push({ key: occurrenceKey(window.id, occurrence.requested), windowId: window.id, kind: window.kind, title: window.title, start: occurrence.start, end: occurrence.end, environmentIds });
    }
  }
  return found;
}

/**
 * The slot swaps a deployment's record tells of. The record keeps only when the last swap was
 * sent, so a deploy that was swapped in and then back shows the swap back alone.
 */
export function swapsOfRecord(record: DeploymentRecord): SlotSwap[] {
  const at = record.swapSentAt;
  const { view } = record;
  if (at === null || view.state === 'failed') return [];
  if (view.action === 'rollback') return record.target.swapBack ? [{ at, back: true }] : [];
  if (view.state === 'rolled-back' || view.state === 'swapping-back') return [{ at, back: true }];
  return record.swapped || view.state === 'swapping' ? [{ at, back: false }] : [];
}

export interface CoreIncidentContext extends IncidentContext {
  /** Stops following the alert feed. */
  close(): void;
}

/** The gatherer on the core's own services; it follows the alert feed from now on to learn when alerts resolve. */
export function coreIncidentContext(
  ctx: CoreContext,
  services: { alerts: AlertService; deploys: DeployService; calendar: CalendarService; openIncidents: () => readonly LinkedIncident[] },
): CoreIncidentContext {
  const resolutions = new AlertResolutions();
  resolutions.observe(services.alerts.list().alerts, ctx.clock.now());
  const stop = ctx.bus.on('alerts.changed', (feed) => resolutions.observe(feed.alerts, ctx.clock.now()));
  const context = createIncidentContext({
    now: () => ctx.clock.now(),
    definition: () => ctx.definition(),
    calendar: () => services.calendar.calendar(),
    watched: () => ctx.view().watched,
    alerts: () => services.alerts.list().alerts,
    resolvedAlerts: () => resolutions.list(),
    silences: () => services.alerts.listSilences(),
    deployments: () => services.deploys.deployments(),
    swapsOf: (id) => {
      const record = ctx.store.deployments.get(id);
      return record ? swapsOfRecord(record) : [];
    },
    openIncidents: services.openIncidents,
  });
  return { ...context, close: stop };
}
