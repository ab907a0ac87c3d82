import type { BackendDefinition } from '../../../shared/fleet-definition/schema.js';
import type { Connector } from './capabilities.js';
import type { Clock } from '../clock.js';
import type { BackendClient } from '../http/backend-client.js';
import type { RemoteBackend } from '../connections/effective-backends.js';
import { AlertmanagerConnector } from './alertmanager/alertmanager-connector.js';
import { CommandConnector } from './command/command-connector.js';
import { AzureAppServiceConnector } from './azure-app-service/app-service-connector.js';
import { DatadogConnector } from './datadog/datadog-connector.js';
import { ElasticsearchConnector } from './elasticsearch/elasticsearch-connector.js';
import { JiraConnector } from './jira/jira-connector.js';
import { OctopusConnector } from './octopus/octopus-connector.js';
import { RedmineConnector } from './redmine/redmine-connector.js';
import { PrometheusConnector } from './prometheus/prometheus-connector.js';
import { ConfluenceConnector } from './confluence/confluence-connector.js';
import { SlackConnector } from './slack/slack-connector.js';
import { SandboxConnector } from './sandbox/sandbox-connector.js';
import { ServicenowConnector } from './servicenow/servicenow-connector.js';
import { StatuspageConnector } from './statuspage/statuspage-connector.js';

export interface ConnectorDeps {
  clock: Clock;
  log: (line: string) => void;
  /** The HTTP client of a backend, with its resolved credentials, timeout, retries and circuit breaker. */
  client(backend: RemoteBackend): BackendClient;
  /** Where a connector may keep state of its own (the command deployer's runs, the simulated deploy backend); the console's data directory. */
  dataDir?: string;
  /** The folder of the fleet file: a command's relative working directory is taken from it (default the current directory). */
  fleetDir?: string;
}

/** One connector per backend; a new kind of backend adds a case here. */
export function createConnectors(backends: readonly BackendDefinition[], deps: ConnectorDeps): Map<string, Connector> {
  const connectors = new Map<string, Connector>();
  for (const backend of backends) {
    switch (backend.kind) {
      case 'sandbox':
        connectors.set(backend.id, new SandboxConnector(backend, deps.clock, deps.dataDir));
        break;
      case 'prometheus':
        connectors.set(backend.id, new PrometheusConnector(backend, deps.client(backend), deps.clock, deps.log));
        break;
      case 'alertmanager':
        connectors.set(backend.id, new AlertmanagerConnector(backend, deps.client(backend)));
        break;
      case 'datadog':
        connectors.set(backend.id, new DatadogConnector(backend, { client: deps.client(backend), clock: deps.clock, log: deps.log }));
        break;
      case 'elasticsearch':
        connectors.set(backend.id, new ElasticsearchConnector(backend, deps.client(backend)));
        break;
      case 'statuspage':
        connectors.set(backend.id, new StatuspageConnector(backend, deps.client(backend)));
        break;
      case 'command':
        connectors.set(backend.id, new CommandConnector(backend, { clock: deps.clock, log: deps.log, dataDir: deps.dataDir, baseDir: deps.fleetDir ?? process.cwd() }));
        break;
      case 'azure-app-service':
        connectors.set(backend.id, new AzureAppServiceConnector(backend, deps.client(backend)));
        break;
      case 'octopus':
        connectors.set(backend.id, new OctopusConnector(backend, deps.client(backend), deps.clock));
        break;
      case 'redmine':
        connectors.set(backend.id, new RedmineConnector(backend, deps.client(backend)));
        break;
      case 'servicenow':
        connectors.set(backend.id, new ServicenowConnector(backend, deps.client(backend)));
        break;
      case 'jira':
        connectors.set(backend.id, new JiraConnector(backend, deps.client(backend), deps.clock));
        break;
      case 'slack':
        connectors.set(backend.id, new SlackConnector(backend, deps.client(backend)));
        break;
      case 'confluence':
        connectors.set(backend.id, new ConfluenceConnector(backend, deps.client(backend)));
        break;
    }
  }
  return connectors;
}
