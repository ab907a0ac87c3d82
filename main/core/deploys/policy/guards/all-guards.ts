import type { GuardResult } from '../../../../../shared/contract/deploys.js';
import { allowedSlotGuard } from './allowed-slot.js';
import { applyOverrides } from './apply-overrides.js';
import { criticalGuard } from './critical.js';
import { freezeGuard } from './freeze.js';
import { gateGuard } from './gate.js';
import type { Guard, GuardContext } from './guard-context.js';
import { hotfixReferenceGuard } from './hotfix-reference.js';
import { offlineGuard } from './offline.js';
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

export function evaluateGuards(context: GuardContext): GuardResult[] {
  return applyOverrides(
    GUARDS.map((guard) => guard(context)),
    context.request.overrides,
  );
}
