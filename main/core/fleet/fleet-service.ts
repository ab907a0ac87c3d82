import { CheckName } from '../../../shared/contract/fleet.js';
import type {
  EnvironmentDetail,
  EnvironmentState,
  EnvironmentView,
  FleetDelta,
  FleetSnapshot,
  ServerView,
  SourceStatus,
} from '../../../shared/contract/fleet.js';
import { OpsFailure } from '../../../shared/contract/errors.js';
import { lastObserved } from '../../../shared/contract/freshness.js';
import { healthRank, worstOf, type Health, type HealthStatus } from '../../../shared/contract/health.js';
import type { Connector, HealthReport, ServerRole, Unanswered, WatchedEnvironment } from '../connectors/capabilities.js';
import type { Clock } from '../clock.js';
import type { EnvStateRepo, StoredEnvState } from '../store/env-state-repo.js';
import type { FleetView } from './fleet-view.js';
import { CHECK_COUNT, CHECK_INDEX, CHECK_RULES, appliesTo, checkStatus, describeCheck } from './health-rules.js';
import { Rollups } from './rollups.js';
import type { HealthReading } from './health-reading.js';
import { encodeStates } from './state-columns.js';
import { guarded } from '../guarded.js';

export interface FleetServiceOptions {
  view: FleetView;
  connectors: ReadonlyMap<string, Connector>;
  store: EnvStateRepo;
  clock: Clock;
  emit: (delta: FleetDelta) => void;
  firstRevision: number;
  /** Environments no source is asked about: those the fleet file marks decommissioned. */
  unpolled?: ReadonlySet<string>;
  /** How long after its last success a source's data stops being trusted. */
  staleAfterMs?: number;
  flushEveryMs?: number;
  log?: (line: string) => void;
}

const PERSIST_OBSERVED_EVERY_MS = 10_000;
/** A batch holding more than this share of the fleet (and at least the minimum) goes out as a revision gap. */
const SNAPSHOT_INSTEAD_SHARE = 0.25;
const SNAPSHOT_INSTEAD_MIN = 2_000;

/** The worst firing alert of an environment, of those silenced or of those not. */
export interface AlertMark {
  severity: 'critical' | 'warning';
  summary: string;
}

/** An active silence covering the environment; the reason says by whom and until when. */
export interface MaintenanceMark {
  reason: string;
}

/** What the alert sources add to the checks, by environment id; environments not listed have neither. */
export interface EnvironmentOverlay {
  alerts: ReadonlyMap<string, AlertMark>;
  /** Silenced alerts are not shown against the environment, but count in its health underneath: a silence hides an alert, not the state. */
  silencedAlerts: ReadonlyMap<string, AlertMark>;
  maintenance: ReadonlyMap<string, MaintenanceMark>;
}

/**
 * Live health of the fleet: takes what connectors measure, applies the check rules, rolls
 * the result up to tenants, sites and regions, and sends what changed as batched deltas.
 */
export class FleetService {
  private readonly environments: readonly EnvironmentView[];
  private readonly index = new Map<string, number>();
  private readonly serverStart: Int32Array;
  private readonly serverNames: string[] = [];
  private readonly serverRoles: ServerRole[] = [];
  private readonly values: Float64Array;
  /** Per server and check: when it last answered (NaN: never), and whether the latest round left it out. */
  private readonly checkSeenAt: Float64Array;
  private readonly missed: Uint8Array;
  /** Per environment: what the checks that answered in the latest round say, and which did not, in words (empty: all did). */
  private readonly liveCheckHealth: Health[];
  private readonly gap: string[];
  /** By source, the environments its latest round left partly unanswered: its next round recomputes them all. */
  private readonly partialEnvs = new Map<string, ReadonlySet<number>>();
  /** What the checks alone say; health is the worse of this and the alert overlay. */
  private readonly checkHealth: Health[];
  private readonly checkReason: string[];
  private readonly health: Health[];
  private readonly status: HealthStatus[];
  private readonly reason: string[];
  private readonly stale: Uint8Array;
  private alertMarks = new Map<number, AlertMark>();
  private silencedAlertMarks = new Map<number, AlertMark>();
  private maintenanceMarks = new Map<number, MaintenanceMark>();
  private readonly observedAt: Array<number | null>;
  private readonly changedAt: number[];
  /** When the health underneath last changed; a silence or staleness does not move it. */
  private readonly healthSince: number[];
  private readonly rollupKeys: string[][];
  private readonly rollups = new Rollups();
  private readonly sources = new Map<string, SourceStatus>();
  private readonly sourceEnvs = new Map<string, number[]>();
  private readonly pendingEnvs = new Set<number>();
  private readonly pendingSources = new Set<string>();
  private readonly staleSources = new Set<string>();
  private readonly staleAfterMs: number;
  private revisionNumber: number;
  private flushTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private lastPersistedObserved = 0;

  constructor(private readonly options: FleetServiceOptions) {
    const { view, clock } = options;
    this.environments = view.environments;
    this.revisionNumber = options.firstRevision;
    this.staleAfterMs = options.staleAfterMs ?? 30_000;
    const count = view.environments.length;
    this.serverStart = new Int32Array(count + 1);
    this.checkHealth = new Array<Health>(count);
    this.checkReason = new Array<string>(count);
    this.liveCheckHealth = new Array<Health>(count).fill('unknown');
    this.gap = new Array<string>(count).fill('');
    this.health = new Array<Health>(count);
    this.stale = new Uint8Array(count);
    this.status = new Array<HealthStatus>(count);
    this.reason = new Array<string>(count);
    this.observedAt = new Array<number | null>(count);
    this.changedAt = new Array<number>(count);
    this.healthSince = new Array<number>(count);
    this.rollupKeys = new Array<string[]>(count);

    for (const region of view.regions) {
      this.rollups.add('region', region.id);
      for (const site of region.sites) this.rollups.add('site', site.id);
    }
    for (const tenant of view.tenants) this.rollups.add('tenant', tenant.id);

    for (const connector of options.connectors.values()) {
      if (!connector.health) continue;
      this.sources.set(connector.id, {
        id: connector.id,
        kind: connector.kind,
        name: connector.name,
        state: 'connecting',
        lastSuccessAt: null,
        lastError: null,
        latencyMs: null,
        environments: 0,
      });
      this.sourceEnvs.set(connector.id, []);
    }

    const stored = options.store.loadAll();
    const now = clock.now();
    view.environments.forEach((env, i) => {
      this.index.set(env.id, i);
      this.serverStart[i] = this.serverNames.length;
      const health = options.connectors.get(env.watchedBy)?.health;
      const servers = health ? health.servers(this.watched(i)) : [];
      for (const server of servers) {
        this.serverNames.push(server.name);
        this.serverRoles.push(server.role);
      }
      const source = this.sources.get(env.watchedBy);
      if (source && !options.unpolled?.has(env.id)) {
        this.sourceEnvs.get(env.watchedBy)?.push(i);
        source.environments += 1;
      }
      this.rollupKeys[i] = [`region:${env.regionId}`, `site:${env.siteId}`, `tenant:${env.tenantId}`];
      this.restore(i, stored.get(env.id), now);
    });
    this.serverStart[count] = this.serverNames.length;
    this.values = new Float64Array(this.serverNames.length * CHECK_COUNT).fill(Number.NaN);
    this.checkSeenAt = new Float64Array(this.serverNames.length * CHECK_COUNT).fill(Number.NaN);
    this.missed = new Uint8Array(this.serverNames.length * CHECK_COUNT);
  }

  get revision(): number {
    return this.revisionNumber;
  }

  start(): void {
    for (const connector of this.options.connectors.values()) {
      if (!connector.health) continue;
      const envs = (this.sourceEnvs.get(connector.id) ?? []).map((i) => this.watched(i));
      connector.health.start(envs, {
        report: (report) => this.ingest(connector.id, report),
        failed: (at, message) => this.sourceFailed(connector.id, at, message),
      });
    }
    const flushEvery = this.options.flushEveryMs ?? 100;
    const log = this.options.log ?? (() => {});
    this.flushTimer = setInterval(guarded('fleet: sending what changed', log, () => this.flush()), flushEvery);
    this.flushTimer.unref();
    this.sweepTimer = setInterval(guarded('fleet: marking stale data', log, () => this.sweep()), 1000);
    this.sweepTimer.unref();
  }

  stop(): void {
    for (const connector of this.options.connectors.values()) connector.health?.stop();
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.flush();
    this.persistObserved(true);
  }

  snapshot(): FleetSnapshot {
    const { view } = this.options;
    const now = this.options.clock.now();
    return {
      name: view.name,
      revision: this.revisionNumber,
      generatedAt: now,
      regions: view.regions,
      tenants: view.columns.tenants,
      environments: view.columns.environments,
      states: encodeStates(view.environments.length, (i) => this.state(i), now),
      sources: [...this.sources.values()].map((source) => ({ ...source })),
    };
  }

  /** One environment's health now, without building its detail: the deploy guards ask this of whole rings. */
  healthOf(id: string): HealthReading {
    const i = this.indexOf(id);
    const { status, health, observedAt, changedAt } = this.state(i);
    return { status, health, observedAt, healthSince: this.healthSince[i] ?? changedAt };
  }

  /** The environment's detail as the fleet knows it; the end notice is the lifecycle's to add. */
  detail(id: string): Omit<EnvironmentDetail, 'endNotice'> {
    const i = this.indexOf(id);
    const env = this.env(i);
    const { view } = this.options;
    const tenant = view.tenants.find((candidate) => candidate.id === env.tenantId);
    const region = view.regions.find((candidate) => candidate.id === env.regionId);
    if (!tenant || !region) throw new OpsFailure('internal', `environment "${id}" points at a tenant or region that is not loaded`);
    const servers: ServerView[] = [];
    let anyValue = false;
    const state = this.state(i);
    const seen = lastObserved(state, this.sources.get(env.watchedBy));
    const partial = this.gap[i] !== '';
    for (let s = this.serverStart[i] ?? 0; s < (this.serverStart[i + 1] ?? 0); s++) {
      const name = this.serverNames[s] ?? '';
      const role = this.serverRoles[s] ?? 'app';
      let status: HealthStatus = 'ok';
      const checks = CHECK_RULES.filter((rule) => appliesTo(rule.check, role)).map((rule) => {
        const slot = s * CHECK_COUNT + CHECK_INDEX[rule.check];
        const value = this.values[slot] ?? Number.NaN;
        if (!Number.isNaN(value)) anyValue = true;
        const checkState = checkStatus(rule, value);
        status = worstOf(status, checkState);
        const seenAt = this.checkSeenAt[slot] ?? Number.NaN;
        return {
          check: rule.check,
          status: checkState,
          value: Number.isNaN(value) ? null : Math.round(value * 10) / 10,
          unit: rule.unit,
          summary: describeCheck(rule, value, name),
          // After a partial round each check was last seen when it last answered; otherwise when the environment was.
          observedAt: partial ? (Number.isNaN(seenAt) ? null : seenAt) : seen,
        };
      });
      servers.push({ name, role, status, checks });
    }
    const source = this.sources.get(env.watchedBy);
    return {
      environment: env,
      tenant,
      region,
      state,
      servers,
      serversAsOf: anyValue ? (source?.lastSuccessAt ?? null) : null,
      canSimulateFaults: this.options.connectors.get(env.watchedBy)?.faults !== undefined,
      runbooks: this.runbooks(),
    };
  }

  /** The wiki's runbook page per check, where the fleet has a wiki that names them. */
  private runbooks(): Array<{ check: CheckName; url: string }> {
    const wiki = [...this.options.connectors.values()].find((connector) => connector.reviewPages)?.reviewPages;
    if (!wiki) return [];
    return CheckName.options.flatMap((check) => {
      const url = wiki.runbookUrl(check);
      return url === null ? [] : [{ check, url }];
    });
  }

  injectFault(id: string, check: CheckName, severity: 'warning' | 'critical', durationMs: number) {
    const env = this.env(this.indexOf(id));
    const faults = this.options.connectors.get(env.watchedBy)?.faults;
    if (!faults) {
      throw new OpsFailure('conflict', `environment "${id}" is watched by "${env.watchedBy}", which is not a simulated backend; faults can only be simulated on a sandbox`);
    }
    try {
      return faults.injectFault(id, check, severity, durationMs);
    } catch (error) {
      throw new OpsFailure('conflict', error instanceof Error ? error.message : String(error));
    }
  }

  /** An environment with its bindings, as the connectors that watch it see it. */
  watchedEnvironment(id: string): WatchedEnvironment {
    return this.watched(this.indexOf(id));
  }

  /**
   * Applies what the alert sources say now: firing alerts and active silences. Only the
   * environments whose marks changed are recomputed; they leave in the next batched delta.
   */
  applyOverlay(overlay: EnvironmentOverlay): void {
    const at = this.options.clock.now();
    const touched = new Set<number>();
    const sameAlert = (a: AlertMark, b: AlertMark) => a.severity === b.severity && a.summary === b.summary;
    this.alertMarks = this.diffMarks(overlay.alerts, this.alertMarks, touched, sameAlert);
    this.silencedAlertMarks = this.diffMarks(overlay.silencedAlerts, this.silencedAlertMarks, touched, sameAlert);
    this.maintenanceMarks = this.diffMarks(overlay.maintenance, this.maintenanceMarks, touched, (a, b) => a.reason === b.reason);
    for (const i of touched) {
      // A new maintenance reason changes what the state says even when no status moves.
      this.pendingEnvs.add(i);
      this.compose(i, at);
    }
  }

  /** Sends what changed since the last flush as one delta, and keeps it in the store. */
  flush(): void {
    if (this.pendingEnvs.size === 0 && this.pendingSources.size === 0) return;
    const changed = [...this.pendingEnvs];
    const states = changed.map((i) => this.state(i));
    const sources = [...this.pendingSources].flatMap((id) => {
      const source = this.sources.get(id);
      return source ? [{ ...source }] : [];
    });
    this.pendingEnvs.clear();
    this.pendingSources.clear();
    this.revisionNumber += 1;
    const at = this.options.clock.now();
    const rollups = this.rollups.takeDirty();
    // Past this size the snapshot says the same in far fewer bytes: skip a revision, and clients seeing the gap fetch it.
    const delta: FleetDelta =
      changed.length > Math.max(SNAPSHOT_INSTEAD_MIN, this.environments.length * SNAPSHOT_INSTEAD_SHARE)
        ? { revision: (this.revisionNumber += 1), at, states: [], rollups: [], sources: [] }
        : { revision: this.revisionNumber, at, states, rollups, sources };
    this.options.store.saveMany(
      states.map((state, n) => ({
        id: state.id,
        source: this.environments[changed[n] ?? -1]?.watchedBy ?? '',
        health: state.health,
        // The measured reason, not the maintenance note: a restart shows what was measured until the silences are read again.
        reason: this.reason[changed[n] ?? -1] ?? state.reason,
        observedAt: state.observedAt,
        changedAt: state.changedAt,
      })),
    );
    this.options.emit(delta);
  }

  /** Turns the data of sources that went quiet stale, and records when live sources were last seen. */
  sweep(): void {
    const now = this.options.clock.now();
    for (const source of this.sources.values()) {
      if (!this.isFresh(source, now)) {
        if (source.state === 'up') {
          source.state = 'down';
          source.lastError = `no data for ${Math.round((now - (source.lastSuccessAt ?? now)) / 1000)} s`;
          this.pendingSources.add(source.id);
        }
        this.markStale(source.id, now);
      }
    }
    this.persistObserved(false);
  }

  private ingest(sourceId: string, report: HealthReport): void {
    const source = this.sources.get(sourceId);
    if (!source) return;
    const wasFresh = this.isFresh(source, report.at) && source.state === 'up';
    source.state = 'up';
    source.lastSuccessAt = report.at;
    source.lastError = null;
    source.latencyMs = Math.round(report.latencyMs * 10) / 10;
    this.pendingSources.add(sourceId);
    this.staleSources.delete(sourceId);

    const touched = new Set<number>();
    for (const sample of report.samples) {
      const i = this.index.get(sample.env);
      if (i === undefined || this.environments[i]?.watchedBy !== sourceId) continue;
      const server = (this.serverStart[i] ?? 0) + sample.server;
      if (server >= (this.serverStart[i + 1] ?? 0)) continue;
      this.values[server * CHECK_COUNT + CHECK_INDEX[sample.check]] = sample.value;
      touched.add(i);
    }
    const gaps = this.gapsOf(sourceId, report.unanswered ?? []);
    // After a partial round every environment is recomputed: those left out turn stale, those that answered again turn live.
    const recompute = wasFresh && gaps.size === 0 && (this.partialEnvs.get(sourceId)?.size ?? 0) === 0 ? touched : (this.sourceEnvs.get(sourceId) ?? []);
    this.partialEnvs.set(sourceId, new Set(gaps.keys()));
    for (const i of recompute) this.recompute(i, report.at, gaps.get(i));
  }

  /** The checks each environment of the source did not get this round, with why. */
  private gapsOf(sourceId: string, unanswered: readonly Unanswered[]): Map<number, { checks: Set<CheckName>; reasons: Map<CheckName, string> }> {
    const gaps = new Map<number, { checks: Set<CheckName>; reasons: Map<CheckName, string> }>();
    for (const gap of unanswered) {
      const envs = gap.envs === undefined ? (this.sourceEnvs.get(sourceId) ?? []) : gap.envs.flatMap((id) => {
        const i = this.index.get(id);
        return i !== undefined && this.environments[i]?.watchedBy === sourceId ? [i] : [];
      });
      for (const i of envs) {
        const entry = gaps.get(i) ?? { checks: new Set<CheckName>(), reasons: new Map<CheckName, string>() };
        entry.checks.add(gap.check);
        entry.reasons.set(gap.check, gap.reason);
        gaps.set(i, entry);
      }
    }
    return gaps;
  }

  private sourceFailed(sourceId: string, at: number, message: string): void {
    const source = this.sources.get(sourceId);
    if (!source) return;
    source.state = 'down';
    source.lastError = message;
    this.pendingSources.add(sourceId);
    if (!this.isFresh(source, at)) this.markStale(sourceId, at);
  }

  /** Once per outage, not once per sweep: the source's environments stay stale until it reports again. */
  private markStale(sourceId: string, at: number): void {
    if (this.staleSources.has(sourceId)) return;
    this.staleSources.add(sourceId);
    for (const i of this.sourceEnvs.get(sourceId) ?? []) {
      this.stale[i] = 1;
      this.liveCheckHealth[i] = 'unknown';
      this.compose(i, at);
    }
  }

  /** A source that reports every minute is not stale after 30 s: the limit is the larger of the setting and three missed reports. */
  private staleLimit(sourceId: string): number {
    const every = this.options.connectors.get(sourceId)?.health?.reportEveryMs ?? 0;
    return Math.max(this.staleAfterMs, every * 3);
  }

  private isFresh(source: SourceStatus, now: number): boolean {
    return source.lastSuccessAt !== null && now - source.lastSuccessAt <= this.staleLimit(source.id);
  }

  /** The environment's checks as they stand after a round; `gap` names the checks the round did not get, which keep their old values. */
  private recompute(i: number, at: number, gap?: { checks: ReadonlySet<CheckName>; reasons: ReadonlyMap<CheckName, string> }): void {
    let worst: Health = 'ok';
    let worstReason = '';
    let problems = 0;
    let measured = 0;
    let live: Health = 'ok';
    for (let s = this.serverStart[i] ?? 0; s < (this.serverStart[i + 1] ?? 0); s++) {
      const role = this.serverRoles[s] ?? 'app';
      for (const rule of CHECK_RULES) {
        if (!appliesTo(rule.check, role)) continue;
        const slot = s * CHECK_COUNT + CHECK_INDEX[rule.check];
        const missed = gap?.checks.has(rule.check) ?? false;
        this.missed[slot] = missed ? 1 : 0;
        if (!missed) this.checkSeenAt[slot] = at;
        const value = this.values[slot] ?? Number.NaN;
        const checkState = checkStatus(rule, value);
        if (!missed) live = worstOf(live, checkState);
        // A check the backend does not measure for this server is not a problem of the server.
        if (checkState === 'unknown') continue;
        measured += 1;
        if (checkState === 'ok') continue;
        problems += 1;
        if (worstReason === '' || healthRank(checkState) < healthRank(worst)) {
          worst = checkState;
          worstReason = describeCheck(rule, value, this.serverNames[s] ?? '');
        }
      }
    }
    // An environment a round left partly out was last fully observed before it.
    if (gap === undefined) this.observedAt[i] = at;
    const words = gap === undefined ? '' : [...gap.reasons].map(([check, reason]) => `${check} not answered (${reason})`).join('; ');
    if (this.gap[i] !== words) this.pendingEnvs.add(i);
    this.gap[i] = words;
    this.liveCheckHealth[i] = live;
    const stale = gap !== undefined;
    if (measured === 0) return this.setHealth(i, 'unknown', 'No data yet', at, stale);
    if (problems === 0) return this.setHealth(i, 'ok', `All ${measured} checks OK`, at, stale);
    const more = problems > 1 ? ` (+${problems - 1} more)` : '';
    this.setHealth(i, worst, `${worstReason}${more}`, at, stale);
  }

  private setHealth(i: number, health: Health, reason: string, at: number, stale: boolean): void {
    this.checkHealth[i] = health;
    this.checkReason[i] = reason;
    this.stale[i] = stale ? 1 : 0;
    this.compose(i, at);
  }

  /**
   * What is shown is the worse of the checks and the unsilenced alerts, unless maintenance, then
   * staleness, override it; the health underneath also counts silenced alerts, and the reason
   * names a silenced alert that makes it worse, so both facts are shown.
   */
  private compose(i: number, at: number): void {
    let shown = this.checkHealth[i] ?? 'unknown';
    let reason = this.checkReason[i] ?? '';
    const alert = this.alertMarks.get(i);
    if (alert && healthRank(alert.severity) < healthRank(shown)) {
      shown = alert.severity;
      reason = alert.summary;
    }
    let health = shown;
    const silenced = this.silencedAlertMarks.get(i);
    if (silenced && healthRank(silenced.severity) < healthRank(health)) {
      health = silenced.severity;
      reason = `${reason}; silenced alert: ${silenced.summary} (${silenced.severity})`;
    }
    const healthChanged = this.health[i] !== health;
    if (healthChanged || this.reason[i] !== reason) {
      this.health[i] = health;
      this.reason[i] = reason;
      this.pendingEnvs.add(i);
      if (healthChanged) this.changedAt[i] = this.healthSince[i] = at;
    }
    this.setStatus(i, this.maintenanceMarks.has(i) ? 'maintenance' : this.stale[i] === 1 ? this.staleStatus(i, alert) : shown, at);
  }

  /** Stale data never hides what is live: an unsilenced critical alert, or a critical check that did answer, shows critical. */
  private staleStatus(i: number, alert: AlertMark | undefined): HealthStatus {
    const source = this.environments[i]?.watchedBy ?? '';
    const checks = this.staleSources.has(source) ? 'unknown' : (this.liveCheckHealth[i] ?? 'unknown');
    return checks === 'critical' || alert?.severity === 'critical' ? 'critical' : 'stale';
  }

  private diffMarks<M>(next: ReadonlyMap<string, M>, previous: ReadonlyMap<number, M>, touched: Set<number>, same: (a: M, b: M) => boolean): Map<number, M> {
    const marks = new Map<number, M>();
    for (const [id, mark] of next) {
      const i = this.index.get(id);
      if (i === undefined) continue;
      marks.set(i, mark);
      const before = previous.get(i);
      if (before === undefined || !same(before, mark)) touched.add(i);
    }
    for (const i of previous.keys()) if (!marks.has(i)) touched.add(i);
    return marks;
  }

  private setStatus(i: number, status: HealthStatus, at: number): void {
    const previous = this.status[i];
    if (previous === status) return;
    this.status[i] = status;
    this.changedAt[i] = at;
    this.rollups.move(this.rollupKeys[i] ?? [], previous, status);
    this.pendingEnvs.add(i);
  }

  private restore(i: number, stored: StoredEnvState | undefined, now: number): void {
    this.health[i] = this.checkHealth[i] = stored?.health ?? 'unknown';
    this.reason[i] = this.checkReason[i] = stored?.reason ?? 'No data yet';
    this.observedAt[i] = stored?.observedAt ?? null;
    this.changedAt[i] = this.healthSince[i] = stored?.changedAt ?? now;
    const observed = stored?.observedAt;
    const status = !stored ? 'unknown' : observed !== null && observed !== undefined && now - observed <= this.staleLimit(stored.source) ? stored.health : 'stale';
    this.status[i] = status;
    this.stale[i] = status === 'stale' ? 1 : 0;
    this.rollups.move(this.rollupKeys[i] ?? [], undefined, status);
  }

  private state(i: number): EnvironmentState {
    const env = this.env(i);
    const source = this.sources.get(env.watchedBy);
    const status = this.status[i] ?? 'unknown';
    return {
      id: env.id,
      status,
      health: this.health[i] ?? 'unknown',
      reason: status === 'maintenance' ? (this.maintenanceMarks.get(i)?.reason ?? '') : this.shownReason(i),
      observedAt: lastObserved({ status, observedAt: this.observedAt[i] ?? null }, source),
      changedAt: this.changedAt[i] ?? 0,
    };
  }

  /** The measured reason, and when the data is stale, which of it did not answer: both facts, never one hiding the other. */
  private shownReason(i: number): string {
    const reason = this.reason[i] ?? '';
    if (this.stale[i] !== 1) return reason;
    return `${reason}; ${this.gap[i] || 'metrics stale'}`;
  }

  private persistObserved(force: boolean): void {
    const now = this.options.clock.now();
    if (!force && now - this.lastPersistedObserved < PERSIST_OBSERVED_EVERY_MS) return;
    this.lastPersistedObserved = now;
    for (const source of this.sources.values()) {
      // A source whose latest round left environments out does not vouch for all of them.
      if (source.state === 'up' && source.lastSuccessAt !== null && (this.partialEnvs.get(source.id)?.size ?? 0) === 0) {
        this.options.store.markObserved(source.id, source.lastSuccessAt);
        for (const i of this.sourceEnvs.get(source.id) ?? []) this.observedAt[i] = source.lastSuccessAt;
      }
    }
  }

  private indexOf(id: string): number {
    const i = this.index.get(id);
    if (i === undefined) throw new OpsFailure('not-found', `no environment "${id}" in the fleet definition`);
    return i;
  }

  private watched(i: number): WatchedEnvironment {
    const env = this.options.view.watched[i];
    if (!env) throw new OpsFailure('internal', `environment index ${i} out of range`);
    return env;
  }

  private env(i: number): EnvironmentView {
    const env = this.environments[i];
    if (!env) throw new OpsFailure('internal', `environment index ${i} out of range`);
    return env;
  }
}
