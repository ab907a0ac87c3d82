import type { z } from 'zod';
import type { AlertmanagerBackend } from '../../../../shared/fleet-definition/schema.js';
import type { BackendClient } from '../../http/backend-client.js';
import type { AlertSource, BackendAlert, BackendSilence, Connector, MaintenancePublisher, NewSilence, Probe, SilenceStore } from '../capabilities.js';
import { backendAlert } from '../prometheus/alert-labels.js';
import { identify, parseAnswer } from '../prometheus/answer.js';
import { AlertmanagerStatus, GettableAlerts, GettableSilence, GettableSilences, SilenceCreated } from './alertmanager-api.js';
import { WindowSilences } from './window-silences.js';

type AlertmanagerDefinition = z.infer<typeof AlertmanagerBackend>;

function backendSilence(silence: z.infer<typeof GettableSilence>): BackendSilence {
  return {
    id: silence.id,
    matchers: silence.matchers,
    startsAt: silence.startsAt,
    endsAt: silence.endsAt,
    createdBy: silence.createdBy,
    comment: silence.comment,
    state: silence.status.state,
  };
}

/** Alertmanager API v2: the alerts it holds (with what silences them), its silences, and maintenance windows as silences. */
export class AlertmanagerConnector implements Connector, AlertSource, SilenceStore {
  readonly kind = 'alertmanager';
  readonly id: string;
  readonly name: string;
  readonly probe: Probe = { probe: (signal) => this.describe(signal) };
  readonly maintenance: MaintenancePublisher;
  private readonly label: string;

  constructor(
    definition: AlertmanagerDefinition,
    private readonly client: BackendClient,
  ) {
    this.id = definition.id;
    this.name = definition.name ?? definition.id;
    this.label = `Alertmanager "${definition.id}"`;
    this.maintenance = new WindowSilences(this, this.label);
  }

  get alerts(): AlertSource {
    return this;
  }

  get silences(): SilenceStore {
    return this;
  }

  /** Nothing runs on its own timer: the alert service polls. */
  close(): void {}

  /** Active, silenced and inhibited alerts alike: the feed shows a silenced alert as silenced. */
  async listAlerts(signal: AbortSignal): Promise<BackendAlert[]> {
    const path = '/api/v2/alerts';
    const response = await this.client.json({ method: 'GET', path, query: { active: true, silenced: true, inhibited: true }, signal });
    return parseAnswer(GettableAlerts, response.body, `${this.label} GET ${path}`).map((alert) =>
      backendAlert({
        fingerprint: alert.fingerprint,
        labels: alert.labels,
        annotations: alert.annotations,
        startsAt: alert.startsAt,
        silencedBy: alert.status.silencedBy,
      }),
    );
  }

  async listSilences(signal: AbortSignal): Promise<BackendSilence[]> {
    const path = '/api/v2/silences';
    const response = await this.client.json({ method: 'GET', path, signal });
    return parseAnswer(GettableSilences, response.body, `${this.label} GET ${path}`).map(backendSilence);
  }

  /** One silence, expired ones included (Alertmanager keeps them a while); a ConnectorError with status 404 when it has none. */
  async getSilence(id: string, signal: AbortSignal): Promise<BackendSilence> {
    const path = `/api/v2/silence/${encodeURIComponent(id)}`;
    const response = await this.client.json({ method: 'GET', path, signal });
    return backendSilence(parseAnswer(GettableSilence, response.body, `${this.label} GET ${path}`));
  }

  async createSilence(silence: NewSilence, signal: AbortSignal): Promise<string> {
    return this.postSilence(silence, undefined, signal);
  }

  /**
   * Creates a silence, or with an id updates that one. Alertmanager updates in place only what
   * it can (a pending silence, or an active one's end and comment); otherwise it expires the
   * old silence and answers the id of a new one.
   */
  async postSilence(silence: NewSilence, id: string | undefined, signal: AbortSignal): Promise<string> {
    const path = '/api/v2/silences';
    const response = await this.client.json({
      method: 'POST',
      path,
      body: {
        ...(id === undefined ? {} : { id }),
        matchers: silence.matchers,
        startsAt: new Date(silence.startsAt).toISOString(),
        endsAt: new Date(silence.endsAt).toISOString(),
        createdBy: silence.createdBy,
        comment: silence.comment,
      },
      // A retry after a lost answer would create a second silence (or a replacement of the replacement).
      idempotent: false,
      signal,
    });
    return parseAnswer(SilenceCreated, response.body, `${this.label} POST ${path}`).silenceID;
  }

  async expireSilence(id: string, signal: AbortSignal): Promise<void> {
    // Not retried: expiring a silence twice is an error ("already expired") that would hide the first success.
    await this.client.json({ method: 'DELETE', path: `/api/v2/silence/${encodeURIComponent(id)}`, idempotent: false, signal });
  }

  private async describe(signal: AbortSignal): Promise<{ version: string }> {
    const path = '/api/v2/status';
    const what = `${this.label} GET ${path}`;
    const status = await identify(
      this.client.json({ method: 'GET', path, signal }).then((response) => parseAnswer(AlertmanagerStatus, response.body, what, 'wrong-kind')),
      'Alertmanager',
      what,
    );
    return { version: `Alertmanager ${status.versionInfo.version}` };
  }
}
