import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScriptedDeployer } from '../../support/scripted-deployer.js';
import { useTempDirs } from '../../support/temp.js';
import { confirmed, deployRequest, keepServer, OLD, startDeployCore, startSlotPages, writeDeployFleet, type DeployCore } from './deploy-core.js';

/**
 * The soak holds a release in production while the health is watched: it ends only after the
 * health stayed steady for the whole soak time, and a critical health swaps the release back
 * out, whether or not a silence hides its alerts.
 */

const tempDir = useTempDirs();

async function soakSetup(soakMinutes: number) {
  const dir = tempDir();
  const scripted = new ScriptedDeployer();
  scripted.setSlots('harbour-train', OLD, OLD);
  scripted.setSlots('harbour-prod', OLD, OLD);
  scripted.setSlots('harbour-direct', OLD, OLD);
  const pages = await startSlotPages(scripted);
  keepServer(pages);
  const fleetFile = writeDeployFleet(dir, pages.url);
  // Production takes the simulation's alerts, so a new one concerns it.
  const text = readFileSync(fleetFile, 'utf8').replace('soakMinutes: 0', `soakMinutes: ${soakMinutes}`);
  const direct = '      - { id: harbour-direct, name: Harbour direct production, kind: production, site: apac-syd, watchedBy: sim, deployedBy: sim, servers: 1 }\n';
  const withDirect = text.replace('      - id: harbour-prod\n', `${direct}      - id: harbour-prod\n`);
  writeFileSync(fleetFile, withDirect.replace('        servers: 1\n        deployment:', '        servers: 1\n        watch: { alertsFrom: [sim] }\n        deployment:'));
  // The manual clock jumps the soak time at once: the simulation's data must not turn stale meanwhile.
  const deploy = startDeployCore({ dir, fleetFile, scripted, extra: { staleAfterMs: 86_400_000 } });
  return { scripted, deploy };
}

async function startOn(deploy: DeployCore, environmentId: string): Promise<string> {
  const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest(environmentId)) });
  return started.deployments[0]?.id ?? '';
}

describe('the soak', () => {
  it('swaps back a release whose environment turned critical under a silence: the silence hides the alert, not the state', async () => {
    const { scripted, deploy } = await soakSetup(30);
    const id = await startOn(deploy, 'harbour-prod');
    await deploy.until(id, (view) => view.state === 'soaking');
    await deploy.value('silences.create', {
      connectionId: 'sim',
      matchers: [{ name: 'environment', value: 'harbour-prod', isRegex: false, isEqual: true }],
      durationMinutes: 120,
      comment: 'noisy during the release',
    });
    await deploy.value('sandbox.injectFault', { environmentId: 'harbour-prod', check: 'availability', severity: 'critical', durationSeconds: 600 });
    const done = await deploy.until(id, (view) => view.state === 'rolled-back');
    expect(done.message).toContain('health turned critical while it soaked');
    expect(scripted.slots.get('harbour-prod')?.production).toBe(OLD);
  });

  it('swaps back a release when a new alert fires on its environment while it soaks, even a warning', async () => {
    const { scripted, deploy } = await soakSetup(30);
    const id = await startOn(deploy, 'harbour-prod');
    await deploy.until(id, (view) => view.state === 'soaking');
    await deploy.value('sandbox.injectFault', { environmentId: 'harbour-prod', check: 'cpu', severity: 'warning', durationSeconds: 600 });
    // A silence elsewhere makes the console read the alerts now rather than at its next poll, 10 s away.
    await deploy.value('silences.create', { connectionId: 'sim', matchers: [{ name: 'environment', value: 'harbour-train', isRegex: false, isEqual: true }], durationMinutes: 60, comment: 'training refresh' });
    const done = await deploy.until(id, (view) => view.state === 'rolled-back');
    expect(done.message).toMatch(/^an alert fired while it soaked: .*\(warning\)/);
    expect(scripted.slots.get('harbour-prod')?.production).toBe(OLD);
  });

  it('soaks a direct deployment to production too, for the whole soak time, and says how long the health was steady', async () => {
    const { deploy } = await soakSetup(30);
    const id = await startOn(deploy, 'harbour-direct');
    const soaking = await deploy.until(id, (view) => view.state === 'soaking' || view.state === 'succeeded');
    expect(soaking.state).toBe('soaking');
    deploy.clock.advance(29 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await deploy.value('deploys.deployment', { id, after: 0 })).deployment.state).toBe('soaking');
    deploy.clock.advance(60_000);
    const done = await deploy.until(id, (view) => view.state === 'succeeded');
    // Training is judged by its plan's gate, not held by a soak of its own.
    const training = await startOn(deploy, 'harbour-train');
    expect((await deploy.until(training, (view) => view.state === 'succeeded' || view.state === 'soaking')).state).toBe('succeeded');
    expect(done.message).toBe('2026.11.2 is live on Harbour direct production; health steady for 30 min');
  });
});
