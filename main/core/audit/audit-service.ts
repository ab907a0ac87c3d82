import type { AuditExport, AuditHost, AuditPage, AuditQuery, AuditVerification } from '../../../shared/contract/audit.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/event-bus.js';
import type { AuditRepo, NewAuditEntry } from '../store/audit-repo.js';

export interface AuditServiceDeps {
  repo: AuditRepo;
  bus: EventBus;
  clock: Clock;
  /** The host this core serves: every row it writes says whether it came through the desktop app or the browser. */
  host: AuditHost;
  /** Takes out any secret the core holds, in case one reached a reason or an error message. */
  redact: (text: string) => string;
}

/** The audit trail: who did what, where, when, why, and with what result. */
export class AuditService {
  constructor(private readonly deps: AuditServiceDeps) {}

  append(entry: Omit<NewAuditEntry, 'at' | 'host'> & { at?: number }): number {
    const { redact } = this.deps;
    const at = entry.at ?? this.deps.clock.now();
    const id = this.deps.repo.append({
      ...entry,
      at,
      host: this.deps.host,
      target: redact(entry.target),
      why: entry.why === null ? null : redact(entry.why),
      detail: redact(entry.detail),
    });
    this.deps.bus.emit('audit.appended', { id, at });
    return id;
  }

  list(query: AuditQuery): AuditPage {
    return this.deps.repo.list(query);
  }

  verify(): AuditVerification {
    return this.deps.repo.verify();
  }

  export(): AuditExport {
    return this.deps.repo.exportJsonLines();
  }
}
