import { z } from 'zod';
import { ConnectionAuth } from '../contract/connections.js';
import type { IncidentStatus } from '../contract/incidents.js';
import { strictObject } from '../contract/strict-object.js';
import { AuditDefinition } from './audit.js';
import { CalendarDefinition } from './calendar.js';
import { EnvironmentDeployment, DeploysDefinition } from './deploys.js';
import { EnvironmentKind, Id, Ring, TimeZone } from './ids.js';
import { defaultIncidents, IncidentsDefinition, Severity } from './incidents.js';
import { EnvironmentLifecycle, IsoDate, lifecycleOfKind, LifecycleSettings } from './lifecycle.js';
import { parseRecurrence } from './recurrence-rule.js';

export { EnvironmentKind, isTimeZone, Ring, TimeZone } from './ids.js';

/** The fleet file's schema: the published shape a team keeps under version control. */

export const SiteRole = z.enum(['primary', 'disaster-recovery', 'backup']);
export type SiteRole = z.infer<typeof SiteRole>;


export const Slot = z.enum(['production', 'staging']);

/** Checks per layer: infrastructure, services and application pools, application performance, database, backups, self-diagnosis. */
export const CheckName = z.enum([
  'cpu',
  'memory',
  'disk',
  'network',
  'availability',
  'io',
  'services',
  'app-response',
  'database',
  'backup',
  'self-diagnosis',
]);
export type CheckName = z.infer<typeof CheckName>;

export const SandboxBackend = z.object({
  id: Id,
  kind: z.literal('sandbox'),
  name: z.string().min(1).optional(),
  seed: z.number().int().nonnegative().default(1),
  tickMs: z.number().int().min(100).max(60_000).default(1000),
  faultRate: z.number().min(0).max(1).default(0.01).describe('chance per environment per minute that a fault starts'),
});

/** Fields every real backend shares. Without `url`, its URL and credentials are set in Settings under the same id. */
const ConnectionBackendFields = {
  id: Id,
  name: z.string().min(1).optional(),
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
  auth: ConnectionAuth.default({ type: 'none' }).describe('credentials by reference only: an OS keychain account or an environment variable'),
  timeoutMs: z.number().int().min(500).max(120_000).default(10_000),
};

export const PrometheusBackend = z.object({
  ...ConnectionBackendFields,
  kind: z.literal('prometheus'),
  pollMs: z.number().int().min(1000).max(600_000).default(15_000),
  /** Which label names a server in the metrics; the fleet file's hosts give its value. */
  instanceLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a Prometheus label name').default('instance'),
  queries: z
    .partialRecord(CheckName, z.string().trim().min(1, 'expected a PromQL expression'))
    .optional()
    .describe(
      'PromQL per check, replacing the default one. $instance stands for the instance label name and $hosts for the matcher that selects the watched hosts; the result must be one series per host, grouped by the instance label, in the unit of the check',
    ),
});

export const AlertmanagerBackend = z.object({
  ...ConnectionBackendFields,
  kind: z.literal('alertmanager'),
  pollMs: z.number().int().min(1000).max(600_000).default(10_000),
});

export const DatadogBackend = z.object({
  ...ConnectionBackendFields,
  kind: z.literal('datadog'),
  site: z.string().min(1).default('datadoghq.com').describe('the Datadog site, e.g. datadoghq.com, datadoghq.eu, ap1.datadoghq.com'),
  pollMs: z.number().int().min(5000).max(600_000).default(60_000),
  queries: z
    .partialRecord(CheckName, z.string().trim().includes('$scope', { error: 'expected a Datadog metric query with {$scope} where the environment\'s tags go' }))
    .optional()
    .describe(
      'Datadog metric query per check, replacing the default one. $scope stands for the environment\'s tags; the query must group by {host} and give the value in the unit of the check. Without an availability query, availability comes from the host list',
    ),
});

export const ElasticsearchBackend = z.object({
  ...ConnectionBackendFields,
  kind: z.literal('elasticsearch'),
});

/** Atlassian Statuspage: where planned maintenance is announced to customers. */
export const StatuspageBackend = z.object({
  ...ConnectionBackendFields,
  kind: z.literal('statuspage'),
  pageId: z.string().min(1, 'expected the Statuspage page id').describe('the page id in the Statuspage manage URL'),
  components: z
    .record(Id, z.array(z.string().min(1)))
    .default({})
    .describe('Statuspage component ids per region, site, tenant or environment id; a window puts the components of everything in its scope under maintenance'),
});

/** Octopus Deploy: releases of one project deployed to its environments and tenants (`X-Octopus-ApiKey`). */
export const OctopusBackend = z.object({
  ...ConnectionBackendFields,
  kind: z.literal('octopus'),
  space: z.string().min(1).default('Spaces-1').describe('the space id, e.g. Spaces-1'),
  project: z.string().min(1, 'expected the Octopus project name').describe('the project whose releases are deployed'),
  pollMs: z.number().int().min(200).max(60_000).default(2000).describe('how often a running task is polled'),
});

/** Azure App Service: swaps a site's staging slot into production (Entra ID bearer tokens, long-running operations). */
export const AzureAppServiceBackend = z.object({
  ...ConnectionBackendFields,
  kind: z.literal('azure-app-service'),
  subscriptionId: z.string().min(1, 'expected the Azure subscription id'),
  resourceGroup: z.string().min(1, 'expected the resource group of the sites'),
  pollMs: z.number().int().min(200).max(60_000).default(2000).describe('how often a long-running operation is polled, unless Azure says Retry-After'),
});

const RedmineStatusName = z.string().trim().min(1, 'expected a Redmine issue status name');

/** The Redmine issue status an incident status moves its ticket to; the defaults are the statuses of Redmine's default data. */
const RedmineStatuses = strictObject({
  triage: RedmineStatusName.default('New'),
  investigating: RedmineStatusName.default('In Progress'),
  identified: RedmineStatusName.default('In Progress'),
  monitoring: RedmineStatusName.default('Feedback'),
  resolved: RedmineStatusName.default('Resolved'),
  closed: RedmineStatusName.default('Closed'),
  cancelled: RedmineStatusName.default('Rejected'),
} satisfies Record<IncidentStatus, z.ZodType>);

/** Redmine: the ticketing system of record (`X-Redmine-API-Key`); the console's id and record for a ticket go in issue custom fields. */
export const RedmineBackend = z.object({
  ...ConnectionBackendFields,
  kind: z.literal('redmine'),
  project: z.string().min(1, 'expected the Redmine project identifier').describe('the project the tickets are in, by identifier'),
  trackerId: z.number().int().positive().describe('the tracker of new tickets, by id'),
  markerFieldId: z.number().int().positive().describe("the issue custom field (a text field usable as a filter) that holds the console's id"),
  recordFieldId: z.number().int().positive().describe("the issue custom field (a long text field) that holds the console's record of the incident"),
  statuses: RedmineStatuses.prefault({}).describe('the Redmine issue status (by name) each incident status moves the ticket to'),
});

const ServicenowState = z.number().int().nonnegative();

/** The incident `state` code an incident status moves its ticket to; the defaults are ServiceNow's incident states. */
const ServicenowStates = strictObject({
  triage: ServicenowState.default(1).describe('1 New'),
  investigating: ServicenowState.default(2).describe('2 In Progress'),
  identified: ServicenowState.default(2).describe('2 In Progress'),
  monitoring: ServicenowState.default(2).describe('2 In Progress'),
  resolved: ServicenowState.default(6).describe('6 Resolved'),
  closed: ServicenowState.default(7).describe('7 Closed'),
  cancelled: ServicenowState.default(8).describe('8 Canceled'),
} satisfies Record<IncidentStatus, z.ZodType>);

/** ServiceNow's impact and urgency run from 1 (high) to 3 (low); it computes the priority from the pair. */
const ServicenowLevel = z.number().int().min(1, 'expected 1 (high), 2 (medium) or 3 (low)').max(3, 'expected 1 (high), 2 (medium) or 3 (low)');
const ImpactUrgency = (impact: number, urgency: number) =>
  strictObject({ impact: ServicenowLevel, urgency: ServicenowLevel }).default({ impact, urgency });

/** Impact × urgency per severity; the defaults make ServiceNow's default priority lookup give priorities 1 Critical to 4 Low. */
const ServicenowSeverities = strictObject({
  sev1: ImpactUrgency(1, 1),
  sev2: ImpactUrgency(1, 2),
  sev3: ImpactUrgency(2, 2),
  sev4: ImpactUrgency(2, 3),
} satisfies Record<Severity, z.ZodType>);

/**
 * ServiceNow: the ticketing system of record through the Table API's `incident` table (Basic
 * auth). The console's id goes in `correlation_id`, its record in a string custom field of the
 * incident table that an administrator adds once (default `u_watchfloor_record`).
 */
export const ServicenowBackend = z.object({
  ...ConnectionBackendFields,
  kind: z.literal('servicenow'),
  auth: ConnectionAuth.refine((auth): boolean => auth.type === 'basic', {
    error: "expected Basic auth for ServiceNow: username the integration user, password a reference to its password (a keychain account or an environment variable)",
  }).describe('type basic: the integration user and a reference to its password'),
  assignmentGroup: z.string().min(1).optional().describe('the assignment group of new incidents, by sys_id or name'),
  states: ServicenowStates.prefault({}).describe('the incident state code each incident status moves the ticket to'),
  severities: ServicenowSeverities.prefault({}).describe('the impact and urgency each severity opens its ticket with'),
  recordField: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'expected a column name of the incident table, e.g. u_watchfloor_record')
    .default('u_watchfloor_record')
    .describe("the string custom field of the incident table that holds the console's record"),
  closeCode: z.string().min(1).default('Solution provided').describe('the resolution code sent when resolving or closing, unless the console gives one'),
  holdReason: z.string().min(1).default('1').describe('the hold_reason code sent with a state of On Hold (3): 1 Awaiting Caller by default'),
});

const JiraStatusName = z.string().trim().min(1, 'expected a Jira status name, as the workflow shows it');

/** The Jira status an incident status moves its ticket to; the defaults are the statuses of Jira's default workflow. */
const JiraStatuses = strictObject({
  triage: JiraStatusName.default('Open'),
  investigating: JiraStatusName.default('In Progress'),
  identified: JiraStatusName.default('In Progress'),
  monitoring: JiraStatusName.default('In Progress'),
  resolved: JiraStatusName.default('Resolved'),
  closed: JiraStatusName.default('Closed'),
  cancelled: JiraStatusName.default('Closed'),
} satisfies Record<IncidentStatus, z.ZodType>);

const JiraPriorityName = z.string().trim().min(1, 'expected a Jira priority name');

/** The Jira priority of an incident severity; the defaults are Jira's default priorities. */
const JiraPriorities = strictObject({
  sev1: JiraPriorityName.default('Highest'),
  sev2: JiraPriorityName.default('High'),
  sev3: JiraPriorityName.default('Medium'),
  sev4: JiraPriorityName.default('Low'),
} satisfies Record<Severity, z.ZodType>);

/** Jira Cloud (REST v3): the ticketing system of record; Basic auth with the account's email and an API token. */
export const JiraBackend = z.object({
  ...ConnectionBackendFields,
  kind: z.literal('jira'),
  url: z.url({ protocol: /^https?$/, error: 'expected the Jira site URL, e.g. https://your-site.atlassian.net' }).describe('the Jira Cloud site, e.g. https://your-site.atlassian.net'),
  auth: ConnectionAuth.refine((auth): boolean => auth.type === 'basic', {
    error: 'expected Basic auth for Jira Cloud: username the Atlassian account email, password an API token (a keychain account or an environment variable)',
  }).describe('type basic: username the Atlassian account email, password a reference to an API token'),
  projectKey: z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'expected a Jira project key such as OPS (capitals, digits, underscores)').describe('the project the tickets are in, by key'),
  issueType: z.string().trim().min(1).default('Task').describe('the issue type of new tickets, by name'),
  statuses: JiraStatuses.prefault({}).describe('the Jira status (by name) each incident status moves the ticket to'),
  priorities: JiraPriorities.prefault({}).describe('the Jira priority (by name) of each incident severity'),
  serviceDesk: z.boolean().default(false).describe('the project is a Jira Service Management desk: its SLAs are read from it and comments are internal or shared with the customer'),
  issueWriteGapMs: z.number().int().min(0).max(10_000).default(300).describe('the least time between two writes to the same issue, under Jira\'s per-issue write limit'),
  searchSettleMs: z
    .number()
    .int()
    .min(0)
    .max(120_000)
    .default(10_000)
    .describe("how long Jira's search, which shows a new issue seconds after it is made, is given to show one an earlier try may have made before the console makes it"),
});

/** Slack (Web API): a channel per incident of the chosen severities, with a status card kept current; a bot token sent as `Authorization: Bearer`. */
export const SlackBackend = z.object({
  ...ConnectionBackendFields,
  kind: z.literal('slack'),
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).default('https://slack.com').describe('the Web API host; methods are under /api'),
  auth: ConnectionAuth.refine((auth): boolean => auth.type === 'bearer', {
    error: 'expected a bearer token for Slack: token a reference to the bot token (xoxb-…) in the keychain or an environment variable',
  }).describe('type bearer: token a reference to the bot token (xoxb-…)'),
  channelFor: z
    .array(Severity)
    .min(1, 'expected at least one severity, e.g. [sev1, sev2]')
    .default(['sev1', 'sev2'])
    .describe('the severities whose incidents get a channel of their own'),
  channelPrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,19}$/, 'expected a channel name prefix of lower-case letters, digits, "-" and "_" (at most 20), e.g. inc')
    .default('inc')
    .describe('channels are named <prefix>-<incident id>-<title>, e.g. inc-2291-apac-timesheets'),
  members: z
    .record(z.string().min(1), z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'expected a Slack member id such as U024BE7LH'))
    .default({})
    .describe('Slack member id of each commander and responder, by the name the console knows them by; they are invited to the channel'),
  consoleUrl: z
    .url({ protocol: /^(https?|watchfloor)$/, error: 'expected the console\'s address, e.g. watchfloor:// or http://127.0.0.1:7420/' })
    .default('watchfloor://')
    .describe('where the deep links in posts lead: watchfloor:// for the desktop app, or the browser host\'s address'),
});

/** A Confluence Cloud content id: digits. */
const ConfluencePageId = z.string().regex(/^\d{1,20}$/, 'expected a Confluence page id: the digits in the page\'s URL after /pages/');

/** Confluence Cloud (REST v2): lessons-learnt reviews published as pages, and runbooks per check; Basic auth with the account's email and an API token. */
export const ConfluenceBackend = z.object({
  ...ConnectionBackendFields,
  kind: z.literal('confluence'),
  url: z.url({ protocol: /^https?$/, error: 'expected the Confluence site URL, e.g. https://your-site.atlassian.net' }).describe('the Confluence Cloud site, e.g. https://your-site.atlassian.net'),
  auth: ConnectionAuth.refine((auth): boolean => auth.type === 'basic', {
    error: 'expected Basic auth for Confluence Cloud: username the Atlassian account email, password an API token (a keychain account or an environment variable)',
  }).describe('type basic: username the Atlassian account email, password a reference to an API token'),
  spaceId: z.string().regex(/^\d{1,20}$/, 'expected the space id (digits), as GET /wiki/api/v2/spaces gives it').describe('the space the review pages are made in, by id'),
  reviewsParentId: ConfluencePageId.describe('the page the review pages are made under, by id'),
  runbooks: z.partialRecord(CheckName, ConfluencePageId).default({}).describe('the Confluence page id of the runbook for each check'),
});

/** A command run per deploy (a script, an Ansible playbook); the release and target reach it as environment variables. */
export const CommandBackend = z.object({
  id: Id,
  kind: z.literal('command'),
  name: z.string().min(1).optional(),
  /** argv of the deploy; WATCHFLOOR_RELEASE, WATCHFLOOR_TARGET, WATCHFLOOR_SLOT, WATCHFLOOR_ACTION and the environment's variables are set. */
  deploy: z.array(z.string().min(1)).min(1, 'expected the deploy command as a list, e.g. ["./deploy.sh"]'),
  /** argv that swaps the staging slot into production (and back: a swap is its own inverse). */
  swap: z.array(z.string().min(1)).min(1).optional(),
  /** argv that prints the version an environment runs (WATCHFLOOR_TARGET set), for the version matrix. */
  version: z.array(z.string().min(1)).min(1).optional(),
  /** argv that tears an environment down (WATCHFLOOR_ACTION=decommission, WATCHFLOOR_TARGET set); without it this backend cannot decommission. */
  decommission: z.array(z.string().min(1)).min(1).optional(),
  workingDirectory: z.string().min(1).optional().describe('relative paths are taken from the fleet file'),
  timeoutMs: z.number().int().min(1000).max(86_400_000).default(3_600_000),
});

export const BackendDefinition = z.discriminatedUnion('kind', [
  SandboxBackend,
  PrometheusBackend,
  AlertmanagerBackend,
  DatadogBackend,
  ElasticsearchBackend,
  StatuspageBackend,
  OctopusBackend,
  AzureAppServiceBackend,
  RedmineBackend,
  ServicenowBackend,
  JiraBackend,
  SlackBackend,
  ConfluenceBackend,
  CommandBackend,
]);
export type BackendDefinition = z.infer<typeof BackendDefinition>;

export const SiteDefinition = z.object({
  id: Id,
  name: z.string().min(1),
  role: SiteRole,
  location: z.string().min(1).optional(),
});
export type SiteDefinition = z.infer<typeof SiteDefinition>;

export const RegionDefinition = z.object({
  id: Id,
  name: z.string().min(1),
  timeZone: TimeZone,
  residency: z.string().min(2).describe('where customer data must stay, e.g. "AU" or "UK"'),
  noticeDays: z.number().int().min(0).max(90).optional().describe("days ahead planned maintenance in this region must be announced; default the calendar's noticeDays"),
  cloud: z.string().min(1).optional(),
  sites: z.array(SiteDefinition).min(1, 'expected at least one site'),
});
export type RegionDefinition = z.infer<typeof RegionDefinition>;

export const ServerRole = z.enum(['web', 'app', 'db']);

export const HostDefinition = z.object({
  name: z.string().min(1),
  role: ServerRole,
  /** The monitoring's name for the host, e.g. Prometheus `instance="10.0.4.12:9100"`; defaults to the name. */
  instance: z.string().min(1).optional(),
});
export type HostDefinition = z.infer<typeof HostDefinition>;

export const LogBinding = z.object({
  from: Id.describe('an elasticsearch backend'),
  index: z.string().min(1).default('logs-*'),
  /** Lucene query string that selects this environment's lines, e.g. service.environment:"acme-prod". */
  query: z.string().min(1).optional(),
});

/** How the environment is found in each backend that watches it. */
export const WatchDefinition = z.object({
  labels: z
    .record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a Prometheus label name'), z.string())
    .optional()
    .describe('label matchers that select the environment in Prometheus and Alertmanager; default environment=<id>'),
  tags: z.array(z.string().min(1)).optional().describe('Datadog tags that select the environment; default environment:<id>'),
  alertsFrom: z.array(Id).optional().describe('alert sources (alertmanager, datadog, sandbox) whose alerts concern this environment'),
  logs: LogBinding.optional(),
});

export const EnvironmentDefinition = z.object({
  id: Id,
  name: z.string().min(1).optional(),
  kind: EnvironmentKind,
  site: Id,
  ring: Ring.optional(),
  slots: z.array(Slot).optional(),
  goLive: IsoDate.optional().describe("the customer's go-live for this environment; default the tenant's goLive"),
  lifecycle: EnvironmentLifecycle.optional().describe("permanent, temporary, permanent-paid or release-temporary; default by the rule (the fleet's lifecycle.temporaryKinds)"),
  decommissioned: IsoDate.optional().describe('the day it was decommissioned: it is gone, and no longer watched or deployed to'),
  /** The key before lifecycle: refused with the way to say it now rather than silently dropped. */
  decommission: z
    .never({ error: 'decommission is no longer read: give the end as lifecycle: { kind: temporary, end: YYYY-MM-DD }, or decommissioned: YYYY-MM-DD once it is gone' })
    .optional(),
  watchedBy: Id,
  deployedBy: Id.optional().describe('the deploy backend: octopus, command or sandbox'),
  deployment: EnvironmentDeployment.optional(),
  servers: z.number().int().min(1).max(64).optional().describe('how many servers the environment runs on'),
  hosts: z.array(HostDefinition).min(1).max(64).optional().describe('the servers by name, as the monitoring knows them'),
  watch: WatchDefinition.optional(),
});
export type EnvironmentDefinition = z.infer<typeof EnvironmentDefinition>;

/** An environment's bindings with the defaults filled in: what connectors work from. */
export const EnvironmentBinding = z.object({
  labels: z.record(z.string(), z.string()),
  tags: z.array(z.string()),
  alertsFrom: z.array(z.string()),
  logs: LogBinding.nullable(),
  hosts: z.array(HostDefinition).nullable(),
});
export type EnvironmentBinding = z.infer<typeof EnvironmentBinding>;

export function bindingOf(env: EnvironmentDefinition): EnvironmentBinding {
  return {
    labels: env.watch?.labels ?? { environment: env.id },
    tags: env.watch?.tags ?? [`environment:${env.id}`],
    alertsFrom: env.watch?.alertsFrom ?? [],
    logs: env.watch?.logs ?? null,
    hosts: env.hosts ?? null,
  };
}

export const TenantDefinition = z.object({
  id: Id,
  name: z.string().min(1),
  region: Id,
  goLive: IsoDate.optional().describe("the customer's go-live: temporary environments end a set number of days after it"),
  environments: z.array(EnvironmentDefinition).min(1, 'expected at least one environment'),
});
export type TenantDefinition = z.infer<typeof TenantDefinition>;

export const FleetDefinition = z
  .object({
    version: z.literal(1),
    name: z.string().min(1),
    backends: z.array(BackendDefinition).min(1, 'expected at least one backend'),
    regions: z.array(RegionDefinition).min(1, 'expected at least one region'),
    tenants: z.array(TenantDefinition),
    calendar: CalendarDefinition.default({ noticeDays: 7, publishTo: [], windows: [] }),
    deploys: DeploysDefinition.default({ soakMinutes: 30, releases: [], plans: [] }),
    lifecycle: LifecycleSettings.prefault({}).describe('the rule that makes UAT and training temporary, how long they are kept after go-live, and when the account team is warned'),
    incidents: IncidentsDefinition.default(defaultIncidents()).describe('severities, SLA targets and calendars, the close gate and the communications checklist; absent, common SaaS contract terms apply'),
    audit: AuditDefinition.optional(),
  })
  .superRefine((fleet, ctx) => {
    const duplicate = (kind: string, ids: Array<{ id: string; path: PropertyKey[] }>) => {
      const seen = new Set<string>();
      for (const { id, path } of ids) {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `duplicate ${kind} id "${id}"` });
        seen.add(id);
      }
    };
    duplicate('backend', fleet.backends.map((b, i) => ({ id: b.id, path: ['backends', i] })));
    duplicate('region', fleet.regions.map((r, i) => ({ id: r.id, path: ['regions', i] })));
    duplicate(
      'site',
      fleet.regions.flatMap((r, ri) => r.sites.map((s, si) => ({ id: s.id, path: ['regions', ri, 'sites', si] }))),
    );
    duplicate('tenant', fleet.tenants.map((t, i) => ({ id: t.id, path: ['tenants', i] })));
    duplicate(
      'environment',
      fleet.tenants.flatMap((t, ti) => t.environments.map((e, ei) => ({ id: e.id, path: ['tenants', ti, 'environments', ei] }))),
    );

    const backendKinds = new Map<string, string>(fleet.backends.map((b) => [b.id, b.kind]));
    const regionSites = new Map(fleet.regions.map((r) => [r.id, new Set(r.sites.map((s) => s.id))]));
    fleet.tenants.forEach((tenant, ti) => {
      const sites = regionSites.get(tenant.region);
      if (!sites) {
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', ti, 'region'],
          message: `unknown region "${tenant.region}"; expected one of: ${[...regionSites.keys()].join(', ')}`,
        });
        return;
      }
      tenant.environments.forEach((env, ei) => {
        const path = ['tenants', ti, 'environments', ei];
        if (!sites.has(env.site)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'site'],
            message: `site "${env.site}" is not in region "${tenant.region}" (data residency); expected one of: ${[...sites].join(', ')}`,
          });
        }
        const refs: Array<{ ref: string; at: PropertyKey[]; kinds: readonly string[] }> = [
          { ref: env.watchedBy, at: ['watchedBy'], kinds: ['sandbox', 'prometheus', 'datadog'] },
          ...(env.watch?.alertsFrom ?? []).map((ref, i) => ({ ref, at: ['watch', 'alertsFrom', i], kinds: ['sandbox', 'alertmanager', 'datadog'] })),
          ...(env.watch?.logs ? [{ ref: env.watch.logs.from, at: ['watch', 'logs', 'from'], kinds: ['sandbox', 'elasticsearch'] }] : []),
        ];
        if (env.deployment && env.deployedBy === undefined) {
          ctx.addIssue({ code: 'custom', path: [...path, 'deployedBy'], message: 'deployment is set but deployedBy is not: name the backend that deploys this environment' });
        }
        for (const { ref, at, kinds } of refs) {
          const kind = backendKinds.get(ref);
          if (kind === undefined) {
            ctx.addIssue({ code: 'custom', path: [...path, ...at], message: `unknown backend "${ref}"` });
          } else if (!kinds.includes(kind)) {
            ctx.addIssue({ code: 'custom', path: [...path, ...at], message: `backend "${ref}" is a ${kind} backend; expected ${kinds.join(' or ')}` });
          }
        }
        if (env.deployedBy !== undefined) refs.push({ ref: env.deployedBy, at: ['deployedBy'], kinds: DEPLOY_KINDS });
        if (env.deployment?.swapBy !== undefined) refs.push({ ref: env.deployment.swapBy, at: ['deployment', 'swapBy'], kinds: SWAP_KINDS });
        (env.deployment?.checks ?? []).forEach((check, ci) => {
          if (check.type === 'metric') refs.push({ ref: check.from, at: ['deployment', 'checks', ci, 'from'], kinds: ['prometheus', 'sandbox'] });
        });
        if (!env.hosts && backendKinds.get(env.watchedBy) === 'prometheus') {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'hosts'],
            message: `watched by Prometheus backend "${env.watchedBy}", so it needs hosts: its servers by name and role, with the instance label when Prometheus names them differently`,
          });
        }
        if (!env.hosts && backendKinds.get(env.watchedBy) === 'datadog') {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'hosts'],
            message: `watched by Datadog backend "${env.watchedBy}", so it needs hosts: its servers by name and role, with the Datadog host name as instance when it differs`,
          });
        }
        if (env.hosts && env.servers !== undefined && env.hosts.length !== env.servers) {
          ctx.addIssue({ code: 'custom', path: [...path, 'servers'], message: `servers says ${env.servers} but hosts lists ${env.hosts.length}; give one or make them agree` });
        }
      });
    });
    checkLifecycles(fleet, ctx);
    checkCalendar(fleet, backendKinds, ctx);
    checkDeploys(fleet, ctx);
    const ship = fleet.audit?.ship;
    if (ship?.type === 'elasticsearch') {
      const kind = backendKinds.get(ship.backend);
      const path = ['audit', 'ship', 'backend'];
      if (kind === undefined) ctx.addIssue({ code: 'custom', path, message: `unknown backend "${ship.backend}"` });
      else if (kind !== 'elasticsearch') ctx.addIssue({ code: 'custom', path, message: `backend "${ship.backend}" is a ${kind} backend; expected elasticsearch` });
    }
  });
export type FleetDefinition = z.infer<typeof FleetDefinition>;

type FleetShape = Pick<FleetDefinition, 'regions' | 'tenants' | 'calendar'>;

/** Lifecycles that can be kept: production stays, ends come after go-live, a release-temporary names a listed release. */
function checkLifecycles(fleet: Pick<FleetDefinition, 'tenants' | 'deploys' | 'lifecycle'>, ctx: z.RefinementCtx) {
  const releases = new Set(fleet.deploys.releases.map((release) => release.version));
  if (fleet.lifecycle.temporaryKinds.includes('production')) {
    ctx.addIssue({ code: 'custom', path: ['lifecycle', 'temporaryKinds', fleet.lifecycle.temporaryKinds.indexOf('production')], message: 'production environments are permanent; the rule can make uat, training or internal temporary' });
  }
  fleet.tenants.forEach((tenant, ti) => {
    tenant.environments.forEach((env, ei) => {
      const path: PropertyKey[] = ['tenants', ti, 'environments', ei];
      const goLive = env.goLive ?? tenant.goLive;
      const lifecycle = lifecycleOfKind(env.kind, env.lifecycle, fleet.lifecycle);
      if (env.kind === 'production' && lifecycle.kind !== 'permanent') {
        ctx.addIssue({ code: 'custom', path: [...path, 'lifecycle', 'kind'], message: `a production environment is permanent, not ${lifecycle.kind}` });
      }
      if ((lifecycle.kind === 'temporary' || lifecycle.kind === 'release-temporary') && lifecycle.end !== undefined && goLive !== undefined && lifecycle.end < goLive) {
        ctx.addIssue({ code: 'custom', path: [...path, 'lifecycle', 'end'], message: `the end ${lifecycle.end} is before go-live ${goLive}` });
      }
      if (lifecycle.kind === 'release-temporary' && !releases.has(lifecycle.release)) {
        ctx.addIssue({ code: 'custom', path: [...path, 'lifecycle', 'release'], message: `unknown release "${lifecycle.release}"; list it under deploys.releases` });
      }
      if (env.decommissioned !== undefined && goLive !== undefined && env.decommissioned < goLive) {
        ctx.addIssue({ code: 'custom', path: [...path, 'decommissioned'], message: `decommissioned ${env.decommissioned} is before go-live ${goLive}` });
      }
    });
  });
}

/** Backends that deploy a release, and backends that swap slots. */
export const DEPLOY_KINDS: readonly string[] = ['octopus', 'command', 'sandbox'];
export const SWAP_KINDS: readonly string[] = ['azure-app-service', 'command', 'sandbox'];

/** Cross-references of releases and plans: versions are unique, hotfixes name their incident, stages name what exists. */
function checkDeploys(fleet: Pick<FleetDefinition, 'regions' | 'tenants' | 'calendar' | 'deploys'>, ctx: z.RefinementCtx) {
  const versions = new Set<string>();
  fleet.deploys.releases.forEach((release, i) => {
    const path: PropertyKey[] = ['deploys', 'releases', i];
    if (versions.has(release.version)) ctx.addIssue({ code: 'custom', path: [...path, 'version'], message: `duplicate release version "${release.version}"` });
    versions.add(release.version);
    if (release.type === 'hotfix' && release.incident === undefined) {
      ctx.addIssue({ code: 'custom', path: [...path, 'incident'], message: 'a hotfix needs the severity-one reference it answers, e.g. incident: INC-2291' });
    }
  });
  const known = {
    regions: new Set(fleet.regions.map((r) => r.id)),
    tenants: new Set(fleet.tenants.map((t) => t.id)),
    environments: new Set(fleet.tenants.flatMap((t) => t.environments.map((e) => e.id))),
  };
  const slots = new Set(fleet.calendar.windows.filter((w) => w.kind === 'upgrade-slot').map((w) => w.id));
  const plans = new Set<string>();
  fleet.deploys.plans.forEach((plan, pi) => {
    const path: PropertyKey[] = ['deploys', 'plans', pi];
    if (plans.has(plan.id)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `duplicate plan id "${plan.id}"` });
    plans.add(plan.id);
    if (!versions.has(plan.release)) {
      ctx.addIssue({ code: 'custom', path: [...path, 'release'], message: `unknown release "${plan.release}"; list it under deploys.releases` });
    }
    const stages = new Set<string>();
    plan.stages.forEach((stage, si) => {
      const at: PropertyKey[] = [...path, 'stages', si];
      if (stages.has(stage.id)) ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `duplicate stage id "${stage.id}"` });
      stages.add(stage.id);
      for (const part of ['regions', 'tenants', 'environments'] as const) {
        (stage.targets[part] ?? []).forEach((ref, i) => {
          if (!known[part].has(ref)) ctx.addIssue({ code: 'custom', path: [...at, 'targets', part, i], message: `unknown ${part.slice(0, -1)} "${ref}"` });
        });
      }
      if (stage.slot !== undefined && !slots.has(stage.slot)) {
        ctx.addIssue({ code: 'custom', path: [...at, 'slot'], message: `"${stage.slot}" is not an upgrade-slot window of the calendar` });
      }
    });
  });
}

/** Backends a window can be published to. */
export const PUBLISH_KINDS: readonly string[] = ['statuspage', 'alertmanager', 'datadog', 'sandbox'];

/** Cross-references of the calendar: scopes name things that exist, publish targets can take a window, rules parse. */
function checkCalendar(fleet: FleetShape, backendKinds: ReadonlyMap<string, string>, ctx: z.RefinementCtx) {
  const known = {
    regions: new Set(fleet.regions.map((r) => r.id)),
    sites: new Set(fleet.regions.flatMap((r) => r.sites.map((s) => s.id))),
    tenants: new Set(fleet.tenants.map((t) => t.id)),
    environments: new Set(fleet.tenants.flatMap((t) => t.environments.map((e) => e.id))),
  };
  const checkPublishTo = (ids: readonly string[], path: PropertyKey[]) => {
    ids.forEach((ref, i) => {
      const kind = backendKinds.get(ref);
      if (kind === undefined) ctx.addIssue({ code: 'custom', path: [...path, i], message: `unknown backend "${ref}"` });
      else if (!PUBLISH_KINDS.includes(kind)) {
        ctx.addIssue({ code: 'custom', path: [...path, i], message: `backend "${ref}" is a ${kind} backend; a window can be published to ${PUBLISH_KINDS.join(', ')}` });
      }
    });
  };
  checkPublishTo(fleet.calendar.publishTo, ['calendar', 'publishTo']);
  const seen = new Set<string>();
  fleet.calendar.windows.forEach((window, wi) => {
    const path: PropertyKey[] = ['calendar', 'windows', wi];
    if (seen.has(window.id)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `duplicate window id "${window.id}"` });
    seen.add(window.id);
    for (const part of ['regions', 'sites', 'tenants', 'environments'] as const) {
      (window.scope[part] ?? []).forEach((ref, i) => {
        if (!known[part].has(ref)) {
          ctx.addIssue({ code: 'custom', path: [...path, 'scope', part, i], message: `unknown ${part.slice(0, -1)} "${ref}"` });
        }
      });
    }
    if (window.rrule !== undefined) {
      const rule = parseRecurrence(window.rrule);
      if (!rule.ok) ctx.addIssue({ code: 'custom', path: [...path, 'rrule'], message: rule.message });
    }
    if (window.publishTo) checkPublishTo(window.publishTo, [...path, 'publishTo']);
  });
}

/** A calendar kept in a file of its own (beside the simulated fleet), checked against the fleet it serves. */
export function calendarFileSchema(fleet: Pick<FleetDefinition, 'regions' | 'tenants' | 'backends'>) {
  const kinds = new Map<string, string>(fleet.backends.map((backend) => [backend.id, backend.kind]));
  return z
    .object({ calendar: CalendarDefinition })
    .superRefine((file, ctx) => checkCalendar({ regions: fleet.regions, tenants: fleet.tenants, calendar: file.calendar }, kinds, ctx));
}
