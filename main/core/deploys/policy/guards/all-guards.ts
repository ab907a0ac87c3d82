import type { GuardResult } from '../../../../../shared/contract/deploys.js';
import { allowedSlotGuard } from './allowed-slot.js';
import { applyOverrides } from './apply-overrides.js';
import { criticalGuard } from './critical.js';
import { freezeGuard } from './freeze.js';
import { gateGuard } from './gate.js';
import type { Guard, GuardContext } from './guard-context.js';
import { hotfixReferenceGuard } from './hotfix-reference.js';
import { lifecycleEndGuard } from './lifecycle-end.js';
import { offlineGuard } from './offline.js';
import { permanentPaidGuard } from './permanent-paid.js';
import { productionGuard } from './production.js';
import { runningGuard } from './running.js';
import { sev1IncidentGuard } from './sev1-incident.js';

/** Every guard, in the order the preview lists them. */
const GUARDS: readonly Guard[] = [
  allowedSlotGuard,
  freezeGuard,
  criticalGuard,
  sev1IncidentGuard,
  gateGuard,
  runningGuard,
  offlineGuard,
  hotfixReferenceGuard,
];

/** A decommission is not an upgrade (no slot, gate or release), but it is held by a freeze like any change. */
const DECOMMISSION_GUARDS: readonly Guard[] = [productionGuard, permanentPaidGuard, lifecycleEndGuard, freezeGuard, runningGuard, offlineGuard];

export function evaluateGuards(context: GuardContext): GuardResult[] {
  const guards = context.request.action === 'decommission' ? DECOMMISSION_GUARDS : GUARDS;
  return applyOverrides(
    guards.map((guard) => guard(context)),
    context.request.overrides,
  );
}
