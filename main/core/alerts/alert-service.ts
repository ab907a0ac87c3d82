import { randomUUID } from 'node:crypto';
import type { AlertFeed, AlertView, Matcher, SilenceView } from '../../../shared/contract/alerts.js';
import { OpsFailure } from '../../../shared/contract/errors.js';
import type { BackendAlert, BackendSilence, Connector, SilenceStore } from '../connectors/capabilities.js';
import type { CoreContext } from '../core-context.js';
import type { AlertMark, EnvironmentOverlay, MaintenanceMark } from '../fleet/fleet-service.js';
import type { AlertAck } from '../store/alert-ack-repo.js';
import { FIRST_RUN, type RunContext } from '../api/dispatcher.js';
import { effectOnce } from '../api/effect-once.js';
import { carriesMarker, commandMarker, withMarker, withoutCommandMarker } from '../connectors/marker.js';
import { failpoint } from '../faults/failpoints.js';
import { callBackend, sendChange, timeoutOf } from './backend-call.js';
import { EnvironmentIndex } from './environment-index.js';
import { guarded } from '../guarded.js';

const DEFAULT_POLL_MS = 10_000;
const SEVERITY_RANK: Readonly<Record<AlertView['severity'], number>> = { critical: 0, warning: 1, info: 2 };
const SILENCE_STATE_RANK: Readonly<Record<SilenceView['state'], number>> = { active: 0, pending: 1, expired: 2 };

/** One alert source (or silence store) and what it said last. */
interface Source {
  connector: Connector;
  pollMs: number;
  timeoutMs: number;
  alerts: Map<string, AlertView>;
  /** The backend's alert as it came, per key: an unchanged alert keeps its view, so comparing feeds is cheap. */
  signatures: Map<string, string>;
  silences: BackendSilence[];
  lastSuccessAt: number | null;
  lastError: string | null;
  polling: Promise<void> | undefined;
  timer: NodeJS.Timeout | undefined;
}

/** A command's run: its idempotency key marks what it makes (a one-off key when called outside a command). */
export interface CommandRun extends RunContext {
  key: string;
}

export interface NewSilenceRequest {
  connectionId: string;
  matchers: Matcher[];
  durationMinutes: number;
  comment: string;
}

/**
 * The alert feed: polls every alert source on its own timer (a slow one never holds up the
 * others), ties each alert to the environment it concerns, keeps acknowledgements in the
 * store, and tells the fleet which environments have firing alerts or are silenced.
 */
export class AlertService {
  private generation = new AbortController();
  private sources = new Map<string, Source>();
  /** Built on first use, not while the core starts: at 50,000 environments it takes tens of milliseconds. */
  private indexCache: EnvironmentIndex | undefined;
  private readonly acks: Map<string, AlertAck>;
  private feed: AlertFeed;
  /** Which environments each silence covers, kept while the silence is unchanged. */
  private coverage = new Map<string, string[]>();

  constructor(private readonly ctx: CoreContext) {
    this.acks = ctx.store.alertAcks.loadAll();
    this.sources = this.buildSources(new Map());
    this.feed = { alerts: [], sources: this.sourceStates() };
  }

  start(): void {
    for (const source of this.sources.values()) {
      void this.poll(source);
      source.timer = setInterval(guarded(`alerts: polling ${source.connector.name}`, this.ctx.log, () => this.poll(source)), source.pollMs);
      source.timer.unref();
    }
  }

  /** The fleet or its connectors were rebuilt: poll the new connectors, keeping what the same sources said. */
  restart(): void {
    this.stopPolling();
    this.indexCache = undefined;
    this.coverage.clear();
    this.sources = this.buildSources(this.sources);
    this.publish();
    this.start();
  }

  close(): void {
    this.stopPolling();
  }

  list(): AlertFeed {
    return this.feed;
  }

  /** Polls every source (or one) now, after any poll already under way. */
  async refresh(connectionId?: string): Promise<void> {
    const sources = [...this.sources.values()].filter((source) => connectionId === undefined || source.connector.id === connectionId);
    await Promise.all(sources.map((source) => this.refreshNow(source)));
  }

  acknowledge(key: string): AlertView {
    const source = this.sources.get(key.slice(0, key.indexOf(':')));
    const alert = source?.alerts.get(key);
    if (!source || !alert) throw new OpsFailure('not-found', `no firing alert "${key}": it has resolved, or its source has not reported it`);
    const existing = this.acks.get(key);
    // The first acknowledgement stands: a second one would hide who picked it up.
    if (existing && existing.startsAt === alert.startsAt) return alert;
    const ack: AlertAck = { key, startsAt: alert.startsAt, by: this.ctx.operator, at: this.ctx.clock.now() };
    this.ctx.store.alertAcks.save(ack);
    this.acks.set(key, ack);
    const view: AlertView = { ...alert, acknowledgedBy: ack.by, acknowledgedAt: ack.at };
    source.alerts.set(key, view);
    this.publish();
    return view;
  }

  async listSilences(connectionId?: string): Promise<SilenceView[]> {
    const targets = connectionId === undefined ? [...this.sources.values()].filter((source) => source.connector.silences) : [this.silenceSource(connectionId)];
    const lists = await Promise.all(
      targets.map(async (source) => {
        const silences = await this.silencesOf(source, this.storeOf(source));
        return silences.map((silence) => silenceView(source.connector.id, silence));
      }),
    );
    return lists.flat().sort((a, b) => SILENCE_STATE_RANK[a.state] - SILENCE_STATE_RANK[b.state] || b.endsAt - a.endsAt || a.id.localeCompare(b.id));
  }

  /**
   * Silences from now for the duration, in the operator's name; the feed and the fleet show it
   * before this returns. The silence's comment carries the command's marker, so a run after one
   * in doubt finds the silence it made (in any state) instead of making another.
   */
  async createSilence(request: NewSilenceRequest, run: CommandRun = { key: randomUUID(), inDoubt: false }): Promise<SilenceView> {
    const source = this.silenceSource(request.connectionId);
    const store = this.storeOf(source);
    const marker = commandMarker(run.key);
    const made = await effectOnce(run, {
      recover: async () => (await this.silencesOf(source, store)).find((silence) => carriesMarker(silence.comment, marker)) ?? null,
      apply: async (): Promise<BackendSilence> => {
        const startsAt = this.ctx.clock.now();
        const silence = {
          matchers: request.matchers,
          startsAt,
          endsAt: startsAt + request.durationMinutes * 60_000,
          createdBy: this.ctx.operator,
          comment: withMarker(request.comment, marker),
        };
        failpoint('silence.before-create');
        const id = await sendChange(source.connector, 'the new silence', source.timeoutMs, this.generation.signal, (signal) => store.createSilence(silence, signal));
        failpoint('silence.after-create');
        return { id, ...silence, state: 'active' };
      },
    });
    await this.refreshNow(source);
    return silenceView(source.connector.id, made);
  }

  /** Ends a silence now; after a run in doubt, one the backend already shows expired is not expired again. */
  async expireSilence(connectionId: string, silenceId: string, run: RunContext = FIRST_RUN): Promise<void> {
    const source = this.silenceSource(connectionId);
    const store = this.storeOf(source);
    await effectOnce(run, {
      recover: async () => ((await this.silencesOf(source, store)).some((silence) => silence.id === silenceId && silence.state === 'expired') ? true : null),
      apply: async () => {
        await sendChange(source.connector, `the end of silence "${silenceId}"`, source.timeoutMs, this.generation.signal, (signal) => store.expireSilence(silenceId, signal));
        return true;
      },
    });
    await this.refreshNow(source);
  }

  private silencesOf(source: Source, store: SilenceStore): Promise<BackendSilence[]> {
    return callBackend(source.connector, 'its silences', source.timeoutMs, this.generation.signal, (signal) => store.listSilences(signal));
  }

  private index(): EnvironmentIndex {
    this.indexCache ??= new EnvironmentIndex(this.ctx.view().watched);
    return this.indexCache;
  }

  private buildSources(previous: ReadonlyMap<string, Source>): Map<string, Source> {
    const definitions = this.ctx.definition().backends;
    const backends = new Map(definitions.map((backend) => [backend.id, backend]));
    const sources = new Map<string, Source>();
    for (const connector of this.ctx.connectors().values()) {
      if (!connector.alerts && !connector.silences) continue;
      const backend = backends.get(connector.id);
      const kept = previous.get(connector.id);
      const alerts = new Map<string, AlertView>();
      // Alerts of a source that is still there stay in the feed, mapped to the new fleet's environments.
      for (const [key, view] of kept?.alerts ?? []) {
        const environmentId = this.index().environmentOf(connector.id, view.labels);
        alerts.set(key, environmentId === view.environmentId ? view : { ...view, environmentId });
      }
      sources.set(connector.id, {
        connector,
        pollMs: backend && 'pollMs' in backend ? backend.pollMs : DEFAULT_POLL_MS,
        timeoutMs: timeoutOf(definitions, connector.id),
        alerts,
        signatures: new Map(kept?.signatures ?? []),
        silences: kept?.silences ?? [],
        lastSuccessAt: kept?.lastSuccessAt ?? null,
        lastError: kept?.lastError ?? null,
        polling: undefined,
        timer: undefined,
      });
    }
    return sources;
  }

  private stopPolling(): void {
    this.generation.abort();
    this.generation = new AbortController();
    for (const source of this.sources.values()) clearInterval(source.timer);
  }

  /** At most one poll per source at a time: a slow source skips beats instead of piling up requests. */
  private poll(source: Source): Promise<void> {
    if (source.polling) return source.polling;
    const run = this.pollOnce(source).finally(() => {
      if (source.polling === run) source.polling = undefined;
    });
    source.polling = run;
    return run;
  }

  private async refreshNow(source: Source): Promise<void> {
    if (source.polling) await source.polling;
    await this.poll(source);
  }

  private async pollOnce(source: Source): Promise<void> {
    const signal = this.generation.signal;
    const { connector, timeoutMs } = source;
    const alertSource = connector.alerts;
    const silenceStore = connector.silences;
    const [alerts, silences] = await Promise.allSettled([
      alertSource ? callBackend(connector, 'its alerts', timeoutMs, signal, (s) => alertSource.listAlerts(s)) : undefined,
      silenceStore ? callBackend(connector, 'its silences', timeoutMs, signal, (s) => silenceStore.listSilences(s)) : undefined,
    ]);
    if (signal.aborted) return;
    const errors: string[] = [];
    if (alerts.status === 'fulfilled') {
      if (alerts.value) this.takeAlerts(source, alerts.value);
      source.lastSuccessAt = this.ctx.clock.now();
    } else {
      errors.push(messageOf(alerts.reason));
    }
    if (silences.status === 'fulfilled') {
      if (silences.value) source.silences = silences.value;
    } else {
      errors.push(messageOf(silences.reason));
    }
    const lastError = errors.length > 0 ? errors.join('; ') : null;
    if (lastError !== null && lastError !== source.lastError) this.ctx.log(`alerts: ${lastError}`);
    source.lastError = lastError;
    this.publish();
  }

  private takeAlerts(source: Source, backendAlerts: readonly BackendAlert[]): void {
    const connectionId = source.connector.id;
    const alerts = new Map<string, AlertView>();
    const signatures = new Map<string, string>();
    for (const alert of backendAlerts) {
      const key = `${connectionId}:${alert.fingerprint}`;
      if (alerts.has(key)) continue;
      const signature = JSON.stringify(alert);
      const stored = this.acks.get(key);
      const ack = stored && stored.startsAt === alert.startsAt ? stored : undefined;
      const previous = source.alerts.get(key);
      const unchanged = previous !== undefined && source.signatures.get(key) === signature && previous.acknowledgedAt === (ack?.at ?? null);
      alerts.set(key, unchanged ? previous : this.toView(connectionId, key, alert, ack));
      signatures.set(key, signature);
    }
    source.alerts = alerts;
    source.signatures = signatures;
    // An acknowledgement ends with its alert (also one that resolved while the console was closed).
    const resolved = [...this.acks.values()]
      .filter((ack) => ack.key.startsWith(`${connectionId}:`) && alerts.get(ack.key)?.startsAt !== ack.startsAt)
      .map((ack) => ack.key);
    for (const key of resolved) this.acks.delete(key);
    this.ctx.store.alertAcks.deleteMany(resolved);
  }

  private toView(connectionId: string, key: string, alert: BackendAlert, ack: AlertAck | undefined): AlertView {
    return {
      key,
      connectionId,
      name: alert.name,
      severity: alert.severity,
      summary: alert.summary,
      description: alert.description,
      runbookUrl: alert.runbookUrl,
      environmentId: this.index().environmentOf(connectionId, alert.labels),
      labels: { ...alert.labels },
      startsAt: alert.startsAt,
      state: alert.silencedBy.length > 0 ? 'silenced' : 'active',
      silencedBy: [...alert.silencedBy],
      acknowledgedBy: ack?.by ?? null,
      acknowledgedAt: ack?.at ?? null,
    };
  }

  /** Rebuilds the feed, tells the fleet, and sends the feed on when it changed. */
  private publish(): void {
    const alerts = this.deduplicated().sort(compareAlerts);
    const sources = this.sourceStates();
    const changed =
      alerts.length !== this.feed.alerts.length ||
      alerts.some((alert, i) => alert !== this.feed.alerts[i]) ||
      sources.length !== this.feed.sources.length ||
      sources.some((source, i) => {
        const before = this.feed.sources[i];
        // A later success alone is not news; an error, a recovery or a first answer is.
        return before?.connectionId !== source.connectionId || before.lastError !== source.lastError || (before.lastSuccessAt === null) !== (source.lastSuccessAt === null);
      });
    this.feed = { alerts, sources };
    this.ctx.fleet().applyOverlay(this.overlay());
    if (changed) this.ctx.bus.emit('alerts.changed', this.feed);
  }

  /**
   * Prometheus and the Alertmanager it sends to report one alert under one fingerprint: the
   * feed shows it once, from the source that can silence it, mapped to an environment if either is.
   */
  private deduplicated(): AlertView[] {
    const chosen = new Map<string, { view: AlertView; rank: number }>();
    for (const source of this.sources.values()) {
      const sourceRank = source.connector.silences ? 0 : 2;
      for (const view of source.alerts.values()) {
        const fingerprint = view.key.slice(view.connectionId.length + 1);
        const rank = sourceRank + (view.environmentId === null ? 1 : 0);
        const current = chosen.get(fingerprint);
        if (!current || rank < current.rank) chosen.set(fingerprint, { view, rank });
      }
    }
    return [...chosen.values()].map(({ view }) => view);
  }

  private sourceStates(): AlertFeed['sources'] {
    return [...this.sources.values()]
      .filter((source) => source.connector.alerts)
      .map((source) => ({ connectionId: source.connector.id, name: source.connector.name, lastSuccessAt: source.lastSuccessAt, lastError: source.lastError }));
  }

  private overlay(): EnvironmentOverlay {
    const alerts = new Map<string, AlertMark>();
    const silencedAlerts = new Map<string, AlertMark>();
    // The feed is worst first, so the first alert seen for an environment is the one it shows.
    for (const alert of this.feed.alerts) {
      if (alert.environmentId === null || alert.severity === 'info') continue;
      const marks = alert.state === 'active' ? alerts : silencedAlerts;
      if (!marks.has(alert.environmentId)) marks.set(alert.environmentId, { severity: alert.severity, summary: alert.summary });
    }
    const now = this.ctx.clock.now();
    const longest = new Map<string, BackendSilence>();
    const coverage = new Map<string, string[]>();
    for (const source of this.sources.values()) {
      for (const silence of source.silences) {
        if (silence.state !== 'active' || silence.startsAt > now || silence.endsAt <= now) continue;
        const cacheKey = `${source.connector.id}\u0000${silence.id}\u0000${JSON.stringify(silence.matchers)}`;
        const covered = this.coverage.get(cacheKey) ?? this.index().coveredBy(source.connector.id, silence.matchers);
        coverage.set(cacheKey, covered);
        for (const env of covered) {
          const other = longest.get(env);
          if (!other || silence.endsAt > other.endsAt) longest.set(env, silence);
        }
      }
    }
    this.coverage = coverage;
    const maintenance = new Map<string, MaintenanceMark>();
    for (const [env, silence] of longest) maintenance.set(env, { reason: maintenanceReason(silence) });
    return { alerts, silencedAlerts, maintenance };
  }

  private silenceSource(connectionId: string): Source {
    const source = this.sources.get(connectionId);
    if (source?.connector.silences) return source;
    const connector = this.ctx.connectors().get(connectionId);
    if (!connector) throw new OpsFailure('not-found', `no backend "${connectionId}" in the fleet definition`);
    throw new OpsFailure('invalid-input', `${connector.name} (${connector.kind}) cannot hold silences; silence through an Alertmanager or the sandbox`);
  }

  private storeOf(source: Source): SilenceStore {
    const store = source.connector.silences;
    if (!store) throw new OpsFailure('invalid-input', `${source.connector.name} (${source.connector.kind}) cannot hold silences`);
    return store;
  }
}

function compareAlerts(a: AlertView, b: AlertView): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.startsAt - a.startsAt || a.key.localeCompare(b.key);
}

/** The comment as the operator wrote it: the command marker is for finding the silence again, not for reading. */
function silenceView(connectionId: string, silence: BackendSilence): SilenceView {
  return { ...silence, connectionId, comment: withoutCommandMarker(silence.comment), matchers: silence.matchers.map((matcher) => ({ ...matcher })) };
}

function maintenanceReason(silence: BackendSilence): string {
  const until = new Date(silence.endsAt).toISOString().slice(0, 16).replace('T', ' ');
  const comment = withoutCommandMarker(silence.comment).trim();
  return `In maintenance: silenced by ${silence.createdBy} until ${until} UTC${comment ? ` (${comment})` : ''}`;
}

function messageOf(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
