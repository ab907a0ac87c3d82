import { z } from 'zod';
import { ConnectorError, type BackendClient, type QueryValue } from '../../http/backend-client.js';
import { IsoTime, identify, parseAnswer } from '../prometheus/answer.js';

/**
 * The Octopus Deploy REST API as the console uses it, after its published reference
 * (octopus.com/docs/octopus-rest-api, and OctopusDeploy/go-octopusdeploy): resources are reduced
 * to the fields read, and states stay plain strings so that one Octopus adds later does not
 * break parsing. Lists are collections paged with `skip` and `take`.
 */

const Id = z.string().min(1);

/** `GET /api` (RootResource); it answers without an API key. */
const Root = z.object({ Application: z.string().optional(), Version: z.string().min(1) });

/** A space, environment, tenant or project: what lookups by name need. */
const Named = z.object({ Id, Name: z.string() });
export type Named = z.infer<typeof Named>;

/** A collection page (ResourceCollection): `Links["Page.Next"]` is there while more pages follow. */
function collection<S extends z.ZodType>(item: S) {
  return z.object({
    Items: z.array(item),
    TotalResults: z.number().int().min(0),
    ItemsPerPage: z.number().int().min(0),
    Links: z.record(z.string(), z.string()).optional(),
  });
}

/** `GET /api/{spaceId}/projects/{projectId}/releases/{version}` (ReleaseResource); its channel decides its lifecycle. */
const Release = z.object({ Id, Version: z.string(), ProjectId: Id, ChannelId: z.string().nullable().optional() });
export type Release = z.infer<typeof Release>;

/** `GET /api/{spaceId}/channels/{id}` (ChannelResource): no LifecycleId means the project's lifecycle. */
const Channel = z.object({ Id, Name: z.string() });

/**
 * One phase of a release's lifecycle progression (PhaseProgressionResource): `Progress` is
 * Pending, Current or Complete; its environments are the automatic and the optional targets.
 */
const PhaseProgression = z.object({
  Name: z.string(),
  Progress: z.string(),
  Blocked: z.boolean().optional(),
  IsOptionalPhase: z.boolean().optional(),
  AutomaticDeploymentTargets: z.array(z.string()).nullable().optional(),
  OptionalDeploymentTargets: z.array(z.string()).nullable().optional(),
});
export type PhaseProgression = z.infer<typeof PhaseProgression>;

/** `GET /api/{spaceId}/releases/{id}/progression` (LifecycleProgressionResource): `NextDeployments` are the environments the release may go to now. */
const Progression = z.object({ Phases: z.array(PhaseProgression), NextDeployments: z.array(z.string()) });
export type Progression = z.infer<typeof Progression>;

/** `GET /api/{spaceId}/tenants/{id}` (TenantResource): `ProjectEnvironments` maps each connected project to its environments. */
const Tenant = z.object({ Id, Name: z.string(), ProjectEnvironments: z.record(z.string(), z.array(z.string())).nullable().optional() });
export type Tenant = z.infer<typeof Tenant>;

/** A deployment (DeploymentResource); `Comments` carries the console's marker. */
const Deployment = z.object({
  Id,
  ProjectId: Id,
  ReleaseId: Id,
  EnvironmentId: Id,
  TenantId: z.string().nullable().optional(),
  TaskId: Id,
  Comments: z.string().nullable().optional(),
  Created: z.string().nullable().optional(),
});
export type Deployment = z.infer<typeof Deployment>;

/** `GET /api/{spaceId}/tasks/{id}` (TaskResource). */
const Task = z.object({
  Id,
  State: z.string().min(1),
  IsCompleted: z.boolean(),
  FinishedSuccessfully: z.boolean(),
  HasPendingInterruptions: z.boolean(),
  ErrorMessage: z.string().nullable().optional(),
});
export type Task = z.infer<typeof Task>;

const LogElement = z.object({ Category: z.string(), OccurredAt: IsoTime, MessageText: z.string() });

/** A node of a task's activity tree: the task, its steps, their targets and actions. */
export interface ActivityElement {
  Name: string;
  Status?: string | undefined;
  Children?: ActivityElement[] | undefined;
  LogElements?: Array<z.infer<typeof LogElement>> | undefined;
}

const ActivityElement: z.ZodType<ActivityElement> = z.object({
  Name: z.string(),
  Status: z.string().optional(),
  get Children() {
    return z.array(ActivityElement).optional();
  },
  LogElements: z.array(LogElement).optional(),
});

/** `GET /api/{spaceId}/tasks/{id}/details` (TaskDetailsResource). */
const TaskDetails = z.object({
  Task,
  ActivityLogs: z.array(ActivityElement),
  Progress: z.object({ ProgressPercentage: z.number().min(0).max(100) }).nullable().optional(),
});
export type TaskDetails = z.infer<typeof TaskDetails>;

/** One element of a form (an interruption's, or a deployment preview's prompted variables): its `Name` keys the submitted values. */
const FormElement = z.object({ Name: z.string(), Control: z.unknown() });
const Form = z.object({ Elements: z.array(FormElement) });
export type Form = z.infer<typeof Form>;

/** `GET /api/{spaceId}/interruptions/{id}` (InterruptionResource): `Type` is GuidedFailure or ManualIntervention. */
const Interruption = z.object({
  Id,
  Title: z.string(),
  Type: z.string().optional(),
  IsPending: z.boolean(),
  HasResponsibility: z.boolean().optional(),
  TaskId: z.string().optional(),
  Form,
});
export type Interruption = z.infer<typeof Interruption>;

/** `GET /api/{spaceId}/releases/{releaseId}/deployments/preview/{environmentId}` (DeploymentPreviewResource). */
const DeploymentPreview = z.object({ Form: Form.nullable().optional() });

/** `GET /api/{spaceId}/dashboard` (DashboardResource): the latest deployments per project, environment and tenant. */
const DashboardItem = z.object({
  ProjectId: Id,
  EnvironmentId: Id,
  TenantId: z.string().nullable().optional(),
  ReleaseVersion: z.string(),
  State: z.string(),
  IsCurrent: z.boolean().optional(),
  CompletedTime: z.string().nullable().optional(),
});
export type DashboardItem = z.infer<typeof DashboardItem>;
const Dashboard = z.object({ Items: z.array(DashboardItem) });

/** A deployment freeze; the start and end of a recurring one are its first occurrence. */
const RecurringSchedule = z.object({
  Type: z.string(),
  Unit: z.number().int(),
  EndType: z.string().optional(),
  EndOnDate: z.string().nullable().optional(),
  EndAfterOccurrences: z.number().int().nullable().optional(),
});
const DeploymentFreeze = z.object({
  Id,
  Name: z.string(),
  Start: IsoTime,
  End: IsoTime,
  ProjectEnvironmentScope: z.record(z.string(), z.array(z.string())).nullable().optional(),
  TenantProjectEnvironmentScope: z.array(z.object({ TenantId: z.string(), ProjectId: z.string(), EnvironmentId: z.string() })).nullable().optional(),
  RecurringSchedule: RecurringSchedule.nullable().optional(),
});
export type DeploymentFreeze = z.infer<typeof DeploymentFreeze>;

/** `GET /api/deploymentfreezes` is instance-wide and answers `{DeploymentFreezes, Count}`, not a collection. */
const DeploymentFreezeList = z.object({ DeploymentFreezes: z.array(DeploymentFreeze), Count: z.number().int().min(0) });

/** The body of `POST /api/{spaceId}/deployments` (DeploymentResource) as the console sends it. */
export interface NewDeployment {
  ReleaseId: string;
  EnvironmentId: string;
  TenantId: string | null;
  Comments: string;
  UseGuidedFailure: boolean;
  QueueTime: string | null;
  QueueTimeExpiry: string | null;
  FormValues: Record<string, string>;
}

/** Octopus's default and the most it is asked for at once. */
const PAGE_SIZE = 100;

export class OctopusApi {
  constructor(
    private readonly client: BackendClient,
    readonly spaceId: string,
    /** Names the backend in every error, e.g. `Octopus Deploy "octopus"`. */
    readonly label: string,
  ) {}

  private get space(): string {
    return `/api/${encodeURIComponent(this.spaceId)}`;
  }

  /** The server's version; `wrong-kind` when the server is not Octopus. */
  async version(signal: AbortSignal): Promise<string> {
    const path = '/api';
    const what = `${this.label} GET ${path}`;
    const root = await identify(
      this.client.json({ path, signal }).then((response) => parseAnswer(Root, response.body, what, 'wrong-kind')),
      'the Octopus Deploy API',
      what,
    );
    return root.Version;
  }

  /** The space, or null when Octopus has none by that id. */
  async spaceName(signal: AbortSignal): Promise<string | null> {
    const path = `/api/spaces/${encodeURIComponent(this.spaceId)}`;
    return orNull(this.get(Named, path, {}, signal).then((space) => space.Name));
  }

  /** Projects, environments or tenants whose name contains `name`; exact matching is the caller's. */
  named(kind: 'projects' | 'environments' | 'tenants', name: string, signal: AbortSignal): Promise<Named[]> {
    return this.all(Named, `${this.space}/${kind}`, { partialName: name }, signal);
  }

  /** Every environment or tenant of the space (the `all` endpoints answer a plain array). */
  async everything(kind: 'environments' | 'tenants', signal: AbortSignal): Promise<Named[]> {
    return this.get(z.array(Named), `${this.space}/${kind}/all`, {}, signal);
  }

  /** The project's release of that version, or null when it has none. */
  release(projectId: string, version: string, signal: AbortSignal): Promise<Release | null> {
    const path = `${this.space}/projects/${encodeURIComponent(projectId)}/releases/${encodeURIComponent(version)}`;
    return orNull(this.get(Release, path, {}, signal));
  }

  /** The channel's name. */
  async channelName(channelId: string, signal: AbortSignal): Promise<string> {
    return (await this.get(Channel, `${this.space}/channels/${encodeURIComponent(channelId)}`, {}, signal)).Name;
  }

  /** Where the release stands in its channel's lifecycle. */
  progression(releaseId: string, signal: AbortSignal): Promise<Progression> {
    return this.get(Progression, `${this.space}/releases/${encodeURIComponent(releaseId)}/progression`, {}, signal);
  }

  tenant(tenantId: string, signal: AbortSignal): Promise<Tenant> {
    return this.get(Tenant, `${this.space}/tenants/${encodeURIComponent(tenantId)}`, {}, signal);
  }

  /** Deployments of a project to an environment (and tenant), newest first. */
  deployments(filter: { projectId: string; environmentId: string; tenantId: string | null }, signal: AbortSignal): Promise<Deployment[]> {
    const query = { projects: [filter.projectId], environments: [filter.environmentId], tenants: filter.tenantId === null ? undefined : [filter.tenantId] };
    return this.all(Deployment, `${this.space}/deployments`, query, signal);
  }

  deployment(id: string, signal: AbortSignal): Promise<Deployment> {
    return this.get(Deployment, `${this.space}/deployments/${encodeURIComponent(id)}`, {}, signal);
  }

  /** The prompted variables a deployment of the release to the environment asks for. */
  async preview(releaseId: string, environmentId: string, signal: AbortSignal): Promise<Form> {
    const path = `${this.space}/releases/${encodeURIComponent(releaseId)}/deployments/preview/${encodeURIComponent(environmentId)}`;
    return (await this.get(DeploymentPreview, path, {}, signal)).Form ?? { Elements: [] };
  }

  /** Creates the deployment and queues its task. Not retried: a retry after a lost answer would deploy twice. */
  async createDeployment(body: NewDeployment, signal: AbortSignal): Promise<Deployment> {
    const path = `${this.space}/deployments`;
    const response = await this.client.json({ method: 'POST', path, body, idempotent: false, signal });
    return parseAnswer(Deployment, response.body, `${this.label} POST ${path}`);
  }

  task(taskId: string, signal: AbortSignal): Promise<Task> {
    return this.get(Task, `${this.space}/tasks/${encodeURIComponent(taskId)}`, {}, signal);
  }

  /** The task with its activity tree and log (verbose lines left out) and its progress. */
  taskDetails(taskId: string, signal: AbortSignal): Promise<TaskDetails> {
    return this.get(TaskDetails, `${this.space}/tasks/${encodeURIComponent(taskId)}/details`, { verbose: false }, signal);
  }

  /** Cancelling a task twice leaves it cancelled, so a retry is safe. */
  async cancel(taskId: string, signal: AbortSignal): Promise<void> {
    const path = `${this.space}/tasks/${encodeURIComponent(taskId)}/cancel`;
    await this.client.json({ method: 'POST', path, idempotent: true, signal });
  }

  pendingInterruptions(taskId: string, signal: AbortSignal): Promise<Interruption[]> {
    return this.all(Interruption, `${this.space}/interruptions`, { regarding: taskId, pendingOnly: true }, signal);
  }

  interruption(id: string, signal: AbortSignal): Promise<Interruption> {
    return this.get(Interruption, `${this.space}/interruptions/${encodeURIComponent(id)}`, {}, signal);
  }

  /** Only the user responsible for an interruption may submit it; taking it twice is harmless. */
  async takeResponsibility(id: string, signal: AbortSignal): Promise<void> {
    const path = `${this.space}/interruptions/${encodeURIComponent(id)}/responsible`;
    await this.client.json({ method: 'PUT', path, idempotent: true, signal });
  }

  /** Submits the form's values, keyed by element name. Not retried: the first submission moves the task on. */
  async submit(id: string, values: Record<string, string>, signal: AbortSignal): Promise<void> {
    const path = `${this.space}/interruptions/${encodeURIComponent(id)}/submit`;
    await this.client.json({ method: 'POST', path, body: values, idempotent: false, signal });
  }

  async dashboard(projectId: string, signal: AbortSignal): Promise<DashboardItem[]> {
    return (await this.get(Dashboard, `${this.space}/dashboard`, { projectId }, signal)).Items;
  }

  /** Freezes that are active or still to come, for the project. */
  async freezes(projectId: string, signal: AbortSignal): Promise<DeploymentFreeze[]> {
    const path = '/api/deploymentfreezes';
    const freezes: DeploymentFreeze[] = [];
    const firsts = new Set<string>();
    for (;;) {
      const page = await this.get(DeploymentFreezeList, path, { projectIds: [projectId], skip: freezes.length, take: PAGE_SIZE }, signal);
      // A page that starts as an earlier one did: the server ignores `skip`, and the walk ends instead of looping.
      const first = page.DeploymentFreezes[0]?.Id;
      if (first === undefined || firsts.has(first)) return freezes;
      firsts.add(first);
      freezes.push(...page.DeploymentFreezes);
      if (freezes.length >= page.Count) return freezes;
    }
  }

  private async get<S extends z.ZodType>(schema: S, path: string, query: Record<string, QueryValue>, signal: AbortSignal): Promise<z.output<S>> {
    const response = await this.client.json({ path, query, signal });
    return parseAnswer(schema, response.body, `${this.label} GET ${path}`);
  }

  /**
   * Every item of a collection, page by page: the walk ends on an empty page, once TotalResults
   * are in, or when Octopus gives no `Page.Next` link; a page that repeats an earlier one ends it
   * too (a server that ignores paging).
   */
  private async all<S extends z.ZodType<{ Id: string }>>(item: S, path: string, query: Record<string, QueryValue>, signal: AbortSignal): Promise<Array<z.output<S>>> {
    const page = collection(item);
    const items: Array<z.output<S>> = [];
    const firsts = new Set<string>();
    for (;;) {
      const answer = await this.get(page, path, { ...query, skip: items.length, take: PAGE_SIZE }, signal);
      const batch: Array<z.output<S>> = answer.Items;
      const first = batch[0]?.Id;
      if (first === undefined || firsts.has(first)) return items;
      firsts.add(first);
      items.push(...batch);
      if (items.length >= answer.TotalResults || answer.Links?.['Page.Next'] === undefined) return items;
    }
  }
}

/** A 404 read as "there is none"; every other failure stays one. */
async function orNull<T>(answer: Promise<T>): Promise<T | null> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof ConnectorError && error.status === 404) return null;
    throw error;
  }
}
