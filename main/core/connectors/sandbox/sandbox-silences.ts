import type { Matcher } from '../../../../shared/contract/alerts.js';
import { matchesLabels } from '../../alerts/matchers.js';
import type { Clock } from '../../clock.js';
import { ConnectorError } from '../../http/backend-client.js';
import type { BackendSilence, NewSilence, SilenceStore } from '../capabilities.js';
import { hashOf } from './random.js';

type StoredSilence = Omit<BackendSilence, 'state'>;

/** The simulated fleet's silences, in memory, behaving as Alertmanager's do. */
export class SandboxSilences implements SilenceStore {
  private readonly silences = new Map<string, StoredSilence>();
  private created = 0;

  constructor(
    private readonly seed: number,
    private readonly name: string,
    private readonly clock: Clock,
  ) {}

  async listSilences(): Promise<BackendSilence[]> {
    return this.all();
  }

  async createSilence(silence: NewSilence): Promise<string> {
    if (silence.endsAt <= silence.startsAt) throw new ConnectorError('http', `${this.name}: a silence must end after it starts`, 400);
    for (const matcher of silence.matchers) this.checkMatcher(matcher);
    this.created += 1;
    const id = `sandbox-${hashOf(this.seed, `silence:${this.created}:${silence.startsAt}`).toString(16).padStart(8, '0')}-${this.created}`;
    this.silences.set(id, { id, ...silence, matchers: silence.matchers.map((matcher) => ({ ...matcher })) });
    return id;
  }

  async expireSilence(id: string): Promise<void> {
    const silence = this.silences.get(id);
    if (!silence) throw new ConnectorError('http', `${this.name}: no silence with id "${id}"`, 404);
    const now = this.clock.now();
    if (silence.endsAt <= now) throw new ConnectorError('http', `${this.name}: silence "${id}" has already expired`, 409);
    // As Alertmanager does: a pending silence that is expired never starts.
    this.silences.set(id, { ...silence, startsAt: Math.min(silence.startsAt, now), endsAt: now });
  }

  all(): BackendSilence[] {
    const now = this.clock.now();
    return [...this.silences.values()].map((silence) => ({ ...silence, state: stateAt(silence, now) }));
  }

  /** Ids of the active silences that mute an alert with these labels. */
  silencing(labels: Readonly<Record<string, string>>): string[] {
    const now = this.clock.now();
    const ids: string[] = [];
    for (const silence of this.silences.values()) {
      if (stateAt(silence, now) === 'active' && matchesLabels(silence.matchers, labels)) ids.push(silence.id);
    }
    return ids;
  }

  private checkMatcher(matcher: Matcher): void {
    if (!matcher.isRegex) return;
    try {
      new RegExp(matcher.value);
    } catch {
      throw new ConnectorError('http', `${this.name}: matcher ${matcher.name}=~"${matcher.value}" is not a valid regular expression`, 400);
    }
  }
}

function stateAt(silence: StoredSilence, now: number): BackendSilence['state'] {
  if (silence.endsAt <= now) return 'expired';
  return silence.startsAt > now ? 'pending' : 'active';
}
