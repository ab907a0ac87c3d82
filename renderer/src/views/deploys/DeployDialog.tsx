import { useId, useMemo, useRef, useState } from 'react';
import { useAttemptKey } from '../../api/use-attempt-key.js';
import type { DeploymentView, DeployPreview, GuardId } from '../../../../shared/contract/deploys.js';
import { describeFailure } from '../../api/call.js';
import { viewHref } from '../../app/hash-route.js';
import { DialogActions } from '../../components/DialogActions.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { formatCount } from '../../time/format.js';
import { BlastRadius } from './BlastRadius.js';
import { ConfirmationControl } from './ConfirmationControl.js';
import { useDeployDialogStore } from './deploy-dialog-store.js';
import { confirmationMet, confirmationOf, draftFor, requestOf, type ConfirmationGiven, type DeployDraft, type DeployOpening } from './deploy-form.js';
import { FLOW_LABELS, RELEASE_TYPE_LABELS } from './deploys-labels.js';
import { choicesOf } from './deploys-model.js';
import { useDeployPreview, useDeploysOverview, useMatrixEntries, useStartDeploy } from './deploys-queries.js';
import { useDeploysStore } from './deploys-store.js';
import { DeployTargetFields } from './DeployTargetFields.js';
import { GuardList } from './GuardList.js';
import { newestFirst } from './ReleasesTable.js';
import { useDeployBlocked } from './use-deploy-blocked.js';
import { useSettledValue } from './use-settled-value.js';
import '../../styles/deploys.css';

interface DeployDialogProps {
  opening: DeployOpening;
  onClose: () => void;
  onStarted: (deployments: DeploymentView[]) => void;
}

/** The core is asked again once the form has been still this long. */
const PREVIEW_SETTLE_MS = 250;
const NOT_GIVEN: ConfirmationGiven = { checked: false, typed: '' };

function titleOf(opening: DeployOpening): string {
  const target = opening.target;
  const named = target?.by === 'environments' && target.ids.length === 1 ? ` ${target.ids[0]}` : '';
  if (opening.action === 'decommission') return `Decommission${named}`;
  return opening.action === 'deploy' ? `Deploy${opening.version === undefined ? '' : ` ${opening.version}`}${named === '' ? '' : ` to${named}`}` : `Roll back${named}`;
}

function startLabel(draft: DeployDraft): string {
  if (draft.action === 'decommission') return 'Decommission';
  if (draft.when === 'next-slot') return draft.action === 'deploy' ? 'Schedule deploy' : 'Schedule rollback';
  return draft.action === 'deploy' ? 'Deploy' : 'Roll back';
}

/** Why the main button is off, first reason first; null when it may be clicked. */
function whyNot(blocked: string | null, missing: string | null, preview: DeployPreview | undefined, fresh: boolean, confirmed: boolean): string | null {
  if (blocked !== null) return `Deploys and rollbacks are off: ${blocked}.`;
  if (missing !== null) return missing;
  if (preview === undefined || !fresh) return 'Checking what this would touch…';
  if (preview.problems.length > 0) return 'It cannot be done as asked: see the problems above.';
  if (!preview.allowed) return 'A guard fails: override it with a written reason, or change the target or the time.';
  if (!confirmed) return preview.confirmation.level === 'type' ? `Type ${preview.confirmation.phrase ?? ''} to confirm.` : 'Tick “I have checked the blast radius” to confirm.';
  return null;
}

/** Production is said as loudly as the typed confirmation it asks for, before the blast radius. */
function ProductionNotice({ preview }: { preview: DeployPreview }) {
  const count = preview.blastRadius.kinds.production ?? 0;
  if (count === 0) return null;
  return (
    <p className="deploy-production" role="note">
      <strong>Production</strong>
      <span>
        {count === 1 ? 'A production environment' : `${formatCount(count)} production environments`}: customers use {count === 1 ? 'it' : 'them'} now.
        {preview.confirmation.level === 'type' ? ` Type ${preview.confirmation.phrase ?? ''} below to confirm.` : ''}
      </span>
    </p>
  );
}

/**
 * Deploy or roll back, one dialog for both. As the form changes, the core previews the blast radius,
 * the guards and the confirmation it needs; the button waits for all three. The same request keeps its
 * idempotency key until it has a final answer: a double click, or a retry after a lost answer, starts
 * nothing twice. A refusal is shown here and the form keeps everything typed.
 */
function DeployDialog({ opening, onClose, onStarted }: DeployDialogProps) {
  const whyId = useId();
  const whenName = useId();
  const overview = useDeploysOverview();
  const { entries } = useMatrixEntries();
  const blocked = useDeployBlocked();
  const start = useStartDeploy();
  const [draft, setDraft] = useState(() => draftFor(opening));
  const attempt = useAttemptKey();
  const sending = useRef(false);

  const releases = overview.data?.releases;
  const release = releases?.find((candidate) => candidate.version === draft.version);
  const choices = useMemo(() => choicesOf(entries ?? []), [entries]);
  const environmentIds = useMemo(() => (entries ?? []).map(({ row }) => row.environmentId), [entries]);

  const asked = useMemo(() => requestOf(draft, release), [draft, release]);
  const request = 'request' in asked ? asked.request : null;
  const requestKey = request === null ? '' : JSON.stringify(request);
  const settledKey = useSettledValue(requestKey, PREVIEW_SETTLE_MS);
  const settledRequest = useMemo(() => (request !== null && settledKey === requestKey ? request : null), [request, settledKey, requestKey]);
  const preview = useDeployPreview(settledRequest);
  const shown = request === null ? undefined : preview.data;
  const fresh = settledRequest !== null && preview.data !== undefined && !preview.isPlaceholderData;

  // What was ticked or typed confirms one blast radius: it is forgotten when the action, release or target changes.
  const scopeKey = JSON.stringify([draft.action, draft.version, request?.target ?? null]);
  const [given, setGiven] = useState<{ scope: string; value: ConfirmationGiven }>({ scope: scopeKey, value: NOT_GIVEN });
  const confirmation = given.scope === scopeKey ? given.value : NOT_GIVEN;
  const confirmed = shown !== undefined && confirmationMet(shown.confirmation, confirmation);
  const reason = whyNot(blocked, 'missing' in asked ? asked.missing : null, shown, fresh, confirmed);

  // A refusal speaks of the form as it was sent: once the form changes, it is no longer shown.
  function change(next: Partial<DeployDraft>): void {
    start.reset();
    setDraft((current) => ({ ...current, ...next }));
  }

  function override(guard: GuardId, text: string | undefined): void {
    start.reset();
    setDraft((current) => {
      const overrides = { ...current.overrides };
      if (text === undefined) delete overrides[guard];
      else overrides[guard] = text;
      return { ...current, overrides };
    });
  }

  function onStart(): void {
    if (sending.current || reason !== null || request === null || shown === undefined) return;
    sending.current = true;
    const sent = { ...request, ...confirmationOf(shown.confirmation, confirmation) };
    start.mutate(
      { request: sent, idempotencyKey: attempt.for(sent) },
      {
        onSuccess: ({ deployments }) => onStarted(deployments),
        onSettled: (_, error) => {
          attempt.settled(error);
          sending.current = false;
        },
      },
    );
  }

  const hotfix = release?.type === 'hotfix';
  const decommission = draft.action === 'decommission';

  return (
    <ModalDialog title={titleOf(opening)} onClose={onClose} className="deploy-dialog">
      {overview.isError && overview.data === undefined && (
        <ErrorAlert title="Releases and environments could not be loaded." error={overview.error} onRetry={() => void overview.refetch()} />
      )}
      <div className="form-grid deploy-form">
        {!decommission && (
        <FormField label={draft.action === 'deploy' ? 'Release' : 'Go back to'} error={undefined}>
          {(props) => (
            <select {...props} value={draft.version} onChange={(event) => change({ version: event.target.value })}>
              <option value="">{draft.action === 'deploy' ? 'Choose…' : 'What each environment ran before'}</option>
              {newestFirst(releases ?? []).map((candidate) => (
                <option key={candidate.version} value={candidate.version}>
                  {candidate.version} ({RELEASE_TYPE_LABELS[candidate.type]})
                </option>
              ))}
            </select>
          )}
        </FormField>
        )}
        <DeployTargetFields
          draft={draft}
          environmentIds={environmentIds}
          tenants={choices.tenants}
          regions={choices.regions}
          plans={overview.data?.plans ?? []}
          onChange={change}
        />
        {!decommission && (
        <fieldset className="cal-switch deploy-when">
          <legend>When</legend>
          <div className="cal-switch-options">
            <label className={draft.when === 'now' ? 'is-checked' : undefined}>
              <input type="radio" name={whenName} checked={draft.when === 'now'} onChange={() => change({ when: 'now' })} />
              Now
            </label>
            <label className={draft.when === 'next-slot' ? 'is-checked' : undefined}>
              <input type="radio" name={whenName} checked={draft.when === 'next-slot'} onChange={() => change({ when: 'next-slot' })} />
              Next allowed slot
            </label>
          </div>
        </fieldset>
        )}
        {hotfix && (
          <FormField label="Severity-one incident" error={undefined} hint={`Required for a hotfix${release.incident === null ? '' : `; this one answers ${release.incident}`}`}>
            {(props) => <input {...props} value={draft.incident} placeholder={release.incident ?? 'INC-…'} autoComplete="off" onChange={(event) => change({ incident: event.target.value })} />}
          </FormField>
        )}
        <FormField label="Reason (kept in the audit trail)" error={undefined} className="field-wide">
          {(props) => <textarea {...props} rows={2} value={draft.reason} onChange={(event) => change({ reason: event.target.value })} />}
        </FormField>
      </div>

      {preview.isError && request !== null && <ErrorAlert title="What this would touch could not be worked out." error={preview.error} onRetry={() => void preview.refetch()} />}
      {shown !== undefined && (
        <div className={`deploy-preview${fresh ? '' : ' is-updating'}`} aria-busy={!fresh}>
          {shown.problems.length > 0 && (
            <ul className="deploy-problems" aria-label="Problems">
              {shown.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          <ProductionNotice preview={shown} />
          <BlastRadius preview={shown} />
          <p className="deploy-flow">{FLOW_LABELS[shown.flow]}</p>
          <GuardList guards={shown.guards} overrides={draft.overrides} onOverride={override} />
          {shown.irreversible.length > 0 && (
            <section className="deploy-section deploy-irreversible" aria-label={decommission ? 'What cannot be undone' : 'What a rollback cannot undo'}>
              <p>
                <strong>{decommission ? 'Cannot be undone:' : 'A rollback cannot undo:'}</strong>
              </p>
              <ul>
                {shown.irreversible.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            </section>
          )}
          <ConfirmationControl confirmation={shown.confirmation} given={confirmation} onChange={(value) => setGiven({ scope: scopeKey, value })} />
        </div>
      )}

      {start.error !== null && <FormFailure what="Nothing was started" reason={describeFailure(start.error)} />}
      <div className="deploy-footer">
        <DialogActions
          label={startLabel(draft)}
          pendingLabel="Starting…"
          pending={start.isPending}
          onConfirm={onStart}
          danger
          disabled={reason !== null}
          describedBy={reason === null ? undefined : whyId}
          onCancel={onClose}
        />
        {reason !== null && (
          <p id={whyId} className="deploy-why-not" role="status">
            {reason}
          </p>
        )}
      </div>
    </ModalDialog>
  );
}

/** Once started, the Deploys view opens on the first deployment: its progress and log live there. */
function follow(deployments: readonly DeploymentView[]): void {
  const first = deployments[0];
  if (first !== undefined) useDeploysStore.getState().select(first.id);
  window.location.hash = viewHref('deploys');
}

/**
 * Where the one deploy and rollback dialog lives, mounted once beside the views: whatever opened it
 * (an alert row that leaves the feed, a view left behind) may go away without taking the form with it.
 */
export function DeployDialogHost() {
  const opening = useDeployDialogStore((state) => state.opening);
  const serial = useDeployDialogStore((state) => state.serial);
  const close = useDeployDialogStore((state) => state.close);
  if (opening === null) return null;
  return (
    <DeployDialog
      key={serial}
      opening={opening}
      onClose={close}
      onStarted={(deployments) => {
        close();
        follow(deployments);
      }}
    />
  );
}
