import type { Matcher } from '../../../../shared/contract/alerts.js';
import { ConnectorError } from '../../http/backend-client.js';
import type { BackendSilence, MaintenanceItem, MaintenancePublisher, NewSilence, WatchedEnvironment } from '../capabilities.js';
import { carriesMarker, withMarker } from '../marker.js';

/** What window silences need of Alertmanager: its silences, read, posted (with an id to update) and expired. */
export interface SilenceApi {
  listSilences(signal: AbortSignal): Promise<BackendSilence[]>;
  getSilence(id: string, signal: AbortSignal): Promise<BackendSilence>;
  postSilence(silence: NewSilence, id: string | undefined, signal: AbortSignal): Promise<string>;
  expireSilence(id: string, signal: AbortSignal): Promise<void>;
}

/** Alertmanager matches regex matchers with Go's RE2, anchored at both ends: a label value stands for itself once escaped. */
function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, (char) => `\\${char}`);
}

/**
 * Matchers that select the window's environments by their labels (the fleet file's
 * `watch.labels`). A silence's matchers all have to match, and a window is one silence (one
 * remote id), so environments are combined per label name: each label name every environment
 * has becomes one matcher, `=` when they share the value, else `=~"a|b"`. With the usual single
 * label (`environment`) that selects exactly these environments. Where several names vary, the
 * silence can also cover an environment outside the window whose labels mix those values
 * (tenant=acme with env=uat from tenant=globex); label names only some environments have are
 * left out, since matching on one would drop the environments without it.
 */
export function windowMatchers(environments: readonly WatchedEnvironment[]): Matcher[] | null {
  const [first, ...rest] = environments;
  if (!first) return null;
  const names = Object.keys(first.binding.labels)
    .filter((name) => rest.every((env) => name in env.binding.labels))
    .sort();
  if (names.length === 0) return null;
  return names.map((name): Matcher => {
    const values = [...new Set(environments.map((env) => env.binding.labels[name] ?? ''))].sort();
    const [only] = values;
    if (values.length === 1 && only !== undefined) return { name, value: only, isRegex: false, isEqual: true };
    return { name, value: values.map(escapeRegex).join('|'), isRegex: true, isEqual: true };
  });
}

function isGone(error: unknown): boolean {
  return error instanceof ConnectorError && error.status === 404;
}

/**
 * A maintenance window as an Alertmanager silence for its time. Silences are one-off, so a
 * series is published occurrence by occurrence. The marker is appended to the comment, where
 * the team sees it beside the window's title; Alertmanager has no field of its own for it.
 */
export class WindowSilences implements MaintenancePublisher {
  constructor(
    private readonly api: SilenceApi,
    /** Names the backend in errors, e.g. `Alertmanager "am-au"`. */
    private readonly label: string,
  ) {}

  acceptsSeries(): boolean {
    return false;
  }

  async find(marker: string, signal: AbortSignal): Promise<string | null> {
    const silences = await this.api.listSilences(signal);
    return silences.find((silence) => silence.state !== 'expired' && carriesMarker(silence.comment, marker))?.id ?? null;
  }

  async create(item: MaintenanceItem, signal: AbortSignal): Promise<string> {
    return this.api.postSilence(this.silence(item), undefined, signal);
  }

  /** Alertmanager answers the id the silence has afterwards: the same one, or a new one when it had to replace it. */
  async update(remoteId: string, item: MaintenanceItem, signal: AbortSignal): Promise<string> {
    return this.api.postSilence(this.silence(item), remoteId, signal);
  }

  /**
   * Expires the silence. Versions of Alertmanager differ in what they answer for an id they do
   * not know (404, or 500 "silence not found" in 0.25) and for one already expired, so a
   * failure is looked into before it counts as one.
   */
  async cancel(remoteId: string, signal: AbortSignal): Promise<void> {
    try {
      await this.api.expireSilence(remoteId, signal);
    } catch (error) {
      if (isGone(error)) return;
      const current = await this.api.getSilence(remoteId, signal).catch((lookup: unknown) => {
        if (isGone(lookup)) return null;
        throw error;
      });
      if (current !== null && current.state !== 'expired') throw error;
    }
  }

  private silence(item: MaintenanceItem): NewSilence {
    const matchers = windowMatchers(item.environments);
    if (matchers === null) {
      throw new ConnectorError(
        'http',
        `${this.label}: "${item.title}" has no environment, or its environments share no label name, so no silence can select them`,
      );
    }
    const said = item.body === item.title ? item.title : `${item.title}: ${item.body}`;
    return { matchers, startsAt: item.start, endsAt: item.end, createdBy: item.createdBy, comment: withMarker(said, item.marker) };
  }
}
