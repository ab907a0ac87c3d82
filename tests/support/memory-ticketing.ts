import type { BackendSla, NewTicketComment, Ticket, TicketComment, TicketDraft, Ticketing, TicketTransition } from '../../main/core/connectors/capabilities.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';

/**
 * A ticketing backend in memory, shared by the cores of a test, with the promises of the
 * `Ticketing` interface (exactly once per marker and per comment key) and the faults a test
 * needs: out of reach (nothing happens), and an answer lost (it happens, the caller hears
 * nothing). `tickets` is the backend's own record, which tests count effects on.
 */
export class MemoryTicketing implements Ticketing {
  readonly tickets = new Map<string, Ticket>();
  reachable = true;
  /** The next n writes take effect and their answers are lost. */
  loseAnswers = 0;
  /** A service desk's SLAs by ticket id; set, the backend computes SLAs (as Jira Service Management does). */
  readonly slas = new Map<string, BackendSla[]>();
  readonly sla?: (id: string) => Promise<BackendSla[]>;
  private nextId = 1;
  private nextComment = 1;

  constructor(
    private readonly now: () => number = Date.now,
    options: { serviceDesk?: boolean } = {},
  ) {
    if (options.serviceDesk) {
      this.sla = async (id) => {
        this.reach();
        return structuredClone(this.slas.get(id) ?? []);
      };
    }
  }

  async create(draft: TicketDraft): Promise<Ticket> {
    this.reach();
    const existing = await this.findByMarker(draft.marker);
    if (existing) return existing;
    const id = String(this.nextId++);
    const ticket: Ticket = {
      id,
      displayKey: `OPS-${id}`,
      url: `https://tickets.example/OPS-${id}`,
      marker: draft.marker,
      subject: draft.subject,
      description: draft.description,
      status: 'Open',
      closed: false,
      record: draft.record,
      updatedAt: this.now(),
      comments: [],
    };
    this.tickets.set(id, ticket);
    return this.answer(ticket);
  }

  async findByMarker(marker: string): Promise<Ticket | null> {
    this.reach();
    const found = [...this.tickets.values()].find((ticket) => ticket.marker === marker);
    return found ? structuredClone(found) : null;
  }

  async get(id: string): Promise<Ticket> {
    this.reach();
    return structuredClone(this.ticket(id));
  }

  async comment(id: string, comment: NewTicketComment): Promise<TicketComment> {
    this.reach();
    const ticket = this.ticket(id);
    const existing = ticket.comments.find((candidate) => candidate.key === comment.key);
    if (existing) return structuredClone(existing);
    const made: TicketComment = { id: String(this.nextComment++), author: 'watchfloor', text: comment.text, at: this.now(), key: comment.key, visibility: comment.visibility };
    ticket.comments.push(made);
    ticket.updatedAt = this.now();
    return this.answer(made);
  }

  async transition(id: string, transition: TicketTransition): Promise<Ticket> {
    this.reach();
    this.moveTo(id, statusName(transition.status));
    return this.answer(this.ticket(id));
  }

  async writeRecord(id: string, record: string): Promise<void> {
    this.reach();
    const ticket = this.ticket(id);
    ticket.record = record;
    ticket.updatedAt = this.now();
    this.answer(null);
  }

  async list(query: { marker?: string; markerPrefix?: string; text?: string; updatedSince?: number }): Promise<Ticket[]> {
    this.reach();
    return [...this.tickets.values()]
      .filter((ticket) => query.marker === undefined || ticket.marker === query.marker)
      .filter((ticket) => query.markerPrefix === undefined || (ticket.marker ?? '').startsWith(query.markerPrefix))
      .filter((ticket) => query.text === undefined || ticket.subject.includes(query.text))
      .filter((ticket) => query.updatedSince === undefined || ticket.updatedAt >= query.updatedSince)
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map((ticket) => ({ ...structuredClone(ticket), comments: [] }));
  }

  /** Someone moves the ticket in the backend's own UI. */
  moveTo(id: string, status: string): void {
    const ticket = this.ticket(id);
    ticket.status = status;
    ticket.closed = status === 'Closed';
    ticket.updatedAt = this.now();
  }

  byMarker(marker: string): Ticket | undefined {
    return [...this.tickets.values()].find((ticket) => ticket.marker === marker);
  }

  private ticket(id: string): Ticket {
    const ticket = this.tickets.get(id);
    if (!ticket) throw new ConnectorError('http', `no ticket ${id}`, 404);
    return ticket;
  }

  private reach(): void {
    if (!this.reachable) throw new ConnectorError('refused', 'tickets.example: connection refused');
  }

  private answer<T>(value: T): T {
    if (this.loseAnswers > 0) {
      this.loseAnswers -= 1;
      throw new ConnectorError('timeout', 'tickets.example: no answer within 3000 ms');
    }
    return structuredClone(value);
  }
}

function statusName(status: TicketTransition['status']): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}
