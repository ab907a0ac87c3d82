import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendClient, JsonRequest, JsonResponse } from '../../../main/core/http/backend-client.js';
import { CommandJournal } from '../../../main/core/connectors/command/command-journal.js';
import { AlertmanagerConnector } from '../../../main/core/connectors/alertmanager/alertmanager-connector.js';
import { AppServiceApi } from '../../../main/core/connectors/azure-app-service/app-service-api.js';
import { completion } from '../../../main/core/connectors/azure-app-service/long-running-operation.js';
import { DatadogApi } from '../../../main/core/connectors/datadog/datadog-api.js';
import { ElasticsearchApi } from '../../../main/core/connectors/elasticsearch/elasticsearch-api.js';
import { OctopusApi } from '../../../main/core/connectors/octopus/octopus-api.js';
import { PrometheusApi } from '../../../main/core/connectors/prometheus/prometheus-api.js';
import { StatuspageApi } from '../../../main/core/connectors/statuspage/statuspage-api.js';
import { AlertmanagerBackend } from '../../../shared/fleet-definition/schema.js';
import type { ConnectionKind } from '../../../shared/contract/connections.js';
import { jsonText } from './generated-answers.js';

/**
 * Every answer parser of every HTTP connector, each with one valid answer to mutate: the API
 * call as the connector makes it, run against a client that hands back a generated answer.
 */

/** A walk of pages that has not ended after this many calls never will. */
const MAX_CALLS = 50;
/** A poll (which may rightly go on while the backend says "not yet") is stopped after this many. */
const MAX_POLLS = 3;

export class ScriptedClient implements BackendClient {
  readonly connectionId = 'fuzz';
  readonly requests: JsonRequest[] = [];
  /** Set by a call that polls (a long-running operation): reaching MAX_CALLS then stops it without failing it. */
  readonly stop = new AbortController();

  constructor(
    private readonly answer: () => unknown,
    private readonly polls = false,
  ) {}

  async json(request: JsonRequest): Promise<JsonResponse> {
    this.requests.push(request);
    if (this.polls && this.requests.length > MAX_POLLS) this.stop.abort(new Error('stopped by the test'));
    this.stop.signal.throwIfAborted();
    if (this.requests.length > MAX_CALLS) throw new Error(`more than ${MAX_CALLS} calls for ${request.path}: the walk never ends`);
    return { status: 200, headers: new Headers(), body: this.answer(), latencyMs: 1 };
  }
}

export interface ParserCall {
  name: string;
  /** A valid answer, as the backend's documentation shows it. */
  sample: unknown;
  run: (client: BackendClient, signal: AbortSignal) => Promise<unknown>;
  /** Polls for as long as the backend says "not yet" (bounded by the caller's signal, not by the answers). */
  polls?: boolean;
}

export interface ParserCase {
  connector: string;
  /** The connection kind of an HTTP connector, for the runs through the real HTTP client. */
  kind?: ConnectionKind;
  /** How every error of the connector names the backend. */
  label: string;
  calls: ParserCall[];
}

const ISO = '2026-11-23T01:02:03.123456789Z';

const prometheus = (client: BackendClient) => new PrometheusApi(client, 'Prometheus "fuzz"');
const success = (data: unknown) => ({ status: 'success', data });

const alertmanager = (client: BackendClient) => new AlertmanagerConnector(AlertmanagerBackend.parse({ id: 'fuzz', kind: 'alertmanager', url: 'http://alertmanager.test' }), client);
const silence = {
  id: 'a1b2',
  status: { state: 'active' },
  matchers: [{ name: 'alertname', value: 'HighLoad', isRegex: false, isEqual: true }],
  startsAt: ISO,
  endsAt: ISO,
  createdBy: 'ops',
  comment: 'maintenance',
};

const datadog = (client: BackendClient) => new DatadogApi(client, 'Datadog "fuzz"');
const downtime = { id: 'dt-1', attributes: { message: 'window', scope: 'env:prod', status: 'scheduled' } };
const downtimeAttributes = {
  scope: 'env:prod',
  monitor_identifier: { monitor_tags: ['team:ops'] },
  message: 'm',
  display_timezone: 'UTC',
  mute_first_recovery_notification: false,
  schedule: { start: ISO, end: ISO },
};

const elasticsearch = (client: BackendClient) => new ElasticsearchApi(client, 'Elasticsearch "fuzz"');
const statuspage = (client: BackendClient) => new StatuspageApi(client, 'page1', 'Statuspage "fuzz"');
const incident = {
  id: 'inc1',
  name: 'Maintenance',
  status: 'scheduled',
  scheduled_for: ISO,
  scheduled_until: ISO,
  metadata: { watchfloor: { window: 'w1' } },
  incident_updates: [{ id: 'upd1', status: 'scheduled', body: 'text', created_at: ISO }],
};
const incidentFields = {
  name: 'n',
  scheduled_for: ISO,
  scheduled_until: ISO,
  scheduled_remind_prior: false,
  scheduled_auto_in_progress: true,
  scheduled_auto_completed: true,
  auto_transition_to_maintenance_state: true,
  auto_transition_to_operational_state: true,
  component_ids: [],
  components: {},
  metadata: {},
};

const octopus = (client: BackendClient) => new OctopusApi(client, 'Spaces-1', 'Octopus Deploy "fuzz"');
const page = (items: unknown[]) => ({ Items: items, TotalResults: items.length, ItemsPerPage: 100, Links: { Self: '/x' } });
const named = { Id: 'Projects-1', Name: 'Web' };
const deployment = { Id: 'Deployments-1', ProjectId: 'Projects-1', ReleaseId: 'Releases-1', EnvironmentId: 'Environments-1', TenantId: null, TaskId: 'ServerTasks-1', Comments: 'wf', Created: ISO };
const task = { Id: 'ServerTasks-1', State: 'Executing', IsCompleted: false, FinishedSuccessfully: false, HasPendingInterruptions: false, ErrorMessage: null };
const interruption = { Id: 'Interruptions-1', Title: 'Approve', Type: 'ManualIntervention', IsPending: true, HasResponsibility: false, TaskId: 'ServerTasks-1', Form: { Elements: [{ Name: 'Result', Control: {} }] } };
const freeze = {
  Id: 'DeploymentFreezes-1',
  Name: 'Xmas',
  Start: ISO,
  End: ISO,
  ProjectEnvironmentScope: { 'Projects-1': ['Environments-1'] },
  TenantProjectEnvironmentScope: [{ TenantId: 'Tenants-1', ProjectId: 'Projects-1', EnvironmentId: 'Environments-1' }],
  RecurringSchedule: { Type: 'Daily', Unit: 1, EndType: 'Never', EndOnDate: null, EndAfterOccurrences: null },
};
const newDeployment = { ReleaseId: 'Releases-1', EnvironmentId: 'Environments-1', TenantId: null, Comments: '', UseGuidedFailure: false, QueueTime: null, QueueTimeExpiry: null, FormValues: {} };

const AZURE = new URL('http://azure.test');
const azure = (client: BackendClient) => new AppServiceApi(client, AZURE, { subscriptionId: 'sub', resourceGroup: 'rg' }, 'Azure App Service "fuzz"', () => undefined);
const difference = {
  properties: { level: 'Warning', settingType: 'General', diffRule: 'SettingsWillBeSwapped', settingName: 'WEBSITE_X', valueInCurrentSlot: 'a', valueInTargetSlot: 'b', description: 'd' },
};

/**
 * The command deployer's "answers" are the files of its journal, read back after a restart: the
 * generated answer is written as the file (a string as it is, so broken JSON gets there too).
 */
const journalDir = mkdtempSync(join(tmpdir(), 'watchfloor-journal-fuzz-'));
const journal = new CommandJournal(journalDir);
async function fromJournalFile<T>(client: BackendClient, file: string, read: () => T): Promise<T> {
  const body = (await client.json({ path: file })).body;
  writeFileSync(join(journalDir, file), typeof body === 'string' ? body : jsonText(body));
  return read();
}
const runRecord = {
  key: 'wf-key-1',
  environmentId: 'harbour-prod',
  action: 'deploy',
  version: '1.2.3',
  slot: 'production',
  env: { WATCHFLOOR_VERSION: '1.2.3' },
  state: 'running',
  createdAt: 1,
  runAt: null,
  noRunAfter: null,
  startedAt: 2,
  finishedAt: null,
  pid: 4242,
  message: null,
};

export const PARSER_CASES: ParserCase[] = [
  {
    connector: 'prometheus',
    kind: 'prometheus',
    label: 'Prometheus "fuzz"',
    calls: [
      { name: 'instant query', sample: success({ resultType: 'vector', result: [{ metric: { instance: 'web-1' }, value: [1700000000.5, '0.75'] }] }), run: (c, s) => prometheus(c).instant('up', s) },
      {
        name: 'range query',
        sample: success({ resultType: 'matrix', result: [{ metric: { instance: 'web-1' }, values: [[1700000000, '1'], [1700000060, 'NaN'], [1700000120, '+Inf']] }] }),
        run: (c, s) => prometheus(c).range('up', 1, 2, 1, s),
      },
      { name: 'alerts', sample: success({ alerts: [{ labels: { alertname: 'HighLoad', env: 'prod' }, annotations: { summary: 'load' }, state: 'firing', activeAt: ISO }] }), run: (c, s) => prometheus(c).alerts(s) },
      { name: 'targets', sample: success({ activeTargets: [{ health: 'up' }, { health: 'down' }] }), run: (c, s) => prometheus(c).targets(s) },
      { name: 'rules', sample: success({ groups: [{ rules: [{ type: 'alerting' }, { type: 'recording' }] }] }), run: (c, s) => prometheus(c).alertRuleCount(s) },
      { name: 'build info', sample: success({ version: '2.53.0' }), run: (c, s) => prometheus(c).version(s) },
    ],
  },
  {
    connector: 'alertmanager',
    kind: 'alertmanager',
    label: 'Alertmanager "fuzz"',
    calls: [
      {
        name: 'alerts',
        sample: [{ labels: { alertname: 'HighLoad' }, annotations: { summary: 's' }, fingerprint: 'f1', startsAt: ISO, status: { state: 'active', silencedBy: [], inhibitedBy: ['x'] } }],
        run: (c, s) => alertmanager(c).listAlerts(s),
      },
      { name: 'silences', sample: [silence], run: (c, s) => alertmanager(c).listSilences(s) },
      { name: 'silence', sample: silence, run: (c, s) => alertmanager(c).getSilence('a1b2', s) },
      {
        name: 'silence created',
        sample: { silenceID: 'a1b2' },
        run: (c, s) => alertmanager(c).postSilence({ matchers: silence.matchers, startsAt: 0, endsAt: 1, createdBy: 'ops', comment: 'c' }, undefined, s),
      },
      { name: 'status', sample: { versionInfo: { version: '0.27.0' }, cluster: { status: 'ready' } }, run: (c, s) => alertmanager(c).probe.probe(s) },
    ],
  },
  {
    connector: 'datadog',
    kind: 'datadog',
    label: 'Datadog "fuzz"',
    calls: [
      { name: 'validate', sample: { valid: true }, run: (c, s) => datadog(c).validate(s) },
      { name: 'query', sample: { status: 'ok', series: [{ query_index: 0, scope: 'host:web-1', tag_set: ['host:web-1'], pointlist: [[1700000000000, 0.5], [1700000060000, null]] }] }, run: (c, s) => datadog(c).query('avg:cpu{*}', 0, 1, s) },
      { name: 'hosts', sample: { host_list: [{ name: 'web-1', host_name: 'web-1', aliases: ['w1'], up: true }], total_matching: 2, total_returned: 1 }, run: (c, s) => datadog(c).hosts(s, 1) },
      {
        name: 'monitors',
        sample: [{ id: 1, name: 'CPU', message: 'm', overall_state: 'Alert', tags: ['env:prod'], created: ISO, modified: ISO, matching_downtimes: [{ id: 2, start: 1, end: null }], state: { groups: { 'host:web-1': { status: 'Alert', last_triggered_ts: 1 } } } }],
        run: (c, s) => datadog(c).monitors(s, 1),
      },
      { name: 'downtimes', sample: { data: [downtime], meta: { page: { total_filtered_count: 5 } } }, run: (c, s) => datadog(c).downtimes(s, 1) },
      { name: 'downtime', sample: { data: downtime }, run: (c, s) => datadog(c).downtime('dt-1', s) },
      { name: 'downtime created', sample: { data: downtime }, run: (c, s) => datadog(c).createDowntime(downtimeAttributes, s) },
    ],
  },
  {
    connector: 'elasticsearch',
    kind: 'elasticsearch',
    label: 'Elasticsearch "fuzz"',
    calls: [
      { name: 'root', sample: { name: 'n1', tagline: 'You Know, for Search', version: { number: '8.15.0', distribution: 'elasticsearch' } }, run: (c, s) => elasticsearch(c).version(s) },
      {
        name: 'search',
        sample: { timed_out: false, hits: { total: { value: 1, relation: 'eq' }, hits: [{ _index: 'logs', _id: '1', _source: { message: 'boom', level: 'error' }, sort: [1700000000000, 'x'] }] } },
        run: (c, s) => elasticsearch(c).search('logs-*', { query: { match_all: {} } }, s),
      },
    ],
  },
  {
    connector: 'statuspage',
    kind: 'statuspage',
    label: 'Statuspage "fuzz"',
    calls: [
      { name: 'page', sample: { id: 'page1', name: 'Status' }, run: (c, s) => statuspage(c).page(s) },
      { name: 'incident list', sample: [incident], run: (c, s) => statuspage(c).list('upcoming', s) },
      { name: 'incident', sample: incident, run: (c, s) => statuspage(c).get('inc1', s) },
      { name: 'incident created', sample: incident, run: (c, s) => statuspage(c).create(incidentFields, s) },
    ],
  },
  {
    connector: 'octopus',
    kind: 'octopus',
    label: 'Octopus Deploy "fuzz"',
    calls: [
      { name: 'root', sample: { Application: 'Octopus Deploy', Version: '2024.3.1' }, run: (c, s) => octopus(c).version(s) },
      { name: 'space', sample: { Id: 'Spaces-1', Name: 'Default' }, run: (c, s) => octopus(c).spaceName(s) },
      { name: 'projects', sample: { ...page([named]), TotalResults: 3, Links: { 'Page.Next': '/next' } }, run: (c, s) => octopus(c).named('projects', 'Web', s) },
      { name: 'all environments', sample: [named], run: (c, s) => octopus(c).everything('environments', s) },
      { name: 'release', sample: { Id: 'Releases-1', Version: '1.2.3', ProjectId: 'Projects-1', ChannelId: 'Channels-1' }, run: (c, s) => octopus(c).release('Projects-1', '1.2.3', s) },
      { name: 'channel', sample: { Id: 'Channels-1', Name: 'Default' }, run: (c, s) => octopus(c).channelName('Channels-1', s) },
      {
        name: 'progression',
        sample: { Phases: [{ Name: 'Test', Progress: 'Current', Blocked: false, IsOptionalPhase: false, AutomaticDeploymentTargets: ['Environments-1'], OptionalDeploymentTargets: null }], NextDeployments: ['Environments-1'] },
        run: (c, s) => octopus(c).progression('Releases-1', s),
      },
      { name: 'tenant', sample: { Id: 'Tenants-1', Name: 'Acme', ProjectEnvironments: { 'Projects-1': ['Environments-1'] } }, run: (c, s) => octopus(c).tenant('Tenants-1', s) },
      { name: 'deployments', sample: page([deployment]), run: (c, s) => octopus(c).deployments({ projectId: 'Projects-1', environmentId: 'Environments-1', tenantId: null }, s) },
      { name: 'deployment created', sample: deployment, run: (c, s) => octopus(c).createDeployment(newDeployment, s) },
      { name: 'task', sample: task, run: (c, s) => octopus(c).task('ServerTasks-1', s) },
      {
        name: 'task details',
        sample: {
          Task: task,
          ActivityLogs: [{ Name: 'Deploy', Status: 'Running', Children: [{ Name: 'Step 1', Status: 'Success', LogElements: [{ Category: 'Info', OccurredAt: ISO, MessageText: 'ok' }] }] }],
          Progress: { ProgressPercentage: 50 },
        },
        run: (c, s) => octopus(c).taskDetails('ServerTasks-1', s),
      },
      { name: 'interruptions', sample: page([interruption]), run: (c, s) => octopus(c).pendingInterruptions('ServerTasks-1', s) },
      { name: 'preview', sample: { Form: { Elements: [{ Name: 'Var', Control: { Type: 'SingleLineText' } }] } }, run: (c, s) => octopus(c).preview('Releases-1', 'Environments-1', s) },
      {
        name: 'dashboard',
        sample: { Items: [{ ProjectId: 'Projects-1', EnvironmentId: 'Environments-1', TenantId: null, ReleaseVersion: '1.2.3', State: 'Success', IsCurrent: true, CompletedTime: ISO }] },
        run: (c, s) => octopus(c).dashboard('Projects-1', s),
      },
      { name: 'freezes', sample: { DeploymentFreezes: [freeze], Count: 3 }, run: (c, s) => octopus(c).freezes('Projects-1', s) },
    ],
  },
  {
    connector: 'azure-app-service',
    kind: 'azure-app-service',
    label: 'Azure App Service "fuzz"',
    calls: [
      { name: 'sites', sample: { value: [{ name: 'web' }], nextLink: 'http://azure.test/next?page=2' }, run: (c, s) => azure(c).sites(s) },
      { name: 'slot differences', sample: { value: [difference], nextLink: null }, run: (c, s) => azure(c).slotDifferences('web', 'staging', s) },
      {
        name: 'operation status',
        sample: { status: 'Failed', error: { code: 'Conflict', message: 'swap failed' } },
        polls: true,
        run: (c, s) => completion(azure(c), { status: 202, headers: new Headers({ 'azure-asyncoperation': 'http://azure.test/op/1' }), body: null, latencyMs: 1 }, 'the swap', 0, s),
      },
    ],
  },
  {
    connector: 'command',
    label: 'command deployer',
    calls: [
      { name: 'run record', sample: runRecord, run: (c) => fromJournalFile(c, 'runs/wf-key-1.json', () => journal.read('wf-key-1')) },
      {
        name: 'environment versions',
        sample: { production: { version: '1.2.3', at: 1 }, staging: null },
        run: (c) => fromJournalFile(c, 'versions/harbour-prod.json', () => journal.environmentVersions('harbour-prod')),
      },
    ],
  },
];
