import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OctopusBackend as OctopusBackendSchema } from '../../shared/fleet-definition/schema.js';
import { systemClock } from '../../main/core/clock.js';
import type { DeploymentOrder, DeployTarget } from '../../main/core/connectors/capabilities.js';
import { OctopusConnector } from '../../main/core/connectors/octopus/octopus-connector.js';
import { createConnectors } from '../../main/core/connectors/registry.js';
import type { HttpBackendClient } from '../../main/core/http/http-backend-client.js';
import type { Clock } from '../../main/core/clock.js';
import { backendClient } from '../support/backend-clients.js';
import { startOctopusFake, type OctopusFake } from '../support/fakes/octopus-fake.js';
import { watched } from '../support/maintenance-items.js';
import { rejection } from '../support/rejection.js';
import { ManualClock } from '../support/temp.js';

/** The Octopus Deploy connector against a local Octopus that follows its published REST API. */

const API_KEY = 'API-WATCHFLOOR0TESTKEY0000000';
const PROJECT = 'Watchfloor App';
const HOUR = 3_600_000;

let fake: OctopusFake;

beforeEach(async () => {
  fake = await startOctopusFake({
    apiKey: API_KEY,
    environments: ['Production AU', 'Staging AU', 'Training'],
    tenants: ['Acme Corp', 'Globex', { name: 'Umbrella', projectEnvironments: { [PROJECT]: ['Training'] } }],
    projects: [
      {
        name: PROJECT,
        releases: ['2026.11.1', '2026.11.2', { version: '2026.12.1', channel: 'Stable' }, { version: '2026.12.1-lab', channel: 'Lab' }],
        prompted: ['Change.Ticket'],
        channels: [
          { name: 'Stable', lifecycle: 'Staged' },
          { name: 'Lab', lifecycle: 'Training only' },
        ],
      },
      { name: 'Billing', releases: ['1.0.0'] },
    ],
    lifecycles: [
      { name: 'Staged', phases: [{ name: 'Test', automatic: ['Training'] }, { name: 'Staging', optional: ['Staging AU'] }, { name: 'Production', optional: ['Production AU'] }] },
      { name: 'Training only', phases: [{ name: 'Training', optional: ['Training'] }] },
    ],
    pageSize: 2,
  });
});

afterEach(async () => {
  await fake.close();
});

interface ClientOptions {
  key?: string;
  timeoutMs?: number;
}

type OctopusBackend = ReturnType<typeof OctopusBackendSchema.parse>;

function httpClient(backend: OctopusBackend, options: ClientOptions = {}): HttpBackendClient {
  return backendClient(backend, { type: 'octopus', apiKey: options.key ?? API_KEY }, options.timeoutMs ?? 5000, { backoffBaseMs: 20 });
}

function octopus(options: ClientOptions & { project?: string; space?: string; clock?: Clock } = {}): OctopusConnector {
  const backend = OctopusBackendSchema.parse({ id: 'octopus', kind: 'octopus', url: fake.url, project: options.project ?? PROJECT, space: options.space ?? 'Spaces-1' });
  return new OctopusConnector(backend, httpClient(backend, options), options.clock ?? systemClock);
}

function target(remoteName: string, remoteTenant: string | null = null, variables: Record<string, string> = {}): DeployTarget {
  return { environment: watched(remoteName.toLowerCase().replace(/ /g, '-')), remoteName, remoteTenant, slot: 'production', variables };
}

function order(key: string, overrides: Partial<DeploymentOrder> = {}): DeploymentOrder {
  return {
    key,
    action: 'deploy',
    version: '2026.11.2',
    previousVersion: '2026.11.1',
    target: target('Production AU'),
    runAt: null,
    noRunAfter: null,
    guidedFailure: false,
    requestedBy: 'ana@example.net',
    reason: 'November release',
    ...overrides,
  };
}

const signal = () => AbortSignal.timeout(10_000);

function taskOf(deploymentId: string): string {
  const deployment = fake.deployments.find((item) => item.Id === deploymentId);
  if (!deployment) throw new Error(`the fake holds no ${deploymentId}`);
  return deployment.TaskId;
}

describe('Octopus Deploy connector', () => {
  it('is created by the registry for an octopus backend and deploys through it', async () => {
    const backend = OctopusBackendSchema.parse({ id: 'octo', kind: 'octopus', url: fake.url, project: PROJECT });
    const connectors = createConnectors([backend], { clock: systemClock, log: () => undefined, client: () => httpClient(backend) });
    const connector = connectors.get('octo');
    expect(connector?.kind).toBe('octopus');
    await connector?.deployer?.start(order('watchfloor-registry'), signal());
    expect(fake.deployments).toHaveLength(1);
  });

  it('deploys untenanted, scheduled with run-at and no-run-after, with the key in the comments and prompted variables by name', async () => {
    const runAt = Date.parse('2026-11-28T13:00:00Z');
    const deployer = octopus().deployer;
    const id = await deployer.start(order('watchfloor-dep-1', { runAt, noRunAfter: runAt + 2 * HOUR, guidedFailure: true, target: target('Production AU', null, { 'Change.Ticket': 'CHG0042' }) }), signal());

    expect(fake.deployments).toHaveLength(1);
    const [deployment] = fake.deployments;
    expect(deployment).toMatchObject({
      Id: id,
      ProjectId: 'Projects-1',
      ReleaseId: 'Releases-2',
      EnvironmentId: 'Environments-1',
      TenantId: null,
      UseGuidedFailure: true,
      QueueTime: '2026-11-28T13:00:00.000Z',
      QueueTimeExpiry: '2026-11-28T15:00:00.000Z',
      FormValues: { 'Variables-1': 'CHG0042' },
    });
    expect(deployment?.Comments).toBe('Deploy 2026.11.2, requested by ana@example.net in Watchfloor: November release\nWatchfloor-Key: watchfloor-dep-1');
    expect(fake.http.requestsTo('/api/Spaces-1/deployments').at(-1)?.headers['x-octopus-apikey']).toBe(API_KEY);
  });

  it('gives a deployment started now inside a slot the end of the slot as its no-run-after, queued from now', async () => {
    const clock = new ManualClock(Date.parse('2026-11-26T10:00:00Z'));
    const deployer = octopus({ clock }).deployer;
    await deployer.start(order('watchfloor-dep-now', { runAt: null, noRunAfter: Date.parse('2026-11-26T13:00:00Z') }), signal());
    expect(fake.deployments[0]).toMatchObject({ QueueTime: '2026-11-26T10:00:00.000Z', QueueTimeExpiry: '2026-11-26T13:00:00.000Z' });
  });

  it('deploys for a tenant, and refuses a prompted variable the project does not have', async () => {
    const deployer = octopus().deployer;
    const id = await deployer.start(order('watchfloor-dep-2', { target: target('Staging AU', 'Globex') }), signal());
    expect(fake.deployments.find((item) => item.Id === id)).toMatchObject({ EnvironmentId: 'Environments-2', TenantId: 'Tenants-2' });

    const refused = await rejection(deployer.start(order('watchfloor-dep-3', { target: target('Staging AU', null, { 'No.Such': 'x' }) }), signal()));
    expect(refused.message).toContain('project "Watchfloor App" has no prompted variable "No.Such"');
    expect(fake.deployments).toHaveLength(1);
  });

  it('names an unknown release, environment and tenant in words', async () => {
    const deployer = octopus().deployer;
    expect((await rejection(deployer.start(order('k1', { version: '2099.1.1' }), signal()))).message).toBe('Octopus Deploy "octopus": Octopus has no release 2099.1.1 of project "Watchfloor App"');
    expect((await rejection(deployer.start(order('k2', { target: target('Mars') }), signal()))).message).toBe('Octopus Deploy "octopus": Octopus has no environment "Mars" in space Spaces-1');
    expect((await rejection(deployer.start(order('k3', { target: target('Staging AU', 'Initech') }), signal()))).message).toBe('Octopus Deploy "octopus": Octopus has no tenant "Initech" in space Spaces-1');
    expect(fake.deployments).toHaveLength(0);
  });

  it("says why Octopus refused a deployment, in Octopus's words", async () => {
    fake.addFreeze({ Name: 'Black Friday', Start: new Date(Date.now() - HOUR).toISOString(), End: new Date(Date.now() + HOUR).toISOString(), ProjectEnvironmentScope: { 'Projects-1': ['Environments-1'] } });
    const refused = await rejection(octopus().deployer.start(order('watchfloor-frozen'), signal()));
    expect(refused.status).toBe(400);
    expect(refused.message).toContain('Octopus refused to deploy 2026.11.2 to "Production AU"');
    // Octopus's own words, from the {ErrorMessage, Errors} body it answers a refused deployment with.
    expect(refused.message).toMatch(/Deployment is blocked by the deployment freeze .*Black Friday/);
  });

  it('follows the task to success with its progress, current step and log lines', async () => {
    const deployer = octopus().deployer;
    const id = await deployer.start(order('watchfloor-dep-4'), signal());
    expect(await deployer.status(id, signal())).toEqual({ state: 'queued', progress: 0, step: null, interruption: null, message: null });

    fake.advance(taskOf(id));
    fake.advance(taskOf(id));
    expect(await deployer.status(id, signal())).toEqual({ state: 'running', progress: 33, step: 'Step 2: Deploy web app', interruption: null, message: null });
    const first = await deployer.log(id, 0, signal());
    expect(first.map((line) => line.text)).toEqual(['Starting Acquire packages', 'Acquire packages completed', 'Starting Deploy web app']);

    fake.runToEnd(taskOf(id));
    expect(await deployer.status(id, signal())).toMatchObject({ state: 'succeeded', progress: 100, message: null });
    const rest = await deployer.log(id, first.length, signal());
    expect(rest.map((line) => line.text)).toEqual(['Deploy web app completed', 'Starting Run smoke tests', 'Run smoke tests completed']);
    expect(rest.every((line) => line.level === 'info')).toBe(true);
  });

  it("reports a failed step with Octopus's error message and an error log line", async () => {
    fake.process([{ name: 'Acquire packages' }, { name: 'Migrate database', failures: 1, error: 'Migration 0142 timed out' }]);
    const deployer = octopus().deployer;
    const id = await deployer.start(order('watchfloor-dep-5'), signal());
    fake.runToEnd(taskOf(id));
    const status = await deployer.status(id, signal());
    expect(status.state).toBe('failed');
    expect(status.step).toBe('Step 2: Migrate database');
    expect(status.message).toContain('Migration 0142 timed out');
    expect((await deployer.log(id, 0, signal())).filter((line) => line.level === 'error').map((line) => line.text)).toEqual(['Migration 0142 timed out']);
  });

  it('pauses on guided failure, and a retry answered from the console lets it finish', async () => {
    fake.process([{ name: 'Deploy web app', failures: 1, error: 'IIS app pool did not start' }, { name: 'Run smoke tests' }]);
    const deployer = octopus().deployer;
    const id = await deployer.start(order('watchfloor-dep-6', { guidedFailure: true }), signal());
    fake.runToEnd(taskOf(id));

    const paused = await deployer.status(id, signal());
    expect(paused.state).toBe('paused');
    expect(paused.interruption).toMatchObject({ title: 'Deploy to Production AU failed', message: 'The deployment failed. Fail, retry or ignore the step.', answers: ['retry', 'ignore', 'abort'] });

    const interruptionId = paused.interruption?.id ?? '';
    const refused = await rejection(deployer.answer(id, interruptionId, 'proceed', '', signal()));
    expect(refused.message).toContain('cannot be answered proceed; it offers retry, ignore, abort');

    await deployer.answer(id, interruptionId, 'retry', 'pool recycled by hand', signal());
    const submitted = fake.interruptions.find((item) => item.Id === interruptionId);
    expect(submitted?.submitted).toEqual({ Guidance: 'Retry', Notes: 'pool recycled by hand' });
    expect(submitted?.ResponsibleUserId).toBe('Users-1');

    fake.runToEnd(taskOf(id));
    expect((await deployer.status(id, signal())).state).toBe('succeeded');
    expect((await rejection(deployer.answer(id, interruptionId, 'retry', '', signal()))).message).toContain('has already been answered');
  });

  it('aborts a guided failure as Fail, and answers a manual intervention with Proceed', async () => {
    fake.process([{ name: 'Deploy web app', failures: 5 }]);
    const deployer = octopus().deployer;
    const failing = await deployer.start(order('watchfloor-dep-7', { guidedFailure: true }), signal());
    fake.runToEnd(taskOf(failing));
    const paused = await deployer.status(failing, signal());
    await deployer.answer(failing, paused.interruption?.id ?? '', 'abort', 'giving up', signal());
    expect(fake.interruptions.at(-1)?.submitted).toEqual({ Guidance: 'Fail', Notes: 'giving up' });
    expect((await deployer.status(failing, signal())).state).toBe('failed');

    fake.process([{ name: 'Approve production', manual: true }, { name: 'Deploy web app' }]);
    const manual = await deployer.start(order('watchfloor-dep-8', { target: target('Training') }), signal());
    fake.runToEnd(taskOf(manual));
    const waiting = await deployer.status(manual, signal());
    expect(waiting).toMatchObject({ state: 'paused', interruption: { title: 'Manual intervention: Approve production', answers: ['abort', 'proceed'] } });
    await deployer.answer(manual, waiting.interruption?.id ?? '', 'proceed', 'approved in CAB', signal());
    expect(fake.interruptions.at(-1)?.submitted).toEqual({ Result: 'Proceed', Notes: 'approved in CAB' });
    fake.runToEnd(taskOf(manual));
    expect((await deployer.status(manual, signal())).state).toBe('succeeded');
  });

  it('cancels a running deployment', async () => {
    const deployer = octopus().deployer;
    const id = await deployer.start(order('watchfloor-dep-9'), signal());
    fake.advance(taskOf(id));
    await deployer.cancel(id, signal());
    expect(await deployer.status(id, signal())).toMatchObject({ state: 'running', message: 'Octopus is cancelling the deployment' });
    fake.advance(taskOf(id));
    expect(await deployer.status(id, signal())).toMatchObject({ state: 'cancelled', message: 'The task was canceled' });
    expect(fake.http.requestsTo(`/api/Spaces-1/tasks/${taskOf(id)}/cancel`)).toHaveLength(1);
  });

  it('a deployment past its no-run-after time ends failed, in words', async () => {
    const deployer = octopus().deployer;
    const id = await deployer.start(order('watchfloor-dep-10', { runAt: Date.now() - 2 * HOUR, noRunAfter: Date.now() - HOUR }), signal());
    fake.advance(taskOf(id));
    expect(await deployer.status(id, signal())).toMatchObject({ state: 'failed', message: 'The deployment was not started before its expiry time' });
  });

  it('reads the version each target runs from the dashboard', async () => {
    fake.seedDeployment(PROJECT, '2026.11.1', 'Production AU', null, 'Success', '2026-11-01T10:00:00.000Z');
    fake.seedDeployment(PROJECT, '2026.11.2', 'Production AU', null, 'Failed', '2026-11-20T10:00:00.000Z');
    fake.seedDeployment(PROJECT, '2026.11.2', 'Staging AU', 'Acme Corp', 'Success', '2026-11-18T09:30:00.000Z');
    fake.seedDeployment('Billing', '1.0.0', 'Training', null, 'Success', '2026-11-18T09:30:00.000Z');
    const versions = await octopus().deployer.currentVersions([target('Production AU'), target('Staging AU', 'Acme Corp'), target('Staging AU', 'Globex'), target('Training')], signal());
    expect(Object.fromEntries(versions)).toEqual({
      'production-au': { version: '2026.11.1', at: Date.parse('2026-11-01T10:00:00.000Z') },
      'staging-au': { version: '2026.11.2', at: Date.parse('2026-11-18T09:30:00.000Z') },
    });
  });

  it("maps the project's deployment freezes with their environments by name, daily ones occurrence by occurrence", async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    fake.addFreeze({ Name: 'Year end', Start: iso(now + 24 * HOUR), End: iso(now + 48 * HOUR), ProjectEnvironmentScope: { 'Projects-1': ['Environments-1', 'Environments-2'] } });
    fake.addFreeze({ Name: 'Billing only', Start: iso(now + HOUR), End: iso(now + 2 * HOUR), ProjectEnvironmentScope: { 'Projects-2': ['Environments-1'] } });
    fake.addFreeze({
      Name: 'Nightly batch',
      Start: iso(now - 48 * HOUR - HOUR),
      End: iso(now - 48 * HOUR + HOUR),
      ProjectEnvironmentScope: {},
      TenantProjectEnvironmentScope: [{ TenantId: 'Tenants-1', ProjectId: 'Projects-1', EnvironmentId: 'Environments-3' }],
      RecurringSchedule: { Type: 'Daily', Unit: 1, EndType: 'AfterOccurrences', EndAfterOccurrences: 5, UserUtcOffsetInMinutes: 0 },
    });
    const freezes = await octopus().deployer.freezes(signal());
    expect(freezes).toEqual([
      { name: 'Year end', start: now + 24 * HOUR, end: now + 48 * HOUR, environments: ['Production AU', 'Staging AU'] },
      { name: 'Nightly batch', start: now - HOUR, end: now + HOUR, environments: ['Training'] },
      { name: 'Nightly batch', start: now + 23 * HOUR, end: now + 25 * HOUR, environments: ['Training'] },
      { name: 'Nightly batch', start: now + 47 * HOUR, end: now + 49 * HOUR, environments: ['Training'] },
    ]);
    expect(fake.http.requestsTo('/api/deploymentfreezes').at(-1)?.query.getAll('projectIds')).toEqual(['Projects-1']);
  });

  it('tests the connection: the version, a refused key, an unknown space or project', async () => {
    expect(await octopus().probe.probe(signal())).toEqual({ version: 'Octopus Deploy 2025.3.1234, project "Watchfloor App" in space "Default"' });

    const unauthorized = await rejection(octopus({ key: 'API-WRONG' }).probe.probe(signal()));
    expect(unauthorized.failure).toBe('unauthorized');
    expect(unauthorized.message).toMatch(/Octopus Deploy "octopus": 127\.0\.0\.1:\d+ refused the credentials \(HTTP 401 Unauthorized\)/);

    expect((await rejection(octopus({ project: 'Nope' }).probe.probe(signal()))).message).toBe('Octopus Deploy "octopus": Octopus has no project "Nope" in space Spaces-1');
    expect((await rejection(octopus({ space: 'Spaces-9' }).probe.probe(signal()))).message).toContain('has no space "Spaces-9"');
  });

  describe('preflight: what Octopus would refuse, said before the click', () => {
    const STAGED = "the lifecycle of channel \"Stable\" does not allow Watchfloor App's release 2026.12.1";

    it('finds nothing to refuse for a release Octopus has, in environments its lifecycle allows, for connected tenants', async () => {
      const targets = [target('Production AU'), target('Staging AU', 'Globex'), target('Training', 'Umbrella')];
      expect(await octopus().deployer.preflight('2026.11.2', targets, signal())).toEqual([]);
      expect(fake.deployments).toHaveLength(0);
    });

    it('says for every target that Octopus has no release of that version, as start would', async () => {
      const deployer = octopus().deployer;
      expect(await deployer.preflight('2099.1.1', [target('Production AU'), target('Training')], signal())).toEqual([
        { environmentId: 'production-au', problem: 'Octopus has no release 2099.1.1 of project "Watchfloor App"' },
        { environmentId: 'training', problem: 'Octopus has no release 2099.1.1 of project "Watchfloor App"' },
      ]);
      expect((await rejection(deployer.start(order('k-missing', { version: '2099.1.1' }), signal()))).message).toContain('Octopus has no release 2099.1.1 of project "Watchfloor App"');
      expect(await deployer.preflight('2026.11.2', [target('Mars')], signal())).toEqual([{ environmentId: 'mars', problem: 'Octopus has no environment "Mars" in space Spaces-1' }]);
      expect(await octopus({ project: 'Nope' }).deployer.preflight('2026.11.2', [target('Training')], signal())).toEqual([
        { environmentId: 'training', problem: 'Octopus has no project "Nope" in space Spaces-1' },
      ]);
    });

    it("names the phases the release's channel's lifecycle still needs, which Octopus itself enforces, and clears as they are passed", async () => {
      const all = [target('Training'), target('Staging AU'), target('Production AU')];
      expect(await octopus().deployer.preflight('2026.12.1', all, signal())).toEqual([
        { environmentId: 'staging-au', problem: `${STAGED} to Staging AU yet: it must pass phase "Test" first` },
        { environmentId: 'production-au', problem: `${STAGED} to Production AU yet: it must pass phases "Test" and "Staging" first` },
      ]);
      const refused = await rejection(octopus().deployer.start(order('watchfloor-too-early', { version: '2026.12.1' }), signal()));
      expect(refused.status).toBe(400);
      expect(refused.message).toContain('Octopus refused to deploy 2026.12.1 to "Production AU"');
      expect(fake.deployments).toHaveLength(0);

      fake.seedDeployment(PROJECT, '2026.12.1', 'Training', null, 'Success', '2026-12-01T10:00:00.000Z');
      expect(await octopus().deployer.preflight('2026.12.1', all, signal())).toEqual([
        { environmentId: 'production-au', problem: `${STAGED} to Production AU yet: it must pass phase "Staging" first` },
      ]);
      fake.seedDeployment(PROJECT, '2026.12.1', 'Staging AU', null, 'Failed', '2026-12-02T10:00:00.000Z');
      expect(await octopus().deployer.preflight('2026.12.1', [target('Production AU')], signal())).toHaveLength(1);
      fake.seedDeployment(PROJECT, '2026.12.1', 'Staging AU', null, 'Success', '2026-12-02T11:00:00.000Z');
      expect(await octopus().deployer.preflight('2026.12.1', all, signal())).toEqual([]);
      await octopus().deployer.start(order('watchfloor-in-time', { version: '2026.12.1' }), signal());
      expect(fake.deployments.at(-1)).toMatchObject({ ReleaseId: 'Releases-3', EnvironmentId: 'Environments-1' });
    });

    it('says when the lifecycle of the channel has no phase with the environment at all', async () => {
      expect(await octopus().deployer.preflight('2026.12.1-lab', [target('Training'), target('Production AU')], signal())).toEqual([
        {
          environmentId: 'production-au',
          problem: 'the lifecycle of channel "Lab" has no phase with Production AU, so Watchfloor App\'s release 2026.12.1-lab cannot be deployed there',
        },
      ]);
    });

    it('says when a tenant is not connected to the project, or not in that environment, or unknown', async () => {
      const deployer = octopus().deployer;
      expect(await deployer.preflight('2026.11.2', [target('Production AU', 'Umbrella'), target('Training', 'Umbrella'), target('Staging AU', 'Initech')], signal())).toEqual([
        { environmentId: 'production-au', problem: 'tenant "Umbrella" is not connected to project "Watchfloor App" in Production AU' },
        { environmentId: 'staging-au', problem: 'Octopus has no tenant "Initech" in space Spaces-1' },
      ]);
      expect(await octopus({ project: 'Billing' }).deployer.preflight('1.0.0', [target('Training', 'Umbrella')], signal())).toEqual([
        { environmentId: 'training', problem: 'tenant "Umbrella" is not connected to project "Billing"' },
      ]);
      const refused = await rejection(deployer.start(order('watchfloor-umbrella', { target: target('Production AU', 'Umbrella') }), signal()));
      expect(refused.status).toBe(400);
      expect(fake.deployments).toHaveLength(0);
    });

    it('asks Octopus about a version once within a few seconds, and again after', async () => {
      const clock = new ManualClock();
      const deployer = octopus({ clock }).deployer;
      await deployer.preflight('2026.12.1', [target('Production AU')], signal());
      await deployer.preflight('2026.12.1', [target('Staging AU', 'Globex'), target('Training', 'Globex')], signal());
      const progression = '/api/Spaces-1/releases/Releases-3/progression';
      expect(fake.http.requestsTo(progression)).toHaveLength(1);
      expect(fake.http.requestsTo('/api/Spaces-1/channels/Channels-2')).toHaveLength(1);
      expect(fake.http.requestsTo('/api/Spaces-1/tenants/Tenants-2')).toHaveLength(1);

      fake.seedDeployment(PROJECT, '2026.12.1', 'Training', null, 'Success', '2026-12-01T10:00:00.000Z');
      clock.advance(6000);
      expect(await deployer.preflight('2026.12.1', [target('Staging AU')], signal())).toEqual([]);
      expect(fake.http.requestsTo(progression)).toHaveLength(2);
    });
  });

  describe('exactly once', () => {
    it('says what a deployment it finds or lists deploys, where and under which key, as Octopus records them', async () => {
      const deployer = octopus().deployer;
      const mine = await deployer.start(order('watchfloor-listed'), signal());
      const other = await deployer.start(order('watchfloor-elsewhere', { target: target('Staging AU') }), signal());
      const byHand = fake.seedDeployment(PROJECT, '2026.11.1', 'Production AU', null, 'Success', '2026-11-20T10:00:00.000Z');
      expect(await deployer.find(order('watchfloor-listed'), signal())).toMatchObject({ remoteId: mine, target: 'Production AU', version: '2026.11.2', key: 'watchfloor-listed' });
      const listed = await deployer.runs(target('Production AU'), signal());
      expect(listed.map((run) => [run.remoteId, run.key])).toEqual(expect.arrayContaining([[mine, 'watchfloor-listed'], [byHand.Id, null]]));
      expect(listed.map((run) => run.remoteId)).not.toContain(other);
      // Counted on the fake: listing and finding created nothing.
      expect(fake.deployments).toHaveLength(3);
    });

    it('finds nothing for a fresh key, and only the deployment carrying the key', async () => {
      const deployer = octopus().deployer;
      expect(await deployer.find(order('watchfloor-fresh'), signal())).toBeNull();
      // Other deployments of the same release and environment, more than a page of them: none carries the key.
      for (let i = 0; i < 3; i++) await deployer.start(order(`watchfloor-other-${i}`), signal());
      expect(await deployer.find(order('watchfloor-fresh'), signal())).toBeNull();
      const mine = await deployer.start(order('watchfloor-mine'), signal());
      for (let i = 3; i < 6; i++) await deployer.start(order(`watchfloor-other-${i}`), signal());
      expect((await deployer.find(order('watchfloor-mine'), signal()))?.remoteId).toBe(mine);
      expect(await deployer.find(order('watchfloor-mine', { target: target('Staging AU') }), signal())).toBeNull();
      expect(fake.http.requestsTo('/api/Spaces-1/deployments').filter((request) => request.method === 'GET').some((request) => request.query.get('skip') === '2')).toBe(true);
    });

    it("adopts the deployment whose answer was lost after Octopus created it, so the retry issues none", async () => {
      const key = 'watchfloor-lost-answer';
      const first = octopus({ timeoutMs: 600 }).deployer;
      fake.loseNextCreateAnswer();
      const lost = await rejection(first.start(order(key), signal()));
      expect(lost.failure).toBe('timeout');
      expect(fake.deployments).toHaveLength(1);

      // What the deploy service does on retry (or after a restart): look for the key before issuing.
      const retry = octopus().deployer;
      const found = await retry.find(order(key), signal());
      // With what Octopus says of it, so the service can check it is this order's before adopting it.
      expect(found).toMatchObject({ remoteId: fake.deployments[0]?.Id, key, version: order(key).version, target: order(key).target.remoteName });
      expect(fake.deployments).toHaveLength(1);
      expect(fake.http.requests.filter((request) => request.method === 'POST' && request.path === '/api/Spaces-1/deployments')).toHaveLength(1);
      expect((await retry.status(found?.remoteId ?? '', signal())).state).toBe('queued');
    });
  });

  it('honours Retry-After on reads and does not repeat a write that was rate-limited', async () => {
    const deployer = octopus().deployer;
    fake.rateLimit(1, 503, 1);
    expect(await deployer.find(order('watchfloor-rl'), signal())).toBeNull();
    const refused = fake.http.requests.find((request) => request.status === 503);
    const retried = fake.http.requests.find((request) => request !== refused && request.path === refused?.path);
    expect(retried?.status).toBe(200);
    // The retry waited as long as Octopus asked (Retry-After: 1), not the client's own 20 ms backoff.
    expect((retried?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(950);

    await deployer.find(order('watchfloor-rl'), signal());
    fake.rateLimit(1, 429, 1, 'POST');
    const limited = await rejection(deployer.start(order('watchfloor-rl'), signal()));
    expect(limited.status).toBe(429);
    expect(limited.message).toContain('rate-limiting');
    expect(fake.deployments).toHaveLength(0);
  });

  it('turns broken and incomplete answers into a clear error', async () => {
    const deployer = octopus().deployer;
    const id = await deployer.start(order('watchfloor-bad'), signal());
    fake.http.override(`/api/Spaces-1/tasks/${taskOf(id)}/details`, { status: 200, text: '{"Task": {' });
    const broken = await rejection(deployer.status(id, signal()));
    expect(broken.failure).toBe('malformed');
    expect(broken.message).toContain('sent broken JSON');

    fake.http.override(`/api/Spaces-1/tasks/${taskOf(id)}/details`, { status: 200, body: { Task: { Id: taskOf(id), IsCompleted: false }, ActivityLogs: [] } });
    const missing = await rejection(deployer.status(id, signal()));
    expect(missing.failure).toBe('malformed');
    expect(missing.message).toContain(`Octopus Deploy "octopus" GET /api/Spaces-1/tasks/${taskOf(id)}/details: unexpected answer: Task.State`);

    fake.http.clearOverrides();
    fake.http.override('/api/Spaces-1/deployments', { status: 201, body: { Id: 'Deployments-999' } });
    const created = await rejection(deployer.start(order('watchfloor-bad-2'), signal()));
    expect(created.message).toContain('POST /api/Spaces-1/deployments: unexpected answer');
  });
});
