import type { PublishOutcome } from '../../../../shared/contract/calendar.js';
import type { Connector, MaintenanceItem, MaintenancePublisher } from '../../connectors/capabilities.js';
import { failpoint } from '../../faults/failpoints.js';
import { ConnectorError } from '../../http/backend-client.js';
import type { PublicationRecord, PublicationRepo } from '../../store/publication-repo.js';

/** How long one backend call may take before the attempt is recorded as failed (and can be retried). */
const CALL_TIMEOUT_MS = 30_000;

export interface PublishTask {
  windowId: string;
  /** The item's key on record and in its marker (positionKey or seriesKey). */
  key: string;
  /** The key the outcome is reported under: the occurrence as the calendar shows it. */
  shownKey: string;
  /** A record of the same occurrence kept under its key from before positions: what it holds is updated, not published twice. */
  replaces?: PublicationRecord | undefined;
  series: boolean;
  item: MaintenanceItem;
  /** fingerprintOf(item): computed by the caller, who knows the scope's digest. */
  fingerprint: string;
}

export interface CancelTask {
  record: PublicationRecord;
  shownKey: string;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isGone(error: unknown): boolean {
  return error instanceof ConnectorError && error.status === 404;
}

/**
 * Sends windows to the backends exactly once. Each (item, backend) has a record: what was
 * sent is not sent again, an edit updates what is there, and an item whose record was lost
 * (a crash between the backend's answer and the record) is found on the backend by its marker
 * before anything is created. Backends run side by side; one failing leaves the others alone.
 */
export class PublishService {
  /** One run per window at a time, so a double click cannot race find-then-create. */
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: {
      repo: PublicationRepo;
      connectors: () => ReadonlyMap<string, Connector>;
      now: () => number;
      log: (line: string) => void;
    },
  ) {}

  publisherOf(backendId: string): { publisher: MaintenancePublisher; connector: Connector } | { error: string } {
    const connector = this.deps.connectors().get(backendId);
    if (!connector) return { error: `backend "${backendId}" is not connected: add it in Settings or the fleet file` };
    if (!connector.maintenance) return { error: `${connector.name} (${connector.kind}) cannot hold maintenance windows` };
    return { publisher: connector.maintenance, connector };
  }

  publish(windowId: string, byBackend: ReadonlyMap<string, readonly PublishTask[]>): Promise<PublishOutcome[]> {
    return this.serialised(windowId, async () => {
      const perBackend = await Promise.all(
        [...byBackend].map(async ([backendId, tasks]) => {
          const found = this.publisherOf(backendId);
          if ('error' in found) return tasks.map((task) => this.fail(task, backendId, found.error, null));
          const outcomes: PublishOutcome[] = [];
          for (const task of tasks) outcomes.push(await this.publishOne(found.publisher, backendId, task));
          return outcomes;
        }),
      );
      return perBackend.flat();
    });
  }

  cancel(windowId: string, tasks: readonly CancelTask[]): Promise<PublishOutcome[]> {
    return this.serialised(windowId, async () => {
      const outcomes: PublishOutcome[] = [];
      for (const { record, shownKey } of tasks) outcomes.push(await this.cancelOne(record, shownKey));
      return outcomes;
    });
  }

  private async serialised<T>(windowId: string, run: () => Promise<T>): Promise<T> {
    const previous = this.running.get(windowId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(run);
    this.running.set(windowId, next);
    try {
      return await next;
    } finally {
      if (this.running.get(windowId) === next) this.running.delete(windowId);
    }
  }

  /** Creates an item; the failpoints around the call are where a crash leaves it on the backend without its record (tests/faults). */
  private async create(publisher: MaintenancePublisher, item: MaintenanceItem, signal: AbortSignal): Promise<string> {
    failpoint('publish.before-create');
    const remoteId = await publisher.create(item, signal);
    failpoint('publish.after-create');
    return remoteId;
  }

  private async publishOne(publisher: MaintenancePublisher, backendId: string, task: PublishTask): Promise<PublishOutcome> {
    const { fingerprint } = task;
    const record = this.deps.repo.get(task.windowId, task.key, backendId) ?? (task.replaces?.backendId === backendId ? task.replaces : undefined);
    if (record?.itemKey === task.key && record.state === 'published' && record.fingerprint === fingerprint) {
      return { key: task.shownKey, backendId, state: 'published', unchanged: true, error: null };
    }
    let remoteId = record && record.state !== 'cancelled' ? record.remoteId : null;
    try {
      const signal = AbortSignal.timeout(CALL_TIMEOUT_MS);
      remoteId ??= await publisher.find(task.item.marker, signal);
      if (remoteId) {
        try {
          remoteId = await publisher.update(remoteId, task.item, signal);
        } catch (error) {
          // Deleted on the backend by hand: publish it again rather than fail for ever.
          if (!isGone(error)) throw error;
          remoteId = await this.create(publisher, task.item, signal);
        }
      } else {
        remoteId = await this.create(publisher, task.item, signal);
      }
      this.save(task, backendId, { remoteId, state: 'published', fingerprint, error: null });
      if (record && record.itemKey !== task.key) this.deps.repo.save({ ...record, state: 'cancelled', error: null, updatedAt: this.deps.now() });
      return { key: task.shownKey, backendId, state: 'published', unchanged: false, error: null };
    } catch (error) {
      return this.fail(task, backendId, describe(error), remoteId);
    }
  }

  private async cancelOne(record: PublicationRecord, shownKey: string): Promise<PublishOutcome> {
    const base = { key: shownKey, backendId: record.backendId, unchanged: false };
    if (record.state === 'cancelled') return { ...base, state: 'cancelled', unchanged: true, error: null };
    const found = this.publisherOf(record.backendId);
    try {
      if ('error' in found) throw new Error(found.error);
      if (record.remoteId) await found.publisher.cancel(record.remoteId, AbortSignal.timeout(CALL_TIMEOUT_MS));
      this.deps.repo.save({ ...record, state: 'cancelled', error: null, updatedAt: this.deps.now() });
      return { ...base, state: 'cancelled', error: null };
    } catch (error) {
      const message = describe(error);
      this.deps.log(`calendar: cancelling ${record.itemKey} on ${record.backendId} failed: ${message}`);
      this.deps.repo.save({ ...record, state: 'cancel-failed', error: message, updatedAt: this.deps.now() });
      return { ...base, state: 'cancel-failed', error: message };
    }
  }

  private fail(task: PublishTask, backendId: string, message: string, remoteId: string | null): PublishOutcome {
    this.deps.log(`calendar: publishing ${task.key} to ${backendId} failed: ${message}`);
    const previous = this.deps.repo.get(task.windowId, task.key, backendId);
    this.save(task, backendId, { remoteId, state: 'failed', fingerprint: previous?.fingerprint ?? '', error: message });
    return { key: task.shownKey, backendId, state: 'failed', unchanged: false, error: message };
  }

  private save(task: PublishTask, backendId: string, fields: Pick<PublicationRecord, 'remoteId' | 'state' | 'fingerprint' | 'error'>): void {
    this.deps.repo.save({ windowId: task.windowId, itemKey: task.key, backendId, series: task.series, updatedAt: this.deps.now(), ...fields });
  }
}
