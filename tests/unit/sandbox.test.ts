import { describe, expect, it } from 'vitest';
import { generateSandboxFleet } from '../../main/core/connectors/sandbox/generate-fleet.js';
import { SandboxSimulation } from '../../main/core/connectors/sandbox/simulation.js';
import { toFleetView } from '../../main/core/fleet/fleet-view.js';
import { FleetDefinition } from '../../shared/fleet-definition/schema.js';
import { lifecycleState } from '../../shared/contract/lifecycle.js';

const options = { seed: 7, tickMs: 1000, faultRate: 0.05 };

function run(seed: number, ticks: number) {
  const view = toFleetView(generateSandboxFleet({ seed, size: 300 }));
  const simulation = new SandboxSimulation({ ...options, seed }, view.environments);
  const history = [simulation.fullScrape()];
  for (let i = 0; i < ticks; i++) history.push(simulation.step());
  return { view, history };
}

describe('simulated fleet', () => {
  it('is the same fleet and the same history for the same seed', () => {
    const first = run(7, 120);
    const second = run(7, 120);
    expect(second.view).toEqual(first.view);
    expect(second.history).toEqual(first.history);
  });

  it('differs for another seed', () => {
    expect(run(8, 5).view.tenants).not.toEqual(run(7, 5).view.tenants);
    expect(run(8, 30).history.slice(1)).not.toEqual(run(7, 30).history.slice(1));
  });

  it('models both operating models and passes its own schema', () => {
    const definition = generateSandboxFleet({ seed: 1, size: 500 });
    expect(FleetDefinition.safeParse(definition).success).toBe(true);
    const regions = new Map(definition.regions.map((region) => [region.id, region]));
    expect(regions.get('apac')?.timeZone).toBe('Australia/Sydney');
    expect(regions.get('uk')?.timeZone).toBe('Europe/London');
    expect(regions.get('apac')?.sites.map((site) => site.role)).toEqual(['primary', 'disaster-recovery', 'backup']);
    const envs = definition.tenants.flatMap((tenant) => tenant.environments);
    expect(new Set(envs.map((env) => env.kind))).toEqual(new Set(['production', 'uat', 'training', 'internal']));
    expect(new Set(envs.flatMap((env) => (env.ring ? [env.ring] : [])))).toEqual(new Set(['internal', 'early-access', 'beta', 'production']));
    expect(envs.some((env) => env.slots?.includes('staging'))).toBe(true);
    expect(envs.some((env) => env.lifecycle?.kind === 'permanent-paid')).toBe(true);
  });

  it('has customers at every stage of the lifecycle on the day it runs, a few long-ended ones decommissioned and the rest paid for', () => {
    const now = Date.parse('2026-12-08T02:00:00Z');
    const definition = generateSandboxFleet({ seed: 1, size: 500, rolloutFrom: now });
    expect(FleetDefinition.safeParse(definition).success).toBe(true);
    const envs = toFleetView(definition).environments.filter((env) => env.kind === 'uat' || env.kind === 'training');
    // Every simulated environment answers its checks until a fault says otherwise.
    const stages = new Set(envs.map((env) => `${lifecycleState(env.lifecycle, now, true)} ${env.lifecycle.kind}`));
    for (const stage of ['ending-soon temporary', 'due temporary', 'should-be-gone temporary', 'active permanent-paid', 'active release-temporary', 'decommissioned temporary']) {
      expect(stages).toContain(stage);
    }
    expect(envs.filter((env) => lifecycleState(env.lifecycle, now, true) === 'should-be-gone')).toHaveLength(1);
    // A decommissioned environment is no longer watched: a handful shows the state without filling the fleet with unknowns.
    expect(envs.filter((env) => env.lifecycle.decommissioned !== null)).toHaveLength(3);
  });

  it('grows to the size asked for, with about four servers per environment', () => {
    const view = toFleetView(generateSandboxFleet({ seed: 1, size: 50_000 }));
    expect(view.environments.length).toBe(50_000);
    const servers = view.environments.reduce((sum, env) => sum + env.servers, 0);
    expect(servers).toBeGreaterThan(180_000);
    expect(new Set(view.environments.map((env) => env.id)).size).toBe(50_000);
  });

  it('has faults that come and go', () => {
    const view = toFleetView(generateSandboxFleet({ seed: 3, size: 300 }));
    const simulation = new SandboxSimulation({ seed: 3, tickMs: 1000, faultRate: 0.05 }, view.environments);
    simulation.fullScrape();
    const high = new Set<string>();
    const recovered = new Set<string>();
    for (let i = 0; i < 900; i++) {
      for (const sample of simulation.step()) {
        const key = `${sample.env}/${sample.server}/${sample.check}`;
        const isFault = sample.check === 'services' ? sample.value >= 1 : sample.check === 'disk' ? sample.value >= 80 : sample.value >= 85;
        if (isFault) high.add(key);
        else if (high.has(key)) recovered.add(key);
      }
    }
    expect(high.size).toBeGreaterThan(10);
    expect(recovered.size).toBeGreaterThan(5);
  });
});
