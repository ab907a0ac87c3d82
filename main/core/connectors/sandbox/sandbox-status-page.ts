import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { failpoint } from '../../faults/failpoints.js';
import { ConnectorError } from '../../http/backend-client.js';
import type { ComponentImpact, PublicIncident, StatusPageIncidents, StatusPost } from '../capabilities.js';
import type { SandboxBackendFile } from './sandbox-backend-file.js';

const PublicStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);

const IncidentRow = z.object({ number: z.number().int(), marker: z.string().nullable(), name: z.string(), status: PublicStatus });
type IncidentRow = z.infer<typeof IncidentRow>;

const UpdateRow = z.object({ seq: z.number().int(), status: PublicStatus, body: z.string(), at: z.number() });
const ScopeIds = z.array(z.string());

const ComponentRow = z.object({
  scope_id: z.string(),
  status: z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage']),
  updated_at: z.number(),
});

/** A component of the simulated page: one per region, site, tenant or environment an incident was posted for. */
export interface SandboxComponent {
  id: string;
  scopeId: string;
  status: ComponentImpact;
  updatedAt: number;
}

/**
 * The simulated public status page, kept in the sandbox backend file. Each scope id an incident
 * is posted for is a component of its own (a real page maps scope ids to its components through
 * the fleet file), set to the post's impact and back to operational when the incident is
 * resolved, as Statuspage does. Like Statuspage it takes duplicates: opening once per marker
 * is this connector side looking the marker up first.
 */
export class SandboxStatusPage implements StatusPageIncidents {
  constructor(
    private readonly file: SandboxBackendFile,
    /** Names the backend in errors. */
    private readonly name: string,
    private readonly clock: Clock,
  ) {}

  async find(marker: string): Promise<PublicIncident | null> {
    const row: unknown = this.file
      .sql('SELECT number, marker, name, status FROM sandbox_status_incident WHERE backend_id = ? AND marker = ? ORDER BY number LIMIT 1')
      .get(this.file.backendId, marker);
    return row === undefined ? null : this.incidentOf(IncidentRow.parse(row));
  }

  async get(id: string): Promise<PublicIncident> {
    return this.incidentOf(this.row(id));
  }

  async open(marker: string, name: string, post: StatusPost): Promise<PublicIncident> {
    const existing = await this.find(marker);
    if (existing) return existing;
    this.check(post);
    const number = this.file.write(() => {
      const next = this.file.nextNumber('status-incident');
      this.file
        .sql('INSERT INTO sandbox_status_incident (backend_id, number, marker, name, status, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(this.file.backendId, next, marker, name, post.status, this.clock.now());
      this.addUpdate(next, post);
      return next;
    });
    failpoint('sandbox.status-committed');
    return this.incidentOf(this.row(String(number)));
  }

  async post(id: string, post: StatusPost): Promise<PublicIncident> {
    this.check(post);
    this.file.write(() => {
      const row = this.row(id);
      this.file.sql('UPDATE sandbox_status_incident SET status = ? WHERE backend_id = ? AND number = ?').run(post.status, this.file.backendId, row.number);
      this.addUpdate(row.number, post);
    });
    failpoint('sandbox.status-committed');
    return this.incidentOf(this.row(id));
  }

  /** What the page shows of each component it was posted for, by scope id. */
  components(): SandboxComponent[] {
    return this.file
      .sql('SELECT scope_id, status, updated_at FROM sandbox_status_component WHERE backend_id = ? ORDER BY scope_id')
      .all(this.file.backendId)
      .map((raw) => {
        const row = ComponentRow.parse(raw);
        return { id: componentId(row.scope_id), scopeId: row.scope_id, status: row.status, updatedAt: row.updated_at };
      });
  }

  private check(post: StatusPost): void {
    if (post.body.trim() === '') throw new ConnectorError('http', `${this.name}: a status page update needs a message`, 422);
  }

  /** The update, and its components: the post's impact while open, operational again once resolved. */
  private addUpdate(incident: number, post: StatusPost): void {
    const now = this.clock.now();
    this.file
      .sql('INSERT INTO sandbox_status_update (backend_id, incident_number, status, body, scope_json, component_impact, notify, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(this.file.backendId, incident, post.status, post.body, JSON.stringify(post.scopeIds), post.componentImpact, post.notifySubscribers ? 1 : 0, now);
    const scopes = post.status === 'resolved' ? this.scopesOf(incident) : post.scopeIds;
    const status = post.status === 'resolved' ? 'operational' : post.componentImpact;
    const upsert = this.file.sql(
      `INSERT INTO sandbox_status_component (backend_id, scope_id, status, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(backend_id, scope_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
    );
    for (const scope of scopes) upsert.run(this.file.backendId, scope, status, now);
  }

  /** Every scope id the incident was ever posted for. */
  private scopesOf(incident: number): Set<string> {
    const rows = this.file.sql('SELECT scope_json FROM sandbox_status_update WHERE backend_id = ? AND incident_number = ?').all(this.file.backendId, incident);
    return new Set(rows.flatMap((raw) => ScopeIds.parse(JSON.parse(z.object({ scope_json: z.string() }).parse(raw).scope_json))));
  }

  private row(id: string): IncidentRow {
    const number = /^\d+$/.test(id) ? Number(id) : Number.NaN;
    const row: unknown = Number.isNaN(number)
      ? undefined
      : this.file.sql('SELECT number, marker, name, status FROM sandbox_status_incident WHERE backend_id = ? AND number = ?').get(this.file.backendId, number);
    if (row === undefined) throw new ConnectorError('http', `${this.name}: no status page incident with id "${id}"`, 404);
    return IncidentRow.parse(row);
  }

  private incidentOf(row: IncidentRow): PublicIncident {
    const updates = this.file
      .sql('SELECT seq, status, body, at FROM sandbox_status_update WHERE backend_id = ? AND incident_number = ? ORDER BY seq')
      .all(this.file.backendId, row.number)
      .map((raw) => {
        const update = UpdateRow.parse(raw);
        return { id: String(update.seq), status: update.status, body: update.body, at: update.at };
      });
    return { id: String(row.number), marker: row.marker, name: row.name, status: row.status, url: null, updates };
  }
}

function componentId(scopeId: string): string {
  return `sandbox-component-${scopeId}`;
}
