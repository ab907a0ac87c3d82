import type { z } from 'zod';
import type { JiraBackend } from '../../../../shared/fleet-definition/schema.js';
import type { Clock } from '../../clock.js';
import type { BackendClient } from '../../http/backend-client.js';
import type { Connector, Probe, Ticketing } from '../capabilities.js';
import { IssueWriteThrottle } from './issue-write-throttle.js';
import { JiraApi } from './jira-api.js';
import { CONSOLE_PROPERTY, JiraTicketing } from './jira-ticketing.js';

type JiraDefinition = z.infer<typeof JiraBackend>;

/** Jira Cloud: the ticketing system of record (issues, ADF comments, workflow transitions, a service desk's SLAs). */
export class JiraConnector implements Connector {
  readonly kind = 'jira';
  readonly id: string;
  readonly name: string;
  readonly probe: Probe = {
    probe: async (signal) => ({ version: `Jira Cloud, signed in as ${(await this.api.myself(this.whileOpen(signal))).displayName}` }),
  };
  readonly ticketing: Ticketing;
  private readonly api: JiraApi;
  private readonly closed = new AbortController();

  constructor(definition: JiraDefinition, client: BackendClient, clock: Clock) {
    this.id = definition.id;
    this.name = definition.name ?? 'Jira';
    this.api = new JiraApi(client, `Jira "${definition.id}"`, CONSOLE_PROPERTY);
    this.ticketing = new JiraTicketing(
      this.api,
      {
        projectKey: definition.projectKey,
        issueType: definition.issueType,
        statuses: definition.statuses,
        priorities: definition.priorities,
        serviceDesk: definition.serviceDesk,
        searchSettleMs: definition.searchSettleMs,
        now: () => clock.now(),
      },
      new IssueWriteThrottle(definition.issueWriteGapMs),
      (signal) => this.whileOpen(signal),
    );
  }

  close(): void {
    this.closed.abort();
  }

  private whileOpen(signal: AbortSignal): AbortSignal {
    return AbortSignal.any([signal, this.closed.signal]);
  }
}
