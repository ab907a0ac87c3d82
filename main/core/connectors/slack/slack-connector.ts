import type { z } from 'zod';
import type { SlackBackend } from '../../../../shared/fleet-definition/schema.js';
import type { BackendClient } from '../../http/backend-client.js';
import type { Chat, Connector, Probe } from '../capabilities.js';
import { SlackApi } from './slack-api.js';
import { SlackChat } from './slack-chat.js';

type SlackDefinition = z.infer<typeof SlackBackend>;

/** Slack: a channel per incident, where the team coordinates it (Web API, bot token). */
export class SlackConnector implements Connector {
  readonly kind = 'slack';
  readonly id: string;
  readonly name: string;
  readonly probe: Probe = {
    probe: async (signal) => {
      const who = await this.api.call('auth.test', {}, this.whileOpen(signal));
      return { version: `Slack workspace "${who.team}", signed in as ${who.user}` };
    },
  };
  readonly chat: Chat;
  private readonly api: SlackApi;
  private readonly closed = new AbortController();

  constructor(definition: SlackDefinition, client: BackendClient) {
    this.id = definition.id;
    this.name = definition.name ?? 'Slack';
    this.api = new SlackApi(client, `Slack "${definition.id}"`);
    this.chat = new SlackChat(this.api, definition, (signal) => this.whileOpen(signal));
  }

  close(): void {
    this.closed.abort();
  }

  private whileOpen(signal: AbortSignal): AbortSignal {
    return AbortSignal.any([signal, this.closed.signal]);
  }
}
