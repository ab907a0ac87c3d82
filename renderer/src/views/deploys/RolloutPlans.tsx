import { useId } from 'react';
import type { GateView, RolloutPlanView, StageView } from '../../../../shared/contract/deploys.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { formatCount } from '../../time/format.js';
import { formatZonedTime } from '../calendar/calendar-format.js';
import { soakText } from './deploys-model.js';
import { GateBadge, StageStateBadge } from './DeployBadges.js';
import { ActionsHeader } from '../../components/ActionsHeader.js';

/** A gate in parts: its state, then each condition with an icon and words, then its message. */
function Gate({ gate }: { gate: GateView }) {
  if (gate.state === 'not-applicable') return <GateBadge gate={gate} />;
  return (
    <div className="gate" title={gate.message}>
      <GateBadge gate={gate} />
      <span className="gate-part">
        <StatusIcon status={gate.checksGreen ? 'ok' : 'critical'} />
        {gate.checksGreen ? 'checks green' : 'checks not green'}
      </span>
      <span className="gate-part">
        <StatusIcon status={gate.healthSteady ? 'ok' : 'warning'} />
        {gate.healthSteady ? 'health steady' : 'health degraded'}
      </span>
      <span className="gate-part">
        <StatusIcon status={gate.soakRemainingMs <= 0 ? 'ok' : 'stale'} />
        {soakText(gate.soakRemainingMs)}
      </span>
      <span className="muted gate-message">{gate.message}</span>
    </div>
  );
}

function Slot({ slot }: { slot: StageView['slot'] }) {
  if (slot === null) return <span className="muted">No slot booked</span>;
  return (
    <span className="cell-stack" title={slot.local.timeZone}>
      <span>{formatZonedTime(slot.local)}</span>
      <span className="muted">{slot.title}</span>
    </span>
  );
}

interface RolloutPlansProps {
  plans: readonly RolloutPlanView[];
  blocked: string | null;
  onDeployStage: (plan: RolloutPlanView, stage: StageView) => void;
}

/** Each plan's stages in order: whom they touch, their next slot in the group's own time, their state and what gates them. */
export function RolloutPlans({ plans, blocked, onDeployStage }: RolloutPlansProps) {
  const headingId = useId();
  return (
    <section className="deploys-section" aria-labelledby={headingId}>
      <h2 id={headingId}>Rollout plans</h2>
      {plans.length === 0 && <p className="muted">The fleet file holds no rollout plan.</p>}
      {plans.map((plan) => (
        <div key={plan.id} className="rollout-plan">
          <h3>
            {plan.name}: {plan.release} <span className="muted">(soak {plan.soakMinutes} min)</span>
          </h3>
          <div className="table-scroll">
            <table className="data-table plan-table" aria-label={`Stages of ${plan.name}`}>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Targets</th>
                  <th scope="col">Next slot (local)</th>
                  <th scope="col">State</th>
                  <th scope="col">May start when</th>
                  <th scope="col">Its gate</th>
                  <ActionsHeader />
                </tr>
              </thead>
              <tbody>
                {plan.stages.map((stage, position) => (
                  <tr key={stage.id}>
                    <td className="num">{position + 1}</td>
                    <th scope="row">
                      {stage.name}
                      {stage.uatFirst && <span className="muted cell-line">UAT first</span>}
                    </th>
                    <td>
                      <span className="cell-line">
                        {formatCount(stage.environmentCount)} {stage.environmentCount === 1 ? 'environment' : 'environments'}, {formatCount(stage.deployedCount)} deployed
                      </span>
                      <span className="muted cell-line">
                        {formatCount(stage.customerCount)} {stage.customerCount === 1 ? 'customer' : 'customers'}
                      </span>
                    </td>
                    <td>
                      <Slot slot={stage.slot} />
                    </td>
                    <td>
                      <StageStateBadge state={stage.state} />
                    </td>
                    <td>
                      <Gate gate={stage.gatedBy} />
                    </td>
                    <td>
                      <Gate gate={stage.gate} />
                    </td>
                    <td>
                      <button
                        type="button"
                        aria-label={`Deploy stage ${stage.name} of ${plan.name}…`}
                        disabled={blocked !== null}
                        title={blocked ?? undefined}
                        onClick={() => onDeployStage(plan, stage)}
                      >
                        Deploy stage…
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}
