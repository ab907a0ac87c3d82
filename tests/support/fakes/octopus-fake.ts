import { FakeHttpServer, type FakeReply, type RecordedRequest, isRecord, parseJson } from './fake-http.js';

/**
 * A local Octopus Deploy server following its REST API reference (octopus.com/docs/octopus-rest-api,
 * OctopusDeploy/go-octopusdeploy) for what Watchfloor uses: `GET /api` (anonymous), spaces,
 * environments, tenants and projects (collections paged with skip/take, `Items`, `TotalResults`,
 * `ItemsPerPage`, `Links["Page.Next"]`, plus the `/all` arrays), releases by version,
 * deployments (`POST` creates one and queues its task; `GET` lists newest first with
 * projects/environments/tenants filters), tasks and their details (activity tree, log,
 * progress), cancel, interruptions (guided failure and manual intervention, with responsibility
 * and submit), the dashboard, deployment previews and the instance-level deployment freezes.
 * Every call but `GET /api` needs `X-Octopus-ApiKey`; errors are `{ErrorMessage, Errors}`.
 *
 * Lifecycles as Octopus holds them: a release belongs to a channel (`ChannelId`), a channel
 * follows its lifecycle (`LifecycleId`, or the project's when null), a lifecycle is phases in
 * order, each with automatic and optional environments, a minimum of environments before
 * promotion (0 = all of them) and whether it is optional. `GET releases/{id}/progression` says
 * per phase Pending, Current or Complete from the release's successful deployments, and lists in
 * `NextDeployments` the environments of every phase up to the first unfinished mandatory one;
 * a deployment elsewhere is refused. A tenant is connected to projects and their environments
 * (`ProjectEnvironments`); a tenanted deployment outside them is refused. By default a project
 * has one channel whose lifecycle has one phase with every environment, and every tenant is
 * connected to every project in every environment.
 *
 * Tasks move when the test says (`advance`, `runToEnd`), one step at a time: queued → executing
 * each step → success, or failed where a step is told to fail. Knobs: fail a step (under guided
 * failure it raises an interruption and waits), a manual intervention step, rate limiting
 * (429 or 503 with Retry-After), hanging (`http.hang`), and losing the answer to a deployment it
 * created, so the client times out after the server acted.
 */

export interface FakeStepPlan {
  name: string;
  /** Fails this many times (a retry runs it again), with this message. */
  failures?: number;
  error?: string;
  /** A manual intervention step: waits for Proceed or Abort. */
  manual?: boolean;
}

interface FakeNamed {
  Id: string;
  Name: string;
}

interface FakeRelease {
  Id: string;
  ProjectId: string;
  ChannelId: string;
  Version: string;
}

/** A lifecycle phase by environment names. */
export interface FakePhasePlan {
  name: string;
  /** Environments the release deploys to on its own once the phase is reached. */
  automatic?: string[];
  /** Environments deployed to by hand. */
  optional?: string[];
  /** How many environments must have the release before the next phase opens; 0 (default) = all of them. */
  minimumEnvironmentsBeforePromotion?: number;
  isOptionalPhase?: boolean;
}

interface FakePhase {
  Id: string;
  Name: string;
  AutomaticDeploymentTargets: string[];
  OptionalDeploymentTargets: string[];
  MinimumEnvironmentsBeforePromotion: number;
  IsOptionalPhase: boolean;
}

interface FakeLifecycle {
  Id: string;
  Name: string;
  Phases: FakePhase[];
}

interface FakeChannel {
  Id: string;
  Name: string;
  ProjectId: string;
  LifecycleId: string | null;
  IsDefault: boolean;
}

interface FakeTenant extends FakeNamed {
  /** Project id → the environment ids the tenant is connected to in it. */
  ProjectEnvironments: Record<string, string[]>;
}

export interface FakeProjectPlan {
  name: string;
  /** Versions, in the default channel unless one is named. */
  releases: Array<string | { version: string; channel: string }>;
  prompted?: string[];
  /** The project's lifecycle by name; default the one with every environment. */
  lifecycle?: string;
  /** Channels besides the default one ("Default", on the project's lifecycle), with their own lifecycle by name. */
  channels?: Array<{ name: string; lifecycle: string }>;
}

export interface FakeDeployment {
  Id: string;
  ProjectId: string;
  ReleaseId: string;
  EnvironmentId: string;
  TenantId: string | null;
  TaskId: string;
  Comments: string | null;
  UseGuidedFailure: boolean;
  QueueTime: string | null;
  QueueTimeExpiry: string | null;
  FormValues: Record<string, string>;
  Created: string;
  Name: string;
  SpaceId: string;
}

interface FakeLogLine {
  Category: string;
  OccurredAt: string;
  MessageText: string;
}

interface FakeStep extends FakeStepPlan {
  Status: 'Pending' | 'Running' | 'Success' | 'Failed' | 'Skipped' | 'Canceled';
  log: FakeLogLine[];
  failed: number;
}

interface FakeTask {
  Id: string;
  DeploymentId: string;
  State: 'Queued' | 'Executing' | 'Success' | 'Failed' | 'Canceled' | 'Cancelling' | 'TimedOut';
  ErrorMessage: string;
  steps: FakeStep[];
  current: number;
  guidedFailure: boolean;
  QueueTime: string | null;
  QueueTimeExpiry: string | null;
  CompletedTime: string | null;
}

export interface FakeInterruption {
  Id: string;
  TaskId: string;
  Type: 'GuidedFailure' | 'ManualIntervention';
  Title: string;
  IsPending: boolean;
  ResponsibleUserId: string | null;
  submitted: Record<string, unknown> | null;
  step: number;
}

export interface FakeFreeze {
  Id: string;
  Name: string;
  Start: string;
  End: string;
  ProjectEnvironmentScope: Record<string, string[]>;
  TenantProjectEnvironmentScope: Array<{ TenantId: string; ProjectId: string; EnvironmentId: string }>;
  RecurringSchedule: Record<string, unknown> | null;
}

export interface OctopusFakeOptions {
  apiKey: string;
  version?: string;
  spaces?: FakeNamed[];
  environments: string[];
  /** A tenant by name alone is connected to every project in every environment; else to the named project's environments only. */
  tenants?: Array<string | { name: string; projectEnvironments: Record<string, string[]> }>;
  projects: FakeProjectPlan[];
  lifecycles?: Array<{ name: string; phases: FakePhasePlan[] }>;
  /** The deployment process of every project. */
  steps?: FakeStepPlan[];
  /** Octopus's default page size is 30; smaller makes paging show. */
  pageSize?: number;
}

const USER_ID = 'Users-1';

function error(status: number, message: string, errors: string[] = []): FakeReply {
  return { status, body: { ErrorMessage: message, Errors: errors } };
}



function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export class OctopusFake {
  readonly http: FakeHttpServer;
  readonly deployments: FakeDeployment[] = [];
  readonly tasks = new Map<string, FakeTask>();
  readonly interruptions: FakeInterruption[] = [];
  readonly freezes: FakeFreeze[] = [];
  readonly environments: FakeNamed[];
  readonly tenants: FakeTenant[];
  readonly projects: Array<FakeNamed & { prompted: string[]; LifecycleId: string }>;
  readonly releases: FakeRelease[] = [];
  readonly lifecycles: FakeLifecycle[];
  readonly channels: FakeChannel[] = [];
  private readonly spaces: FakeNamed[];
  private readonly pageSize: number;
  private steps: FakeStepPlan[];
  private throttle: { remaining: number; status: 429 | 503; retryAfterSeconds: number; method: string | null } | null = null;
  private loseCreateAnswers = 0;
  private seq = 100;

  constructor(private readonly options: OctopusFakeOptions) {
    this.http = new FakeHttpServer((request) => this.handle(request));
    this.spaces = options.spaces ?? [{ Id: 'Spaces-1', Name: 'Default' }];
    this.pageSize = options.pageSize ?? 30;
    this.steps = options.steps ?? [{ name: 'Acquire packages' }, { name: 'Deploy web app' }, { name: 'Run smoke tests' }];
    this.environments = options.environments.map((name, i) => ({ Id: `Environments-${i + 1}`, Name: name }));
    const environmentIds = (names: readonly string[]) => names.map((name) => this.named(this.environments, name).Id);
    const plans = [{ name: 'Default Lifecycle', phases: [{ name: 'Any environment', optional: options.environments }] }, ...(options.lifecycles ?? [])];
    this.lifecycles = plans.map((plan, i) => ({
      Id: `Lifecycles-${i + 1}`,
      Name: plan.name,
      Phases: plan.phases.map((phase, n) => ({
        Id: `Lifecycles-${i + 1}-Phase-${n + 1}`,
        Name: phase.name,
        AutomaticDeploymentTargets: environmentIds(phase.automatic ?? []),
        OptionalDeploymentTargets: environmentIds(phase.optional ?? []),
        MinimumEnvironmentsBeforePromotion: phase.minimumEnvironmentsBeforePromotion ?? 0,
        IsOptionalPhase: phase.isOptionalPhase ?? false,
      })),
    }));
    this.projects = options.projects.map((project, i) => ({
      Id: `Projects-${i + 1}`,
      Name: project.name,
      prompted: project.prompted ?? [],
      LifecycleId: this.named(this.lifecycles, project.lifecycle ?? 'Default Lifecycle').Id,
    }));
    options.projects.forEach((project, i) => {
      const ProjectId = `Projects-${i + 1}`;
      for (const channel of [{ name: 'Default', lifecycle: null }, ...(project.channels ?? [])]) {
        const LifecycleId = channel.lifecycle === null ? null : this.named(this.lifecycles, channel.lifecycle).Id;
        this.channels.push({ Id: `Channels-${this.channels.length + 1}`, Name: channel.name, ProjectId, LifecycleId, IsDefault: channel.lifecycle === null });
      }
      for (const release of project.releases) {
        const { version, channel } = typeof release === 'string' ? { version: release, channel: 'Default' } : release;
        const ChannelId = this.channels.find((item) => item.ProjectId === ProjectId && item.Name === channel)?.Id;
        if (ChannelId === undefined) throw new Error(`project ${project.name} has no channel ${channel}`);
        this.releases.push({ Id: `Releases-${this.releases.length + 1}`, ProjectId, ChannelId, Version: version });
      }
    });
    this.tenants = (options.tenants ?? []).map((tenant, i) => {
      const everywhere = Object.fromEntries(this.projects.map((project) => [project.Id, this.environments.map((environment) => environment.Id)]));
      const ProjectEnvironments =
        typeof tenant === 'string'
          ? everywhere
          : Object.fromEntries(Object.entries(tenant.projectEnvironments).map(([project, names]) => [this.named(this.projects, project).Id, environmentIds(names)]));
      return { Id: `Tenants-${i + 1}`, Name: typeof tenant === 'string' ? tenant : tenant.name, ProjectEnvironments };
    });
  }

  get url(): string {
    return this.http.url;
  }

  /** The process deployments created from now on run. */
  process(steps: FakeStepPlan[]): void {
    this.steps = steps;
  }

  /** The next `count` requests (of one method, if given) are answered with 429 or 503 and Retry-After. */
  rateLimit(count: number, status: 429 | 503, retryAfterSeconds: number, method: string | null = null): void {
    this.throttle = { remaining: count, status, retryAfterSeconds, method };
  }

  /**
   * The next deployment created is created, but its answer breaks off: the headers promise more
   * body than ever comes, so the client waits until it gives up, after the server acted.
   */
  loseNextCreateAnswer(): void {
    this.loseCreateAnswers += 1;
  }

  addFreeze(freeze: Omit<FakeFreeze, 'Id' | 'TenantProjectEnvironmentScope' | 'RecurringSchedule'> & Partial<FakeFreeze>): void {
    this.freezes.push({ TenantProjectEnvironmentScope: [], RecurringSchedule: null, ...freeze, Id: `DeploymentFreezes-${this.freezes.length + 1}` });
  }

  /** A finished deployment of the past, as the dashboard and listings show it. */
  seedDeployment(project: string, version: string, environment: string, tenant: string | null, state: 'Success' | 'Failed', completed: string): FakeDeployment {
    const deployment = this.createDeployment(this.spaces[0]?.Id ?? 'Spaces-1', {
      ReleaseId: this.releaseOf(project, version).Id,
      EnvironmentId: this.named(this.environments, environment).Id,
      TenantId: tenant === null ? null : this.named(this.tenants, tenant).Id,
      Comments: null,
    });
    const task = this.taskOf(deployment);
    task.State = state;
    task.CompletedTime = completed;
    task.steps.forEach((step) => (step.Status = state === 'Success' ? 'Success' : 'Failed'));
    if (state === 'Failed') task.ErrorMessage = 'The deployment failed';
    return deployment;
  }

  /** Moves a task one step: queued → executing → each step → success or failure. */
  advance(taskId: string): FakeTask {
    const task = this.task(taskId);
    if (task.State === 'Cancelling') return this.finish(task, 'Canceled', 'The task was canceled');
    if (task.State === 'Queued') {
      if (task.QueueTimeExpiry !== null && Date.now() > Date.parse(task.QueueTimeExpiry)) {
        return this.finish(task, 'TimedOut', 'The deployment was not started before its expiry time');
      }
      task.State = 'Executing';
      this.begin(task, 0);
      return task;
    }
    if (task.State !== 'Executing' || this.pendingOf(task) !== undefined) return task;
    const step = task.steps[task.current];
    if (!step) return task;
    if (step.manual) {
      this.interrupt(task, 'ManualIntervention', `Manual intervention: ${step.name}`);
      return task;
    }
    if (step.failed < (step.failures ?? 0)) {
      step.failed += 1;
      const text = step.error ?? `Step "${step.name}" failed`;
      step.log.push(this.line('Error', text));
      if (task.guidedFailure) {
        this.interrupt(task, 'GuidedFailure', `Deploy to ${this.deploymentOf(task).Name.replace('Deploy to ', '')} failed`);
        return task;
      }
      step.Status = 'Failed';
      return this.finish(task, 'Failed', `The deployment failed because one or more steps failed. ${text}`);
    }
    step.Status = 'Success';
    step.log.push(this.line('Info', `${step.name} completed`));
    return this.next(task);
  }

  /** Advances until the task ends or waits for an answer. */
  runToEnd(taskId: string): FakeTask {
    for (let guard = 0; guard < 100; guard++) {
      const task = this.advance(taskId);
      if (['Success', 'Failed', 'Canceled', 'TimedOut'].includes(task.State) || this.pendingOf(task) !== undefined) return task;
    }
    throw new Error(`task ${taskId} does not end`);
  }

  task(taskId: string): FakeTask {
    const task = this.tasks.get(taskId);
    if (!task) throw new Error(`no task ${taskId}`);
    return task;
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private handle(request: RecordedRequest): FakeReply {
    if (this.throttle && this.throttle.remaining > 0 && (this.throttle.method === null || this.throttle.method === request.method)) {
      this.throttle.remaining -= 1;
      return { ...error(this.throttle.status, 'Too many requests; slow down.'), headers: { 'retry-after': String(this.throttle.retryAfterSeconds) } };
    }
    const path = request.path.replace(/\/+$/, '');
    if (request.method === 'GET' && path === '/api') {
      return { status: 200, body: { Application: 'Octopus Deploy', Version: this.options.version ?? '2025.3.1234', ApiVersion: '3.0.0', Links: {} } };
    }
    if (request.headers['x-octopus-apikey'] !== this.options.apiKey) {
      return error(401, 'You must be logged in to perform this action. Please provide a valid API key or log in again.');
    }
    if (request.method === 'GET' && path === '/api/deploymentfreezes') return this.listFreezes(request.query);
    const space = /^\/api\/spaces\/([^/]+)$/.exec(path);
    if (space && request.method === 'GET') {
      const found = this.spaces.find((item) => item.Id === decodeURIComponent(space[1] ?? ''));
      return found ? { status: 200, body: { ...found, Links: {} } } : error(404, `The resource '${space[1] ?? ''}' was not found.`);
    }
    const scoped = /^\/api\/(Spaces-\d+)(\/.*)$/.exec(path);
    if (!scoped || !this.spaces.some((item) => item.Id === scoped[1])) return error(404, 'The resource you requested was not found.');
    return this.spaceRoute(scoped[1] ?? '', request.method, (scoped[2] ?? '').split('/').slice(1).map(decodeURIComponent), request);
  }

  private spaceRoute(spaceId: string, method: string, parts: string[], request: RecordedRequest): FakeReply {
    const [resource, id, sub, subId, extra] = parts;
    const q = request.query;
    if (method === 'GET' && resource === 'tenants' && id !== undefined && id !== 'all') {
      const tenant = this.tenants.find((item) => item.Id === id);
      return tenant ? { status: 200, body: { ...tenant, TenantTags: [], SpaceId: spaceId, Description: '', IsDisabled: false, Links: {} } } : error(404, `The resource '${id}' was not found.`);
    }
    if (method === 'GET' && resource === 'channels' && id !== undefined) {
      const channel = this.channels.find((item) => item.Id === id);
      return channel ? { status: 200, body: { ...channel, Description: '', Rules: [], TenantTags: [], SpaceId: spaceId, Links: {} } } : error(404, `The resource '${id}' was not found.`);
    }
    if (method === 'GET' && (resource === 'environments' || resource === 'tenants' || resource === 'projects')) {
      const items = resource === 'environments' ? this.environments : resource === 'tenants' ? this.tenants.map(({ Id, Name }) => ({ Id, Name })) : this.projects.map(({ Id, Name }) => ({ Id, Name }));
      if (id === 'all') return { status: 200, body: items };
      if (resource === 'projects' && id !== undefined && sub === 'releases' && subId !== undefined) {
        const release = this.releases.find((item) => item.ProjectId === id && item.Version === subId);
        return release ? { status: 200, body: { ...release, SpaceId: spaceId, Links: {} } } : error(404, `The resource '${subId}' was not found.`);
      }
      const partial = (q.get('partialName') ?? '').toLowerCase();
      return this.page(`/api/${spaceId}/${resource}`, items.filter((item) => item.Name.toLowerCase().includes(partial)), q);
    }
    if (resource === 'deployments' && id === undefined && method === 'POST') return this.postDeployment(spaceId, request);
    if (resource === 'deployments' && method === 'GET') {
      if (id !== undefined) {
        const deployment = this.deployments.find((item) => item.Id === id);
        return deployment ? { status: 200, body: deployment } : error(404, `The resource '${id}' was not found.`);
      }
      const filter = (name: string) => q.getAll(name).flatMap((value) => value.split(','));
      const [projects, environments, tenants] = [filter('projects'), filter('environments'), filter('tenants')];
      const matching = this.deployments
        .filter((item) => (projects.length === 0 || projects.includes(item.ProjectId)) && (environments.length === 0 || environments.includes(item.EnvironmentId)))
        .filter((item) => tenants.length === 0 || (item.TenantId !== null && tenants.includes(item.TenantId)))
        .slice()
        .reverse();
      return this.page(`/api/${spaceId}/deployments`, matching, q);
    }
    if (resource === 'releases' && method === 'GET' && sub === 'progression' && id !== undefined) {
      const release = this.releases.find((item) => item.Id === id);
      return release ? { status: 200, body: this.progression(release) } : error(404, `The resource '${id}' was not found.`);
    }
    if (resource === 'releases' && method === 'GET' && sub === 'deployments' && subId === 'preview' && extra !== undefined) {
      const release = this.releases.find((item) => item.Id === id);
      if (!release) return error(404, `The resource '${id ?? ''}' was not found.`);
      const prompted = this.projects.find((item) => item.Id === release.ProjectId)?.prompted ?? [];
      const Elements = prompted.map((name, i) => ({ Name: `Variables-${i + 1}`, Control: { Type: 'VariableValue', Name: name, Label: name, Required: false }, IsValueRequired: false }));
      return { status: 200, body: { Form: { Values: {}, Elements }, StepsToExecute: [], UseGuidedFailureModeByDefault: false } };
    }
    if (resource === 'tasks' && id !== undefined) return this.taskRoute(method, id, sub);
    if (resource === 'interruptions') return this.interruptionRoute(spaceId, method, id, sub, request);
    if (resource === 'dashboard' && method === 'GET') return this.dashboard(q.get('projectId'));
    return error(404, 'The resource you requested was not found.');
  }

  private postDeployment(spaceId: string, request: RecordedRequest): FakeReply {
    const body = parseJson(request.body);
    if (!isRecord(body)) return error(400, 'The request body could not be read.');
    const release = this.releases.find((item) => item.Id === body.ReleaseId);
    const environment = this.environments.find((item) => item.Id === body.EnvironmentId);
    const tenantId = str(body.TenantId);
    const errors = [
      ...(release ? [] : [`Release '${String(body.ReleaseId)}' was not found.`]),
      ...(environment ? [] : [`Environment '${String(body.EnvironmentId)}' was not found.`]),
      ...(tenantId === null || this.tenants.some((item) => item.Id === tenantId) ? [] : [`Tenant '${tenantId}' was not found.`]),
    ];
    if (errors.length > 0) return error(400, 'There was a problem with your request.', errors);
    const refusal = release && environment ? this.lifecycleRefusal(release, environment, tenantId) : null;
    if (refusal !== null) return error(400, 'There was a problem with your request.', [refusal]);
    const project = release ? this.projects.find((item) => item.Id === release.ProjectId) : undefined;
    const frozen = this.freezes.find((freeze) => {
      const now = Date.now();
      return Date.parse(freeze.Start) <= now && now < Date.parse(freeze.End) && (freeze.ProjectEnvironmentScope[project?.Id ?? ''] ?? []).includes(environment?.Id ?? '');
    });
    if (frozen) return error(400, `Deployment is blocked by the deployment freeze "${frozen.Name}".`);
    const formValues = isRecord(body.FormValues) ? Object.fromEntries(Object.entries(body.FormValues).filter((entry): entry is [string, string] => typeof entry[1] === 'string')) : {};
    const deployment = this.createDeployment(spaceId, {
      ReleaseId: release?.Id ?? '',
      EnvironmentId: environment?.Id ?? '',
      TenantId: tenantId,
      Comments: str(body.Comments),
      UseGuidedFailure: body.UseGuidedFailure === true,
      QueueTime: str(body.QueueTime),
      QueueTimeExpiry: str(body.QueueTimeExpiry),
      FormValues: formValues,
    });
    if (this.loseCreateAnswers > 0) {
      this.loseCreateAnswers -= 1;
      return { status: 201, text: JSON.stringify(deployment).slice(0, 20), headers: { 'content-length': '65536' } };
    }
    return { status: 201, body: deployment };
  }

  private createDeployment(spaceId: string, fields: Pick<FakeDeployment, 'ReleaseId' | 'EnvironmentId' | 'TenantId' | 'Comments'> & Partial<FakeDeployment>): FakeDeployment {
    const release = this.releases.find((item) => item.Id === fields.ReleaseId);
    const environment = this.environments.find((item) => item.Id === fields.EnvironmentId);
    const id = `Deployments-${++this.seq}`;
    const taskId = `ServerTasks-${++this.seq}`;
    const deployment: FakeDeployment = {
      UseGuidedFailure: false,
      QueueTime: null,
      QueueTimeExpiry: null,
      FormValues: {},
      ...fields,
      Id: id,
      ProjectId: release?.ProjectId ?? '',
      TaskId: taskId,
      Created: new Date().toISOString(),
      Name: `Deploy to ${environment?.Name ?? fields.EnvironmentId}`,
      SpaceId: spaceId,
    };
    this.deployments.push(deployment);
    this.tasks.set(taskId, {
      Id: taskId,
      DeploymentId: id,
      State: 'Queued',
      ErrorMessage: '',
      steps: this.steps.map((step) => ({ ...step, Status: 'Pending', log: [], failed: 0 })),
      current: -1,
      guidedFailure: deployment.UseGuidedFailure,
      QueueTime: deployment.QueueTime,
      QueueTimeExpiry: deployment.QueueTimeExpiry,
      CompletedTime: null,
    });
    return deployment;
  }

  private taskRoute(method: string, id: string, sub: string | undefined): FakeReply {
    const task = this.tasks.get(id);
    if (!task) return error(404, `The resource '${id}' was not found.`);
    if (method === 'GET' && sub === undefined) return { status: 200, body: this.taskResource(task) };
    if (method === 'GET' && sub === 'details') return { status: 200, body: this.details(task) };
    if (method === 'POST' && sub === 'cancel') {
      if (task.State === 'Queued') this.finish(task, 'Canceled', 'The task was canceled');
      else if (task.State === 'Executing') {
        task.State = 'Cancelling';
        for (const interruption of this.interruptions) if (interruption.TaskId === task.Id) interruption.IsPending = false;
      }
      return { status: 200, body: this.taskResource(task) };
    }
    return error(404, 'The resource you requested was not found.');
  }

  private interruptionRoute(spaceId: string, method: string, id: string | undefined, sub: string | undefined, request: RecordedRequest): FakeReply {
    if (id === undefined && method === 'GET') {
      const regarding = request.query.get('regarding');
      const pendingOnly = request.query.get('pendingOnly') === 'true';
      const items = this.interruptions
        .filter((item) => (regarding === null || item.TaskId === regarding) && (!pendingOnly || item.IsPending))
        .slice()
        .reverse();
      return this.page(`/api/${spaceId}/interruptions`, items.map((item) => this.interruptionResource(item)), request.query);
    }
    const interruption = this.interruptions.find((item) => item.Id === id);
    if (!interruption) return error(404, `The resource '${id ?? ''}' was not found.`);
    if (method === 'GET' && sub === undefined) return { status: 200, body: this.interruptionResource(interruption) };
    if (method === 'PUT' && sub === 'responsible') {
      interruption.ResponsibleUserId = USER_ID;
      return { status: 200, body: { Id: USER_ID, Username: 'watchfloor', DisplayName: 'Watchfloor', IsService: true } };
    }
    if (method === 'POST' && sub === 'submit') return this.submit(interruption, parseJson(request.body));
    return error(404, 'The resource you requested was not found.');
  }

  /** The form's values come keyed by element name: Guidance (Fail, Retry, Ignore, Exclude) or Result (Proceed, Abort), and Notes. */
  private submit(interruption: FakeInterruption, body: unknown): FakeReply {
    if (!interruption.IsPending) return error(400, 'This interruption has already been submitted.');
    if (interruption.ResponsibleUserId !== USER_ID) return error(400, 'You must take responsibility for this interruption before submitting it.');
    if (!isRecord(body)) return error(400, 'The request body could not be read.');
    const key = interruption.Type === 'GuidedFailure' ? 'Guidance' : 'Result';
    const allowed = interruption.Type === 'GuidedFailure' ? ['Fail', 'Retry', 'Ignore', 'Exclude'] : ['Proceed', 'Abort'];
    const value = body[key];
    if (typeof value !== 'string' || !allowed.includes(value)) return error(400, 'There was a problem with your request.', [`${key} must be one of ${allowed.join(', ')}.`]);
    interruption.IsPending = false;
    interruption.submitted = body;
    const task = this.task(interruption.TaskId);
    const step = task.steps[interruption.step];
    if (!step) return { status: 200, body: this.interruptionResource(interruption) };
    step.log.push(this.line('Info', `${value} submitted by watchfloor${typeof body.Notes === 'string' && body.Notes ? `: ${body.Notes}` : ''}`));
    if (value === 'Retry') step.Status = 'Running';
    else if (value === 'Ignore' || value === 'Exclude' || value === 'Proceed') {
      step.Status = value === 'Proceed' ? 'Success' : 'Skipped';
      this.next(task);
    } else {
      step.Status = 'Failed';
      this.finish(task, 'Failed', value === 'Abort' ? `The manual intervention "${step.name}" was aborted` : `The deployment failed: ${step.error ?? step.name}`);
    }
    return { status: 200, body: this.interruptionResource(interruption) };
  }

  /** The release's channel's lifecycle, else the project's. */
  private lifecycleOf(release: FakeRelease): FakeLifecycle {
    const channel = this.channels.find((item) => item.Id === release.ChannelId);
    const project = this.projects.find((item) => item.Id === release.ProjectId);
    const lifecycle = this.lifecycles.find((item) => item.Id === (channel?.LifecycleId ?? project?.LifecycleId));
    if (!lifecycle) throw new Error(`no lifecycle for ${release.Id}`);
    return lifecycle;
  }

  /** LifecycleProgressionResource: a phase is Complete once enough of its environments have the release; the first unfinished mandatory phase is as far as it may go. */
  private progression(release: FakeRelease): Record<string, unknown> {
    const mine = this.deployments.filter((deployment) => deployment.ReleaseId === release.Id);
    const succeeded = new Set(mine.filter((deployment) => this.taskOf(deployment).State === 'Success').map((deployment) => deployment.EnvironmentId));
    const next: string[] = [];
    let reached = false;
    const Phases = this.lifecycleOf(release).Phases.map((phase) => {
      const environments = [...phase.AutomaticDeploymentTargets, ...phase.OptionalDeploymentTargets];
      const deployments = mine
        .filter((deployment) => environments.includes(deployment.EnvironmentId))
        .map((deployment) => ({ Deployment: deployment, Task: this.taskResource(this.taskOf(deployment)) }));
      const base = { ...phase, Blocked: false, Deployments: deployments };
      if (reached) return { ...base, Progress: 'Pending' };
      next.push(...environments);
      const required = phase.MinimumEnvironmentsBeforePromotion > 0 ? phase.MinimumEnvironmentsBeforePromotion : environments.length;
      if (environments.filter((environment) => succeeded.has(environment)).length >= required) return { ...base, Progress: 'Complete' };
      if (!phase.IsOptionalPhase) reached = true;
      return { ...base, Progress: 'Current' };
    });
    return { Id: release.Id, Phases, NextDeployments: [...new Set(next)], NextDeploymentsMinimumRequired: 0, Links: {} };
  }

  /**
   * Why Octopus refuses this deployment by the release's lifecycle or the tenant's connections,
   * or null. Octopus does not publish the wording; the connector passes it on unchanged.
   */
  private lifecycleRefusal(release: FakeRelease, environment: FakeNamed, tenantId: string | null): string | null {
    const progression = this.progression(release);
    const next = Array.isArray(progression.NextDeployments) ? progression.NextDeployments : [];
    if (!next.includes(environment.Id)) {
      return `Release '${release.Version}' cannot be deployed to '${environment.Name}' because the environment is not in the list of environments that this release can be deployed to.`;
    }
    const tenant = this.tenants.find((item) => item.Id === tenantId);
    if (tenant && !(tenant.ProjectEnvironments[release.ProjectId] ?? []).includes(environment.Id)) {
      return `Tenant '${tenant.Name}' is not connected to this project in the environment '${environment.Name}'.`;
    }
    return null;
  }

  private dashboard(projectId: string | null): FakeReply {
    const latest = new Map<string, { deployment: FakeDeployment; task: FakeTask; current: boolean }>();
    for (const deployment of this.deployments) {
      if (projectId !== null && deployment.ProjectId !== projectId) continue;
      const task = this.taskOf(deployment);
      if (task.State === 'Queued') continue;
      const key = `${deployment.EnvironmentId}/${deployment.TenantId ?? ''}`;
      if (task.State === 'Success') latest.set(`${key}/current`, { deployment, task, current: true });
      else latest.set(`${key}/latest`, { deployment, task, current: false });
    }
    const Items = [...latest.values()].map(({ deployment, task, current }) => ({
      Id: deployment.Id,
      ProjectId: deployment.ProjectId,
      EnvironmentId: deployment.EnvironmentId,
      TenantId: deployment.TenantId,
      ReleaseId: deployment.ReleaseId,
      ReleaseVersion: this.releases.find((release) => release.Id === deployment.ReleaseId)?.Version ?? '',
      DeploymentId: deployment.Id,
      TaskId: task.Id,
      State: task.State,
      IsCurrent: current,
      IsPrevious: false,
      IsCompleted: task.CompletedTime !== null,
      HasPendingInterruptions: this.pendingOf(task) !== undefined,
      Created: deployment.Created,
      CompletedTime: task.CompletedTime,
      ErrorMessage: task.ErrorMessage,
    }));
    const tenants = this.tenants.map(({ Id, Name }) => ({ Id, Name }));
    return { status: 200, body: { Projects: this.projects, Environments: this.environments, Tenants: tenants, Items, IsFiltered: projectId !== null } };
  }

  private listFreezes(query: URLSearchParams): FakeReply {
    const projectIds = query.getAll('projectIds');
    const matching = this.freezes.filter(
      (freeze) =>
        projectIds.length === 0 ||
        projectIds.some((id) => id in freeze.ProjectEnvironmentScope || freeze.TenantProjectEnvironmentScope.some((scope) => scope.ProjectId === id)),
    );
    const skip = Number(query.get('skip') ?? 0);
    const take = Number(query.get('take') ?? 30);
    return { status: 200, body: { DeploymentFreezes: matching.slice(skip, skip + take), Count: matching.length } };
  }

  /** A collection page: Items, TotalResults, ItemsPerPage and Links with Page.Next while more follow. */
  private page<T>(path: string, items: readonly T[], query: URLSearchParams): FakeReply {
    const skip = Math.max(0, Number(query.get('skip') ?? 0));
    const take = Math.min(this.pageSize, Math.max(0, Number(query.get('take') ?? this.pageSize)));
    const links: Record<string, string> = { Self: path, 'Page.Current': `${path}?skip=${skip}&take=${take}` };
    if (skip + take < items.length) links['Page.Next'] = `${path}?skip=${skip + take}&take=${take}`;
    return {
      status: 200,
      body: {
        ItemType: 'Resource',
        TotalResults: items.length,
        ItemsPerPage: take,
        NumberOfPages: Math.ceil(items.length / Math.max(1, take)),
        LastPageNumber: Math.max(0, Math.ceil(items.length / Math.max(1, take)) - 1),
        Items: items.slice(skip, skip + take),
        Links: links,
      },
    };
  }

  private taskResource(task: FakeTask): Record<string, unknown> {
    const completed = ['Success', 'Failed', 'Canceled', 'TimedOut'].includes(task.State);
    return {
      Id: task.Id,
      Name: 'Deploy',
      Description: this.deploymentOf(task).Name,
      State: task.State,
      IsCompleted: completed,
      FinishedSuccessfully: task.State === 'Success',
      HasPendingInterruptions: this.pendingOf(task) !== undefined,
      HasWarningsOrErrors: task.steps.some((step) => step.log.some((line) => line.Category === 'Error')),
      ErrorMessage: task.ErrorMessage,
      QueueTime: task.QueueTime,
      QueueTimeExpiry: task.QueueTimeExpiry,
      CompletedTime: task.CompletedTime,
      Arguments: { DeploymentId: task.DeploymentId },
      Links: {},
    };
  }

  private details(task: FakeTask): Record<string, unknown> {
    const done = task.steps.filter((step) => step.Status === 'Success' || step.Status === 'Skipped').length;
    const rootStatus = task.State === 'Queued' ? 'Pending' : task.State === 'Executing' || task.State === 'Cancelling' ? 'Running' : task.State === 'Success' ? 'Success' : task.State === 'Canceled' ? 'Canceled' : 'Failed';
    return {
      Task: this.taskResource(task),
      ActivityLogs: [
        {
          Id: `${task.Id}`,
          Name: this.deploymentOf(task).Name,
          Status: rootStatus,
          LogElements: [],
          Children: task.steps.map((step, i) => ({
            Id: `${task.Id}_step${i + 1}`,
            Name: `Step ${i + 1}: ${step.name}`,
            Status: step.Status,
            Children: [],
            LogElements: step.log.map((line, n) => ({ ...line, Number: n + 1 })),
          })),
        },
      ],
      Progress: { ProgressPercentage: Math.round((done / Math.max(1, task.steps.length)) * 100), EstimatedTimeRemaining: '' },
      PhysicalLogSize: 0,
      Links: {},
    };
  }

  private interruptionResource(interruption: FakeInterruption): Record<string, unknown> {
    const guided = interruption.Type === 'GuidedFailure';
    const buttons = guided ? ['Fail', 'Retry', 'Ignore'] : ['Proceed', 'Abort'];
    const text = guided ? 'The deployment failed. Fail, retry or ignore the step.' : 'Please approve the production deployment.';
    return {
      Id: interruption.Id,
      Title: interruption.Title,
      Type: interruption.Type,
      Created: new Date().toISOString(),
      IsPending: interruption.IsPending,
      TaskId: interruption.TaskId,
      CanTakeResponsibility: true,
      HasResponsibility: interruption.ResponsibleUserId === USER_ID,
      ResponsibleUserId: interruption.ResponsibleUserId,
      RelatedDocumentIds: [interruption.TaskId],
      ResponsibleTeamIds: ['teams-everyone'],
      Form: {
        Values: {},
        Elements: [
          { Name: 'Instructions', Control: { Type: 'Paragraph', Text: text, ResolveLinks: false }, IsValueRequired: false },
          { Name: 'Notes', Control: { Type: 'TextArea', Label: 'Notes' }, IsValueRequired: false },
          { Name: guided ? 'Guidance' : 'Result', Control: { Type: 'SubmitButtonGroup', Buttons: buttons.map((value) => ({ Text: value, Value: value, RequiresConfirmation: false })) }, IsValueRequired: false },
        ],
      },
      Links: {},
    };
  }

  private interrupt(task: FakeTask, type: FakeInterruption['Type'], title: string): void {
    this.interruptions.push({ Id: `Interruptions-${++this.seq}`, TaskId: task.Id, Type: type, Title: title, IsPending: true, ResponsibleUserId: null, submitted: null, step: task.current });
  }

  private begin(task: FakeTask, index: number): void {
    task.current = index;
    const step = task.steps[index];
    if (!step) return;
    step.Status = 'Running';
    step.log.push(this.line('Info', `Starting ${step.name}`));
  }

  private next(task: FakeTask): FakeTask {
    if (task.current + 1 >= task.steps.length) return this.finish(task, 'Success', '');
    this.begin(task, task.current + 1);
    return task;
  }

  private finish(task: FakeTask, state: FakeTask['State'], message: string): FakeTask {
    task.State = state;
    task.ErrorMessage = message;
    task.CompletedTime = new Date().toISOString();
    for (const step of task.steps) if (step.Status === 'Running' || step.Status === 'Pending') step.Status = state === 'Canceled' ? 'Canceled' : step.Status === 'Running' ? 'Failed' : 'Pending';
    return task;
  }

  private pendingOf(task: FakeTask): FakeInterruption | undefined {
    return this.interruptions.find((item) => item.TaskId === task.Id && item.IsPending);
  }

  private line(category: string, text: string): FakeLogLine {
    return { Category: category, OccurredAt: new Date().toISOString(), MessageText: text };
  }

  private taskOf(deployment: FakeDeployment): FakeTask {
    return this.task(deployment.TaskId);
  }

  private deploymentOf(task: FakeTask): FakeDeployment {
    const deployment = this.deployments.find((item) => item.Id === task.DeploymentId);
    if (!deployment) throw new Error(`no deployment for ${task.Id}`);
    return deployment;
  }

  private releaseOf(project: string, version: string): FakeRelease {
    const projectId = this.named(this.projects, project).Id;
    const release = this.releases.find((item) => item.ProjectId === projectId && item.Version === version);
    if (!release) throw new Error(`no release ${version} of ${project}`);
    return release;
  }

  private named(items: readonly FakeNamed[], name: string): FakeNamed {
    const found = items.find((item) => item.Name === name);
    if (!found) throw new Error(`no ${name}`);
    return found;
  }
}

export async function startOctopusFake(options: OctopusFakeOptions): Promise<OctopusFake> {
  const fake = new OctopusFake(options);
  await fake.http.listen();
  return fake;
}
