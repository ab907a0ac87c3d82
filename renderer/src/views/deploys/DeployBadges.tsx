import type { DeploymentState, Drift, GateView, GuardResult, StageView } from '../../../../shared/contract/deploys.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import {
  DRIFT_LABELS,
  DRIFT_STATUS,
  GATE_LABELS,
  GATE_STATUS,
  GUARD_LABELS,
  GUARD_STATUS,
  STAGE_LABELS,
  STAGE_STATUS,
  STATE_LABELS,
  STATE_STATUS,
} from './deploys-labels.js';

/** Deploy states drawn as the shared status badge: an icon shape and a name, colour only reinforcing. */

export function DeploymentStateBadge({ state }: { state: DeploymentState }) {
  return <StatusBadge status={STATE_STATUS[state]} label={STATE_LABELS[state]} />;
}

export function DriftBadge({ drift }: { drift: Drift }) {
  return <StatusBadge status={DRIFT_STATUS[drift]} label={DRIFT_LABELS[drift]} />;
}

export function GuardStateBadge({ state }: { state: GuardResult['state'] }) {
  return <StatusBadge status={GUARD_STATUS[state]} label={GUARD_LABELS[state]} />;
}

export function GateBadge({ gate }: { gate: GateView }) {
  return <StatusBadge status={GATE_STATUS[gate.state]} label={GATE_LABELS[gate.state]} />;
}

export function StageStateBadge({ state }: { state: StageView['state'] }) {
  return <StatusBadge status={STAGE_STATUS[state]} label={STAGE_LABELS[state]} />;
}
