import type { PublicIncident, PublicIncidentStatus, StatusPageIncidents, StatusPost } from '../../main/core/connectors/capabilities.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';

/** A status page in memory with the promises of `StatusPageIncidents` (one incident per marker); `incidents` is what the page shows, for counting. */
export class MemoryStatusPage implements StatusPageIncidents {
  readonly incidents: PublicIncident[] = [];
  /** Posts that reached the page, with the subscriber flag and the components' impact. */
  readonly posts: StatusPost[] = [];
  reachable = true;

  async find(marker: string): Promise<PublicIncident | null> {
    this.reach();
    const found = this.incidents.find((incident) => incident.marker === marker);
    return found ? structuredClone(found) : null;
  }

  async open(marker: string, name: string, post: StatusPost): Promise<PublicIncident> {
    const existing = await this.find(marker);
    if (existing) return existing;
    const incident: PublicIncident = { id: `sp-${this.incidents.length + 1}`, marker, name, status: post.status, url: `https://status.example/incidents/${marker}`, updates: [] };
    this.incidents.push(incident);
    return this.update(incident, post);
  }

  async get(id: string): Promise<PublicIncident> {
    this.reach();
    return structuredClone(this.incident(id));
  }

  /** An update someone wrote on the page itself, not through the console. */
  postOnPage(id: string, status: PublicIncidentStatus, body: string): void {
    const incident = this.incident(id);
    incident.status = status;
    incident.updates.push({ id: `u-${incident.updates.length + 1}`, status, body, at: Date.now() });
  }

  async post(id: string, post: StatusPost): Promise<PublicIncident> {
    this.reach();
    return this.update(this.incident(id), post);
  }

  private incident(id: string): PublicIncident {
    const incident = this.incidents.find((candidate) => candidate.id === id);
    if (!incident) throw new ConnectorError('http', `no incident ${id}`, 404);
    return incident;
  }

  private update(incident: PublicIncident, post: StatusPost): PublicIncident {
    this.posts.push(post);
    incident.status = post.status;
    incident.updates.push({ id: `u-${incident.updates.length + 1}`, status: post.status, body: post.body, at: Date.now() });
    return structuredClone(incident);
  }

  private reach(): void {
    if (!this.reachable) throw new ConnectorError('refused', 'status.example: connection refused');
  }
}
