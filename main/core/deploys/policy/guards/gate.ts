import { guardResult, type Guard } from './guard-context.js';

const LABEL = 'Previous stage passed its gate';

/** A plan stage starts only when the stage before it passed its gate; a hotfix may skip rings, and a rollback is not gated. */
export const gateGuard: Guard = ({ request, release, incident, targets, previousStage, isStage }) => {
  if (request.action === 'rollback') return guardResult('gate', LABEL, true, [], 'a rollback is not gated by the rollout');
  if (release?.type === 'hotfix') return guardResult('gate', LABEL, true, [], `hotfix ${incident ?? 'without a reference'}: rings may be skipped`);
  if (!isStage) return guardResult('gate', LABEL, true, [], 'not a stage of a rollout plan: no gate applies');
  if (!previousStage) return guardResult('gate', LABEL, true, [], 'the first stage of its plan: nothing gates it');
  const { name, gate } = previousStage;
  if (gate.state === 'pass' || gate.state === 'not-applicable') return guardResult('gate', LABEL, true, [], `${name}: ${gate.message}`);
  const verdict = gate.state === 'pending' ? 'has not yet passed its gate' : 'failed its gate';
  return guardResult('gate', LABEL, false, targets, `${name} ${verdict}: ${gate.message}`);
};
