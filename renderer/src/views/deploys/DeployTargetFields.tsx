import { useId } from 'react';
import type { RolloutPlanView } from '../../../../shared/contract/deploys.js';
import { Ring } from '../../../../shared/fleet-definition/ids.js';
import { FormField } from '../../components/FormField.js';
import { RING_LABELS } from '../../components/labels.js';
import type { DeployDraft, TargetBy } from './deploy-form.js';
import type { NamedOption } from './deploys-model.js';

const TARGET_LABELS: Readonly<Record<TargetBy, string>> = {
  environments: 'Environments',
  tenant: 'A customer group',
  ring: 'A ring',
  stage: 'A rollout plan stage',
};

const TARGETS: readonly TargetBy[] = ['environments', 'tenant', 'ring', 'stage'];

interface DeployTargetFieldsProps {
  draft: DeployDraft;
  environmentIds: readonly string[];
  tenants: readonly NamedOption[];
  regions: readonly string[];
  plans: readonly RolloutPlanView[];
  onChange: (next: Partial<DeployDraft>) => void;
}

function isTarget(value: string): value is TargetBy {
  return (TARGETS as readonly string[]).includes(value);
}

/** Which environments: some by id, a customer group, a ring (in one region or all), or a plan's stage. */
export function DeployTargetFields({ draft, environmentIds, tenants, regions, plans, onChange }: DeployTargetFieldsProps) {
  const listId = useId();
  return (
    <>
      <FormField label="Target" error={undefined}>
        {(props) => (
          <select
            {...props}
            value={draft.targetBy}
            onChange={(event) => {
              if (isTarget(event.target.value)) onChange({ targetBy: event.target.value });
            }}
          >
            {TARGETS.map((target) => (
              <option key={target} value={target}>
                {TARGET_LABELS[target]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {draft.targetBy === 'environments' && (
        <FormField label="Environment ids" error={undefined} hint="Separated by commas, e.g. acme-prod, acme-uat" className="field-wide">
          {(props) => (
            <input {...props} list={listId} value={draft.environmentIds} spellCheck={false} autoComplete="off" onChange={(event) => onChange({ environmentIds: event.target.value })} />
          )}
        </FormField>
      )}
      <datalist id={listId}>
        {environmentIds.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
      {draft.targetBy === 'tenant' && (
        <FormField label="Customer group" error={undefined}>
          {(props) => (
            <select {...props} value={draft.tenantId} onChange={(event) => onChange({ tenantId: event.target.value })}>
              <option value="">Choose…</option>
              {tenants.map((tenant) => (
                <option key={tenant.id} value={tenant.id}>
                  {tenant.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}
      {draft.targetBy === 'ring' && (
        <>
          <FormField label="Ring" error={undefined}>
            {(props) => (
              <select
                {...props}
                value={draft.ring}
                onChange={(event) => {
                  const ring = Ring.safeParse(event.target.value);
                  if (ring.success) onChange({ ring: ring.data });
                }}
              >
                {Ring.options.map((ring) => (
                  <option key={ring} value={ring}>
                    {RING_LABELS[ring]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label="In region" error={undefined}>
            {(props) => (
              <select {...props} value={draft.regionId} onChange={(event) => onChange({ regionId: event.target.value })}>
                <option value="">Every region</option>
                {regions.map((region) => (
                  <option key={region} value={region}>
                    {region}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </>
      )}
      {draft.targetBy === 'stage' && (
        <FormField label="Plan stage" error={undefined}>
          {(props) => (
            <select
              {...props}
              value={draft.planId === '' ? '' : `${draft.planId}/${draft.stageId}`}
              onChange={(event) => {
                const [planId = '', stageId = ''] = event.target.value.split('/');
                onChange({ planId, stageId });
              }}
            >
              <option value="">Choose…</option>
              {plans.map((plan) => (
                <optgroup key={plan.id} label={`${plan.name} (${plan.release})`}>
                  {plan.stages.map((stage) => (
                    <option key={stage.id} value={`${plan.id}/${stage.id}`}>
                      {stage.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </FormField>
      )}
    </>
  );
}
