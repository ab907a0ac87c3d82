import { describe, expect, it } from 'vitest';
import type { OpsCoreOptions } from '../../../main/core/ops-core.js';
import { ScriptedDeployer } from '../../support/scripted-deployer.js';
import { useTempDirs } from '../../support/temp.js';
import { confirmed, deployRequest, keepServer, NEW, OLD, OPERATOR, startDeployCore, startSlotPages, writeDeployFleet } from './deploy-core.js';

/** The deploy backend is asked what it would refuse before the click, so the preview says it instead of the deployment failing after. */

const tempDir = useTempDirs();

async function setup(extra: Partial<OpsCoreOptions> = {}) {
  const dir = tempDir();
  const scripted = new ScriptedDeployer();
  scripted.setSlots('harbour-train', OLD, OLD);
  scripted.setSlots('harbour-prod', OLD, OLD);
  const pages = await startSlotPages(scripted);
  keepServer(pages);
  const deploy = startDeployCore({ dir, fleetFile: writeDeployFleet(dir, pages.url), scripted, extra });
  return { scripted, deploy };
}

const LIFECYCLE = `the lifecycle of channel "Stable" does not allow Watchfloor App's release ${NEW} to harbour-train yet: it must pass phase "Test" first`;

describe('what the deploy backend would refuse, asked before the click', () => {
  it('shows in the preview, and refuses the start, kept in the trail, with nothing sent to the backend', async () => {
    const { scripted, deploy } = await setup();
    scripted.refuses.set('harbour-train', LIFECYCLE);
    const request = await confirmed(deploy, deployRequest('harbour-train'));

    const preview = await deploy.value('deploys.preview', { request });
    expect(preview.allowed).toBe(false);
    expect(preview.problems).toEqual([`Harbour training: ${LIFECYCLE}`]);
    expect(scripted.preflights.at(-1)).toMatchObject({ version: NEW, targets: [{ remoteName: 'harbour-train', remoteTenant: null, slot: 'production' }] });

    const refused = await deploy.call('deploys.start', { request });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'conflict', message: `deploy refused: Harbour training: ${LIFECYCLE}` } });
    expect(scripted.deployments.size).toBe(0);
    expect((await deploy.value('deploys.overview', {})).deployments).toEqual([]);
    const [refusal] = await deploy.audit('refused');
    expect(refusal).toMatchObject({ who: OPERATOR, action: 'deploy', result: 'refused', deploymentId: null });
    expect(refusal?.detail).toContain(LIFECYCLE);

    // Once the backend would take it (the earlier phase passed), the same request goes through.
    scripted.refuses.clear();
    const started = await deploy.value('deploys.start', { request });
    await deploy.until(started.deployments[0]?.id ?? '', (view) => view.state === 'succeeded');
    expect(scripted.deployments.size).toBe(1);
  });

  it('asks about the slot the release lands on: staging in the staging-slot flow', async () => {
    const { scripted, deploy } = await setup();
    await deploy.value('deploys.preview', { request: deployRequest('harbour-prod') });
    expect(scripted.preflights.at(-1)).toMatchObject({ version: NEW, targets: [{ remoteName: 'harbour-prod', slot: 'staging' }] });
  });

  it('blocks nothing when the backend cannot answer in time: the start goes ahead and the backend decides', async () => {
    const { scripted, deploy } = await setup({ deploys: { pollMs: 5, callTimeoutMs: 200 } });
    scripted.hangPreflight = true;
    scripted.refuses.set('harbour-train', LIFECYCLE);
    const request = await confirmed(deploy, deployRequest('harbour-train'));
    const preview = await deploy.value('deploys.preview', { request });
    expect(preview.problems).toEqual([]);
    expect(preview.allowed).toBe(true);
    const started = await deploy.value('deploys.start', { request });
    await deploy.until(started.deployments[0]?.id ?? '', (view) => view.state === 'succeeded');
    expect(scripted.deployments.size).toBe(1);
  });
});
