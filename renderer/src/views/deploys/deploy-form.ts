import { GuardId, type Confirmation, type DeployAction, type DeployRequest, type DeployTargetSelector, type ReleaseView } from '../../../../shared/contract/deploys.js';
import type { Ring } from '../../../../shared/fleet-definition/ids.js';
import type { MethodInput } from '../../../../shared/contract/index.js';

/**
 * The deploy, rollback and decommission dialog's form: what a person chose, turned into the contract's request.
 * The same request goes to deploys.preview as it changes and to deploys.start on the click.
 */

export type { DeployAction };
export type DeployRequestInput = MethodInput<'deploys.start'>['request'];
export type TargetBy = DeployTargetSelector['by'];

/** Where the dialog was opened from: a release, an environment, a stage or a deployment. */
export interface DeployOpening {
  action: DeployAction;
  version?: string;
  target?: DeployTargetSelector;
}

export interface DeployDraft {
  action: DeployAction;
  /** The release; for a rollback '' means what each environment ran before. */
  version: string;
  targetBy: TargetBy;
  environmentIds: string;
  tenantId: string;
  ring: Ring;
  /** '' for every region of the ring. */
  regionId: string;
  planId: string;
  stageId: string;
  when: 'now' | 'next-slot';
  reason: string;
  incident: string;
  /** Written reasons to go past failing guards, by guard; a reason counts once it is long enough. */
  overrides: Partial<Record<GuardId, string>>;
}

export const MIN_OVERRIDE_REASON = 10;

export function draftFor(opening: DeployOpening): DeployDraft {
  const target = opening.target;
  return {
    action: opening.action,
    version: opening.version ?? '',
    targetBy: target?.by ?? 'environments',
    environmentIds: target?.by === 'environments' ? target.ids.join(', ') : '',
    tenantId: target?.by === 'tenant' ? target.id : '',
    ring: target?.by === 'ring' ? target.ring : 'production',
    regionId: target?.by === 'ring' ? (target.regionId ?? '') : '',
    planId: target?.by === 'stage' ? target.planId : '',
    stageId: target?.by === 'stage' ? target.stageId : '',
    when: 'now',
    reason: '',
    incident: '',
    overrides: {},
  };
}

/** Environment ids as typed: separated by commas or spaces, each once. */
export function idList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((id) => id !== ''))];
}

/** What a too-short override reason is told; undefined once it is long enough. */
export function overrideProblem(reason: string): string | undefined {
  return reason.trim().length >= MIN_OVERRIDE_REASON ? undefined : `expected a written reason of at least ${MIN_OVERRIDE_REASON} characters`;
}

function targetOf(draft: DeployDraft): DeployTargetSelector | string {
  switch (draft.targetBy) {
    case 'environments': {
      const ids = idList(draft.environmentIds);
      return ids.length === 0 ? 'Name at least one environment.' : { by: 'environments', ids };
    }
    case 'tenant':
      return draft.tenantId === '' ? 'Choose a customer group.' : { by: 'tenant', id: draft.tenantId };
    case 'ring':
      return draft.regionId === '' ? { by: 'ring', ring: draft.ring } : { by: 'ring', ring: draft.ring, regionId: draft.regionId };
    case 'stage':
      return draft.planId === '' || draft.stageId === '' ? 'Choose a plan stage.' : { by: 'stage', planId: draft.planId, stageId: draft.stageId };
  }
}

/**
 * The request the draft asks for, or why there is none yet (a deploy needs a release, every action
 * a target). The confirmation typed is added at the click; the preview does not depend on it.
 */
export function requestOf(draft: DeployDraft, release: ReleaseView | undefined): { request: DeployRequestInput } | { missing: string } {
  if (draft.action === 'deploy' && draft.version === '') return { missing: 'Choose the release to deploy.' };
  const target = targetOf(draft);
  if (typeof target === 'string') return { missing: target };
  const overrides = GuardId.options.flatMap((guard) => {
    const reason = draft.overrides[guard];
    return reason !== undefined && overrideProblem(reason) === undefined ? [{ guard, reason: reason.trim() }] : [];
  });
  const incident = draft.incident.trim();
  return {
    request: {
      action: draft.action,
      ...(draft.version === '' || draft.action === 'decommission' ? {} : { version: draft.version }),
      target,
      // A decommission is not booked into an upgrade slot: it runs now, once its guards allow it.
      when: draft.action === 'decommission' ? 'now' : draft.when,
      reason: draft.reason.trim(),
      ...(release?.type === 'hotfix' && incident !== '' ? { incident } : {}),
      overrides,
    },
  };
}

export interface ConfirmationGiven {
  checked: boolean;
  typed: string;
}

/** What the request carries of the confirmation given, for the core to check it too. */
export function confirmationOf(confirmation: Confirmation, given: ConfirmationGiven): Partial<Pick<DeployRequest, 'confirmation' | 'blastRadiusChecked'>> {
  switch (confirmation.level) {
    case 'click':
      return {};
    case 'confirm':
      return { blastRadiusChecked: given.checked };
    case 'type':
      return { confirmation: given.typed.trim() };
  }
}

/** Confirmation grows with risk: a click, a ticked box, or the exact name typed. */
export function confirmationMet(confirmation: Confirmation, given: ConfirmationGiven): boolean {
  switch (confirmation.level) {
    case 'click':
      return true;
    case 'confirm':
      return given.checked;
    case 'type':
      return confirmation.phrase !== null && given.typed.trim() === confirmation.phrase;
  }
}
