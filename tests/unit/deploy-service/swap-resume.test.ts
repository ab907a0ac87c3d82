import { describe, expect, it } from 'vitest';
import type { DeployTarget } from '../../../main/core/connectors/capabilities.js';
import { ScriptedDeployer } from '../../support/scripted-deployer.js';
import { ManualClock, useTempDirs } from '../../support/temp.js';
import { confirmed, deployRequest, keepServer, NEW, OLD, startDeployCore, startSlotPages, writeDeployFleet, type DeployCore } from './deploy-core.js';

/**
 * The console is stopped while a swap is out (its answer never came): after the restart only
 * the swapper's answer decides whether the swap happened. Swaps are counted on the backend.
 */

const tempDir = useTempDirs();

async function logOf(deploy: DeployCore, id: string): Promise<string[]> {
  return (await deploy.value('deploys.deployment', { id, after: 0 })).log.map((line) => line.text);
}

/**
 * A staging-slot deploy whose first console sends a swap and stops before its answer:
 * `reachesBackend` says whether it got there (and was carried out) before the stop;
 * `swapBack` makes it the swap back after production failed its checks.
 */
async function stoppedDuringSwap(reachesBackend: boolean, swapBack = false) {
  const dir = tempDir();
  const clock = new ManualClock(Date.parse('2026-11-23T03:00:00Z'));
  const scripted = new ScriptedDeployer(clock.now);
  scripted.setSlots('harbour-prod', OLD, OLD);
  const pages = await startSlotPages(scripted);
  keepServer(pages);
  const fleetFile = writeDeployFleet(dir, pages.url);
  if (swapBack) pages.poison(NEW, 'production');
  let swapsSent = 0;
  const sent: { target: DeployTarget | null } = { target: null };
  const first = startDeployCore({
    dir,
    fleetFile,
    scripted,
    clock,
    wrap: (base) => {
      if (!base.slots) return base;
      const slots = {
        ...base.slots,
        // The answer never comes: the console stops first.
        swap: async (target: DeployTarget) => {
          swapsSent += 1;
          if (swapBack && swapsSent === 1) {
            await scripted.swap(target);
            // Production's checks take a while before the swap back.
            clock.advance(5000);
            return;
          }
          if (reachesBackend) await scripted.swap(target);
          sent.target = target;
          return new Promise<void>(() => {});
        },
      };
      return { ...base, slots };
    },
  });
  const started = await first.value('deploys.start', { request: await confirmed(first, deployRequest('harbour-prod')) });
  const id = started.deployments[0]?.id ?? '';
  await expect.poll(() => sent.target !== null, { timeout: 5000 }).toBe(true);
  const target = sent.target;
  if (target === null) throw new Error('the swap was never sent');
  expect((await first.value('deploys.deployment', { id, after: 0 })).deployment.state).toBe(swapBack ? 'swapping-back' : 'swapping');
  first.close();
  clock.advance(1000);
  const restart = () => startDeployCore({ dir, fleetFile, scripted, clock });
  return { id, scripted, clock, restart, target, pages };
}

describe('a restart in the middle of a swap', () => {
  it('carries on when the swapper says the swap completed: not sent again', async () => {
    const { id, scripted, restart } = await stoppedDuringSwap(true);
    expect(scripted.swaps).toEqual(['harbour-prod']);

    const again = restart();
    const done = await again.until(id, (view) => view.state === 'succeeded');
    expect(done.message).toBe(`${NEW} is live on Harbour production`);
    expect((await logOf(again, id)).some((text) => /^Simulated fleet says the swap sent at .* completed at .*; not sent again$/.test(text))).toBe(true);
    // Counted on the backend: one swap, and production serves the new release.
    expect(scripted.swaps).toEqual(['harbour-prod']);
    expect(scripted.slots.get('harbour-prod')).toEqual({ production: NEW, staging: OLD });
  });

  it('sends the swap once when the swapper says it never happened, and carries on', async () => {
    const { id, scripted, restart } = await stoppedDuringSwap(false);
    expect(scripted.swaps).toEqual([]);
    expect(scripted.slots.get('harbour-prod')).toEqual({ production: OLD, staging: NEW });

    const again = restart();
    const done = await again.until(id, (view) => view.state === 'succeeded');
    expect(done.message).toBe(`${NEW} is live on Harbour production`);
    expect((await logOf(again, id)).some((text) => /^Simulated fleet says the swap sent at .* was not carried out \(it records no swap of this slot\): sending it now$/.test(text))).toBe(true);
    expect(scripted.swaps).toEqual(['harbour-prod']);
    expect(scripted.slots.get('harbour-prod')).toEqual({ production: NEW, staging: OLD });
  });

  it('keeps asking, and says so, while the swapper cannot tell; never guesses', async () => {
    const { id, scripted, clock, restart } = await stoppedDuringSwap(false);
    scripted.swapRecordUnreadable = true;

    const again = restart();
    const waiting = await again.until(id, (view) => view.step?.startsWith('no answer from Simulated fleet since') === true);
    expect(waiting.state).toBe('swapping');
    expect(waiting.step).toMatch(/^no answer from Simulated fleet since 2026-11-23T03:00:01.000Z on whether the swap sent at 2026-11-23T03:00:0\d.\d{3}Z happened; asking again$/);
    await expect.poll(() => scripted.swapQuestions, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    clock.advance(10 * 60_000);
    const said = await again.until(id, (view) => view.message !== null);
    expect(said.state).toBe('swapping');
    expect(said.message).toMatch(/^no answer from Simulated fleet since .* on whether the swap sent at .* happened: scripted: the swap record cannot be read/);
    expect(scripted.swaps).toEqual([]);

    scripted.swapRecordUnreadable = false;
    const done = await again.until(id, (view) => view.state === 'succeeded');
    expect(done.message).toBe(`${NEW} is live on Harbour production`);
    expect(scripted.swaps).toEqual(['harbour-prod']);
  });

  it('waits for a swap the swapper says is still under way, and does not send another', async () => {
    const { id, scripted, restart, target } = await stoppedDuringSwap(false);
    scripted.swapsUnderWay.add('harbour-prod');

    const again = restart();
    await again.until(id, (view) => view.step?.includes('is still under way on Simulated fleet') === true);
    await expect.poll(() => scripted.swapQuestions, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    expect(scripted.swaps).toEqual([]);
    // It completes on the backend.
    scripted.swapsUnderWay.delete('harbour-prod');
    await scripted.swap(target);
    const done = await again.until(id, (view) => view.state === 'succeeded');
    expect(done.message).toBe(`${NEW} is live on Harbour production`);
    expect(scripted.swaps).toEqual(['harbour-prod']);
  });

  it('resumes a swap back the same way: never carried out, so sent once, and production runs the previous release', async () => {
    const { id, scripted, restart } = await stoppedDuringSwap(false, true);
    expect(scripted.swaps).toEqual(['harbour-prod']);
    expect(scripted.slots.get('harbour-prod')).toEqual({ production: NEW, staging: OLD });

    const again = restart();
    const done = await again.until(id, (view) => view.state === 'rolled-back');
    expect(done.message).toBe(`it was being swapped back when the console stopped; the swap back completed, production runs ${OLD} again`);
    expect((await logOf(again, id)).some((text) => /^Simulated fleet says the swap back sent at .* was not carried out \(its last swap of this slot was at .*\): sending it now$/.test(text))).toBe(true);
    // Counted on the backend: the swap and one swap back.
    expect(scripted.swaps).toEqual(['harbour-prod', 'harbour-prod']);
    expect(scripted.slots.get('harbour-prod')).toEqual({ production: OLD, staging: NEW });
  });

  it('carries on from a swap back the swapper says completed: not sent again', async () => {
    const { id, scripted, restart } = await stoppedDuringSwap(true, true);
    expect(scripted.swaps).toEqual(['harbour-prod', 'harbour-prod']);

    const again = restart();
    const done = await again.until(id, (view) => view.state === 'rolled-back');
    expect(done.message).toBe(`it was being swapped back when the console stopped; the swap back completed, production runs ${OLD} again`);
    expect(scripted.swaps).toEqual(['harbour-prod', 'harbour-prod']);
    expect(scripted.slots.get('harbour-prod')).toEqual({ production: OLD, staging: NEW });
  });
});
