import type { BackendDefinition } from '../../../../shared/fleet-definition/schema.js';
import type { Clock } from '../../clock.js';
import { ConnectorError, type BackendClient } from '../../http/backend-client.js';
import type { Connector, Probe } from '../capabilities.js';
import { OctopusApi } from './octopus-api.js';
import { OctopusDeployer } from './octopus-deployer.js';

type OctopusDefinition = Extract<BackendDefinition, { kind: 'octopus' }>;

/** Octopus Deploy: deploys one project's releases to its environments and tenants. */
export class OctopusConnector implements Connector {
  readonly kind = 'octopus';
  readonly id: string;
  readonly name: string;
  readonly probe: Probe = { probe: (signal) => this.check(this.whileOpen(signal)) };
  readonly deployer: OctopusDeployer;
  private readonly api: OctopusApi;
  private readonly closed = new AbortController();

  constructor(
    private readonly definition: OctopusDefinition,
    client: BackendClient,
    clock: Clock,
  ) {
    this.id = definition.id;
    this.name = definition.name ?? 'Octopus Deploy';
    this.api = new OctopusApi(client, definition.space, `Octopus Deploy "${definition.id}"`);
    this.deployer = new OctopusDeployer(this.api, definition.project, clock, (signal) => this.whileOpen(signal));
  }

  close(): void {
    this.closed.abort();
  }

  /**
   * Settings' "Test": the server is Octopus (`GET /api`, which answers without a key), the key
   * opens the space, and the project is there.
   */
  private async check(signal: AbortSignal): Promise<{ version: string }> {
    const version = await this.api.version(signal);
    const space = await this.api.spaceName(signal);
    if (space === null) {
      throw new ConnectorError('http', `${this.api.label}: Octopus ${version} has no space "${this.definition.space}"; set the space id (e.g. Spaces-1) in the fleet file or in Settings`, 404);
    }
    await this.deployer.projectId(signal);
    return { version: `Octopus Deploy ${version}, project "${this.definition.project}" in space "${space}"` };
  }

  private whileOpen(signal: AbortSignal): AbortSignal {
    return AbortSignal.any([signal, this.closed.signal]);
  }
}
