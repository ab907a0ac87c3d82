import { ConnectorError } from '../../http/backend-client.js';
import type { MaintenanceItem, MaintenancePublisher } from '../capabilities.js';
import { hashOf } from './random.js';

/** A window as the simulated backend holds it: what it was told, by value. */
export interface SandboxWindow {
  id: string;
  marker: string;
  title: string;
  body: string;
  start: number;
  end: number;
  environments: string[];
  scopeIds: string[];
  series: MaintenanceItem['series'];
  createdBy: string;
  state: 'scheduled' | 'cancelled';
}

/**
 * The simulated fleet's maintenance windows, in memory, so the embedded fleet can publish with
 * no account anywhere. It takes a whole series as one item, as a Datadog downtime does, and its
 * ids come from the seed and the order of creation, the same on every run.
 */
export class SandboxMaintenance implements MaintenancePublisher {
  private readonly windows = new Map<string, SandboxWindow>();
  private created = 0;

  constructor(
    private readonly seed: number,
    /** Names the backend in errors. */
    private readonly name: string,
  ) {}

  acceptsSeries(): boolean {
    return true;
  }

  async find(marker: string): Promise<string | null> {
    for (const window of this.windows.values()) if (window.state === 'scheduled' && window.marker === marker) return window.id;
    return null;
  }

  async create(item: MaintenanceItem): Promise<string> {
    this.check(item);
    this.created += 1;
    const id = `sandbox-mw-${hashOf(this.seed, `maintenance:${this.created}:${item.marker}`).toString(16).padStart(8, '0')}-${this.created}`;
    this.windows.set(id, this.held(id, item));
    return id;
  }

  /** A cancelled window stays cancelled: like a deleted one, it answers 404, and the caller publishes it afresh. */
  async update(remoteId: string, item: MaintenanceItem): Promise<string> {
    const current = this.windows.get(remoteId);
    if (!current || current.state === 'cancelled') throw new ConnectorError('http', `${this.name}: no maintenance window with id "${remoteId}"`, 404);
    this.check(item);
    this.windows.set(remoteId, this.held(remoteId, item));
    return remoteId;
  }

  async cancel(remoteId: string): Promise<void> {
    const current = this.windows.get(remoteId);
    if (current) this.windows.set(remoteId, { ...current, state: 'cancelled' });
  }

  /** Every window it was given, cancelled ones included, in the order they were created. */
  list(): SandboxWindow[] {
    return [...this.windows.values()].map((window) => ({ ...window, environments: [...window.environments], scopeIds: [...window.scopeIds] }));
  }

  private check(item: MaintenanceItem): void {
    if (item.end <= item.start) throw new ConnectorError('http', `${this.name}: a maintenance window must end after it starts`, 400);
  }

  private held(id: string, item: MaintenanceItem): SandboxWindow {
    return {
      id,
      marker: item.marker,
      title: item.title,
      body: item.body,
      start: item.start,
      end: item.end,
      environments: item.environments.map((env) => env.view.id),
      scopeIds: [...item.scopeIds],
      series: item.series ? { ...item.series } : null,
      createdBy: item.createdBy,
      state: 'scheduled',
    };
  }
}
