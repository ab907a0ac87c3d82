import type { GateView, RolloutPlanView, StageView } from '../../../../shared/contract/deploys.js';
import type { WindowDefinition } from '../../../../shared/fleet-definition/calendar.js';
import type { RolloutPlanDefinition, RolloutStage } from '../../../../shared/fleet-definition/deploys.js';
import { zonedTime } from '../../../../shared/time/zoned-time.js';
import type { DeployFacts } from '../deploy-facts.js';
import { bookedFrom } from './booking.js';
import { isFinished, type DeploymentIndex } from './deployment-index.js';
import type { EnvEntry, FleetIndex } from './fleet-index.js';
import { soakMinutesOf, stageGate } from './stage-gate.js';
import { stageEnvironments } from './stage-environments.js';
import type { OccurrenceLookup, WindowIndex } from './window-index.js';

export interface PlanContext {
  facts: DeployFacts;
  index: FleetIndex;
  deployments: DeploymentIndex;
  windows: WindowIndex;
  lookup: OccurrenceLookup;
}

/** A stage whose every environment runs its plan's release: the version its environments are expected to run. */
export interface CompletedStage {
  release: string;
  stageName: string;
  environmentIds: readonly string[];
}

const FIRST_STAGE: GateView = { state: 'not-applicable', checksGreen: true, healthSteady: true, soakRemainingMs: 0, message: 'the first stage: nothing gates it' };

/** The stage's next upgrade slot (from its booked week on): its own, else the earliest of the slots covering its environments; in its group's local time. */
function nextSlot(stage: RolloutStage, environments: readonly EnvEntry[], context: PlanContext): StageView['slot'] {
  const { windows, lookup, facts } = context;
  const own = stage.slot === undefined ? undefined : windows.byId.get(stage.slot);
  const candidates = new Set<WindowDefinition>(own ? [own] : []);
  if (!own) for (const entry of environments) for (const window of windows.upgradeSlots(entry.definition.id)) candidates.add(window);
  const booked = bookedFrom(stage, own ?? null, environments[0]?.region.timeZone ?? 'UTC');
  const from = Math.max(facts.now, booked ?? facts.now);
  let best: { window: WindowDefinition; start: number; end: number } | null = null;
  for (const window of candidates) {
    const occurrence = lookup.currentOrNext(window, from);
    if (occurrence && (!best || occurrence.start < best.start)) best = { window, start: occurrence.start, end: occurrence.end };
  }
  if (!best) return null;
  const timeZone = environments[0]?.region.timeZone ?? best.window.timeZone;
  return { windowId: best.window.id, title: best.window.title, start: best.start, end: best.end, local: zonedTime(best.start, timeZone) };
}

function stageState(deployed: number, total: number, running: boolean, anyFailed: boolean, gate: GateView, gatedBy: GateView): StageView['state'] {
  if (running) return 'running';
  if (total > 0 && deployed === total) return gate.state === 'pass' ? 'done' : gate.state === 'pending' ? 'soaking' : 'failed';
  if (anyFailed) return 'failed';
  return gatedBy.state === 'pass' || gatedBy.state === 'not-applicable' ? 'ready' : 'waiting';
}

/** How far a stage's environments are with its plan's release: how many run it, whether one is on its way or one failed. */
function stageProgress(environments: readonly EnvEntry[], release: string, facts: DeployFacts, deployments: DeploymentIndex): { deployed: number; running: boolean; anyFailed: boolean } {
  let deployed = 0;
  let running = false;
  let anyFailed = false;
  for (const entry of environments) {
    const id = entry.definition.id;
    const latest = deployments.latestOf(id, release);
    if (facts.versions.get(id)?.version === release || latest?.state === 'succeeded') deployed += 1;
    else if (latest && isFinished(latest)) anyFailed = true;
    if (latest && !isFinished(latest)) running = true;
  }
  return { deployed, running, anyFailed };
}

/** The stages whose every environment runs their plan's release, in plan order. */
export function completedStages(plans: readonly RolloutPlanDefinition[], facts: DeployFacts, index: FleetIndex, deployments: DeploymentIndex): CompletedStage[] {
  const completed: CompletedStage[] = [];
  for (const plan of plans) {
    for (const stage of plan.stages) {
      const environments = stageEnvironments(stage, index);
      if (environments.length > 0 && stageProgress(environments, plan.release, facts, deployments).deployed === environments.length) {
        completed.push({ release: plan.release, stageName: stage.name, environmentIds: environments.map((entry) => entry.definition.id) });
      }
    }
  }
  return completed;
}

/** A plan with its stages: environments, customers, next slot, state and the gates between them. */
export function planView(plan: RolloutPlanDefinition, context: PlanContext): RolloutPlanView {
  const { facts, index, deployments } = context;
  const stages: StageView[] = [];
  let gatedBy = FIRST_STAGE;
  for (const stage of plan.stages) {
    const environments = stageEnvironments(stage, index);
    const soak = soakMinutesOf(stage, plan, facts.definition.deploys);
    const gate = stageGate(environments, plan.release, soak, facts, deployments);
    const { deployed, running, anyFailed } = stageProgress(environments, plan.release, facts, deployments);
    stages.push({
      id: stage.id,
      name: stage.name,
      environmentCount: environments.length,
      environmentIds: environments.map((entry) => entry.definition.id),
      customerCount: new Set(environments.map((entry) => entry.tenant.id)).size,
      slot: nextSlot(stage, environments, context),
      uatFirst: stage.uatFirst,
      state: stageState(deployed, environments.length, running, anyFailed, gate, gatedBy),
      deployedCount: deployed,
      gatedBy,
      gate,
    });
    gatedBy = gate;
  }
  return { id: plan.id, name: plan.name, release: plan.release, soakMinutes: plan.soakMinutes ?? facts.definition.deploys.soakMinutes, stages };
}
