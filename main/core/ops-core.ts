import type { AuditHost } from '../../shared/contract/audit.js';
import type { Result } from '../../shared/contract/errors.js';
import { describeProblem } from '../../shared/contract/fleet.js';
import type { EventName, EventPayload, SystemInfo } from '../../shared/contract/methods.js';
import { dirname, resolve } from 'node:path';
import type { FleetDefinition } from '../../shared/fleet-definition/schema.js';
import { Dispatcher } from './api/dispatcher.js';
import { AlertService } from './alerts/alert-service.js';
import { commandAuditEntry } from './audit/command-audit.js';
import { AuditService } from './audit/audit-service.js';
import { AuditShipping } from './audit/audit-shipping.js';
import type { ShipperTiming } from './audit/audit-shipper.js';
import { auditHandlers } from './audit/handlers.js';
import { OperatorProfiles } from './audit/operator-profile.js';
import { CalendarService } from './calendar/calendar-service.js';
import { calendarHandlers } from './calendar/handlers.js';
import { alertHandlers } from './alerts/handlers.js';
import { ConnectionService } from './connections/connection-service.js';
import { isRemote } from './connections/effective-backends.js';
import { connectionHandlers } from './connections/handlers.js';
import type { Connector } from './connectors/capabilities.js';
import type { CoreContext } from './core-context.js';
import { DeployService } from './deploys/deploy-service.js';
import { deployHandlers } from './deploys/handlers.js';
import { incidentHandlers } from './incidents/handlers.js';
import { notificationHandlers } from './notifications/handlers.js';
import { NotificationPauses } from './notifications/notification-pause.js';
import { EndNoticeRunner, type EndNoticeRunnerDeps } from './lifecycle/end-notice-runner.js';
import { IncidentService } from './incidents/incident-service.js';
import { coreIncidentContext } from './incidents/incident-context.js';
import { ChatRelay } from './incidents/chat-relay.js';
import { observationHandlers } from './observations/handlers.js';
import { createConnectors, type ConnectorDeps } from './connectors/registry.js';
import { systemClock, type Clock } from './clock.js';
import { DEFAULT_SANDBOX_SEED, DEFAULT_SANDBOX_SIZE } from './connectors/sandbox/generate-fleet.js';
import { markDecommissionedInFile } from './definition/decommissioned-mark.js';
import { embeddedDefinition, FleetFileSource, type LoadedDefinition } from './definition/definition-source.js';
import { EventBus } from './events/event-bus.js';
import { FleetService } from './fleet/fleet-service.js';
import { toFleetView } from './fleet/fleet-view.js';
import type { Resilience } from './http/resilience.js';
import { openStore } from './store/store.js';
import type { KeytarLoader } from './vault/keytar-module.js';
import { Redactor } from './vault/redactor.js';
import { Vault } from './vault/vault.js';

export interface OpsCoreOptions {
  dataDir: string;
  version: string;
  /** A fleet file; without one the embedded simulated fleet is used. */
  fleetFile?: string;
  sandboxSeed?: number;
  sandboxSize?: number;
  readOnly?: boolean;
  clock?: Clock;
  staleAfterMs?: number;
  log?: (line: string) => void;
  /** Who is at the console until a profile is set in Settings; defaults to the OS user. */
  operator?: string;
  /** Which host this core serves, recorded on every audit row (default: the desktop app). */
  host?: AuditHost;
  /** The OS keychain module; tests inject one. Defaults to keytar, loaded on first use. */
  keytar?: KeytarLoader;
  /** How long a keychain call may take before it is given up (default 5 s). */
  keychainTimeoutMs?: number;
  /** Retries, backoff and circuit breaker of the backend clients. */
  http?: Partial<Resilience>;
  /** Builds the connectors of the backends; tests wrap the real one to script a backend. */
  createConnectors?: typeof createConnectors;
  /** The deploy service's pace: how often deployments are polled, how long a backend call may take, when a silent backend is reported. */
  deploys?: { pollMs?: number; callTimeoutMs?: number; noAnswerAfterMs?: number };
  /** The incident service's pace: how often the ticketing backend is read, how long a queued command waits for its send. */
  incidents?: { pollMs?: number; sendWaitMs?: number; callTimeoutMs?: number };
  /** How often incidents' chat channels are brought up to date without a change (SLA thresholds pass with time alone). */
  chat?: { everyMs?: number; callTimeoutMs?: number };
  /** How often the environments' ends are looked at for account-team notices, and how long one backend call may take. */
  endNotices?: Omit<EndNoticeRunnerDeps, 'ctx'>;
  /** The audit shipper's pace: the waits after a failure and between looks at an empty queue. */
  auditShip?: ShipperTiming;
}

/** Whether two definitions differ only in their calendar: a calendar edit must not restart the fleet's connectors. */
function sameFleet(a: FleetDefinition, b: FleetDefinition): boolean {
  return JSON.stringify({ ...a, calendar: null }) === JSON.stringify({ ...b, calendar: null });
}

export interface OpsCore {
  readonly readOnly: boolean;
  dispatch(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  close(): void;
}

/**
 * The console's core, plain Node: the store, the fleet definition, the connectors and the
 * services, behind the one contract. Both hosts (Electron and the browser host) wrap this.
 */
export function createOpsCore(options: OpsCoreOptions): OpsCore {
  const clock = options.clock ?? systemClock;
  const redactor = new Redactor();
  const writeLog = options.log ?? ((line: string) => console.error(`watchfloor: ${line}`));
  // Whatever a line picked up (a backend echoing a request, say), no secret the core holds leaves through the log.
  const log = (line: string) => writeLog(redactor.redact(line));
  const readOnly = options.readOnly ?? false;
  const startedAt = clock.now();
  const store = openStore(options.dataDir, clock.now);
  const replacedStore = store.status().replaced;
  if (replacedStore) log(replacedStore.message);
  // Every event payload and every answer passes the redactor last: whatever a backend's words carried in, no secret leaves.
  const bus = new EventBus((payload) => redactor.redactDeep(payload));

  const fileSource = options.fleetFile ? new FleetFileSource(options.fleetFile, store.settings, clock.now) : undefined;
  let loaded: LoadedDefinition;
  try {
    loaded = fileSource ? fileSource.load() : embeddedDefinition(options.sandboxSeed ?? DEFAULT_SANDBOX_SEED, options.sandboxSize ?? DEFAULT_SANDBOX_SIZE, startedAt);
  } catch (error) {
    store.close();
    throw error;
  }
  /** Said on the log as well as in system.info: who runs it from a terminal learns why the file was passed over. */
  const logProblems = (status: LoadedDefinition['status']) => {
    for (const problem of status.problems) log(`fleet file: ${describeProblem(problem)}`);
  };
  logProblems(loaded.status);
  if (loaded.status.problems.length > 0) log(`fleet file: started on its last good definition; fix ${loaded.status.file ?? 'the file'} and it is read again`);

  const vault = new Vault({
    redactor,
    now: clock.now,
    ...(options.keytar ? { loadKeytar: options.keytar } : {}),
    ...(options.keychainTimeoutMs ? { timeoutMs: options.keychainTimeoutMs } : {}),
  });
  const connections = new ConnectionService({
    repo: store.connections,
    vault,
    redactor,
    clock,
    log,
    definition: () => ({ definition: loaded.definition, file: loaded.status.file }),
    changed: () => reconnect(),
    ...(options.http ? { resilience: options.http } : {}),
  });
  const connectorDeps: ConnectorDeps = {
    clock,
    log,
    dataDir: options.dataDir,
    ...(options.fleetFile ? { fleetDir: dirname(resolve(options.fleetFile)) } : {}),
    client: (backend) => connections.client(backend),
  };
  const buildConnectors = options.createConnectors ?? createConnectors;
  let connectors: ReadonlyMap<string, Connector> = new Map();
  let view = toFleetView(loaded.definition);
  const startFleet = (definition: LoadedDefinition['definition'], firstRevision: number) => {
    for (const connector of connectors.values()) connector.close();
    connectors = buildConnectors(connections.backends(definition), connectorDeps);
    view = toFleetView(definition);
    const service = new FleetService({
      view,
      connectors,
      store: store.envStates,
      clock,
      emit: (delta) => bus.emit('fleet.delta', delta),
      firstRevision,
      unpolled: new Set(definition.tenants.flatMap((tenant) => tenant.environments.filter((env) => env.decommissioned !== undefined).map((env) => env.id))),
      log,
      ...(options.staleAfterMs ? { staleAfterMs: options.staleAfterMs } : {}),
    });
    service.start();
    return service;
  };
  let fleet = startFleet(loaded.definition, 0);
  /** A connection was saved or removed: new connectors, as after a fleet-file reload, and the renderer refetches. */
  const reconnect = () => {
    const revision = fleet.revision + 1;
    fleet.stop();
    fleet = startFleet(loaded.definition, revision);
    alerts.restart();
    deploys.reconnected();
    incidents.reconnected();
    chatRelay.reconnected();
    auditShipping.configure(loaded.definition.audit?.ship);
    bus.emit('fleet.reloaded', { revision: fleet.revision, definition: loaded.status });
  };

  /** A definition read again (the watcher, or a write by the calendar): only what changed is restarted. */
  const applyLoaded = (next: LoadedDefinition) => {
    const previous = loaded;
    const changed = next.definition !== previous.definition;
    const fleetChanged = changed && !sameFleet(previous.definition, next.definition);
    if (fleetChanged) {
      const revision = fleet.revision + 1;
      fleet.stop();
      fleet = startFleet(next.definition, revision);
    }
    loaded = next;
    // After `loaded`: the alert sources read their poll intervals from the new definition.
    if (fleetChanged) {
      alerts.restart();
      deploys.reconnected();
      incidents.reconnected();
      chatRelay.reconnected();
    }
    if (changed) calendar.definitionChanged(next.definition.calendar);
    if (changed) auditShipping.configure(next.definition.audit?.ship);
    logProblems(next.status);
    if (fleetChanged || next.status.problems.length > 0 || previous.status.problems.length > 0) {
      bus.emit('fleet.reloaded', { revision: fleet.revision, definition: next.status });
    }
  };
  const stopWatching = fileSource?.watch(applyLoaded, log);

  const operators = new OperatorProfiles(store.settings, options.operator);
  const notificationPauses = new NotificationPauses({ settings: store.settings, now: clock.now, changed: (pause) => bus.emit('notifications.paused', pause) });
  const ctx: CoreContext = {
    clock,
    log,
    store,
    bus,
    // Read at each use: a profile saved in Settings names the very next action.
    get operator() {
      return operators.actor();
    },
    definition: () => loaded.definition,
    view: () => view,
    fleet: () => fleet,
    connectors: () => connectors,
  };
  const alerts = new AlertService(ctx);
  alerts.start();
  const calendar = new CalendarService({
    ctx,
    dataDir: options.dataDir,
    fleetFile: () => loaded.status.file,
    definitionProblems: () => loaded.status.problems,
    reloadDefinition: () => {
      if (fileSource) applyLoaded(fileSource.load());
    },
    alerts: () => alerts.list(),
    deployments: () => deploys.deployments(),
  });

  const audit = new AuditService({ repo: store.audit, bus, clock, host: options.host ?? 'desktop', redact: (text) => redactor.redact(text) });
  const auditShipping = new AuditShipping({
    queue: store.auditShip,
    now: clock.now,
    log,
    // The backend as the connectors use it: a URL-less one in the file is completed by its Settings connection.
    elasticsearchClient: (id) => {
      const backend = connections.backends(loaded.definition).find((candidate) => candidate.id === id);
      return backend && isRemote(backend) && backend.kind === 'elasticsearch' && backend.url !== undefined ? connections.client(backend) : null;
    },
    ...(options.auditShip ? { timing: options.auditShip } : {}),
  });
  auditShipping.configure(loaded.definition.audit?.ship);
  bus.on('audit.appended', () => auditShipping.nudge());
  // The deploy rules see the calendar in use: beside the simulated fleet it is kept in a file of its own.
  let withCalendar = { base: loaded.definition, merged: loaded.definition };
  const definitionWithCalendar = (): FleetDefinition => {
    const base = loaded.definition;
    const current = calendar.calendar();
    if (withCalendar.base !== base || withCalendar.merged.calendar !== current) {
      withCalendar = { base, merged: base.calendar === current ? base : { ...base, calendar: current } };
    }
    return withCalendar.merged;
  };
  const fleetFile = options.fleetFile;
  const markInFleetFile =
    fileSource && fleetFile !== undefined
      ? (environmentId: string, date: string) => {
          markDecommissionedInFile(fleetFile, environmentId, date);
          applyLoaded(fileSource.load());
        }
      : null;
  const deploys = new DeployService({
    ctx: { ...ctx, definition: definitionWithCalendar },
    audit,
    alerts: () => alerts.list().alerts,
    connectionHealth: (id) => connections.health(id),
    redact: (text) => redactor.redact(text),
    markDecommissioned: markInFleetFile,
    ...options.deploys,
  });
  deploys.resume();
  const incidentContext = coreIncidentContext(ctx, { alerts, deploys, calendar, openIncidents: () => incidents.openIncidents() });
  const incidents = new IncidentService({
    ctx,
    audit,
    alerts: () => alerts.list().alerts,
    // The timeline around the incident (alerts, silences, deploys, windows), the changes correlated with it, and alerts offered for linking.
    insights: incidentContext,
    ...options.incidents,
  });
  incidents.start();
  const endNotices = new EndNoticeRunner({ ctx, ...options.endNotices });
  endNotices.start();
  // Each incident's channel in the team's chat, kept in step with the incident's record.
  const chatRelay = new ChatRelay({ ctx, correlation: (incident) => incidentContext.correlation(incident), ...options.chat });
  chatRelay.start();

  const dispatcher = new Dispatcher({
    readOnly,
    log,
    now: clock.now,
    commandResults: store.commandResults,
    outbound: (result) => redactor.redactDeep(result),
    // Deploy commands write richer entries of their own.
    afterCommand: (method, input, result) => {
      if (!method.startsWith('deploys.')) audit.append(commandAuditEntry(method, input, result, ctx.operator, clock.now()));
    },
    handlers: {
      'system.info': (): SystemInfo => ({
        product: 'Watchfloor',
        version: options.version,
        readOnly,
        startedAt,
        definition: loaded.status,
        store: store.status(),
      }),
      'fleet.snapshot': () => fleet.snapshot(),
      'fleet.environment': ({ id }) => {
        const detail = fleet.detail(id);
        return { ...detail, endNotice: endNotices.known(id, detail.environment.lifecycle.endDate) };
      },
      'sandbox.injectFault': ({ environmentId, check, severity, durationSeconds }) => {
        const fault = fleet.injectFault(environmentId, check, severity, durationSeconds * 1000);
        return { environmentId, server: fault.server, until: fault.until };
      },
      ...observationHandlers(ctx),
      ...connectionHandlers(connections),
      ...alertHandlers(alerts),
      ...calendarHandlers(calendar),
      ...deployHandlers(deploys),
      ...auditHandlers(audit, operators, auditShipping),
      ...incidentHandlers(incidents),
      ...notificationHandlers(notificationPauses),
    },
  });

  return {
    readOnly,
    dispatch: (method, input) => dispatcher.dispatch(method, input),
    subscribe: (event, listener) => bus.on(event, listener),
    close: () => {
      stopWatching?.();
      chatRelay.stop();
      incidents.stop();
      notificationPauses.close();
      endNotices.stop();
      incidentContext.close();
      deploys.close();
      alerts.close();
      void auditShipping.stop();
      fleet.stop();
      for (const connector of connectors.values()) connector.close();
      store.close();
    },
  };
}
