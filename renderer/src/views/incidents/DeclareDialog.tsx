import { useId, useState, type FormEvent } from 'react';
import { Severity, type DeclareScope, type IncidentSummary } from '../../../../shared/contract/incidents.js';
import { errorFor, fieldErrorsOf, NO_FIELD_ERRORS, type FieldErrors } from '../../api/field-errors.js';
import { describeFailure } from '../../api/call.js';
import { DialogActions } from '../../components/DialogActions.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { useNow } from '../../time/clock.js';
import { useDeclareDialogStore, type DeclareOpening } from './declare-dialog-store.js';
import { idList } from '../deploys/deploy-form.js';
import { nameList } from './incident-form.js';
import { SEVERITY_MEANINGS, SEVERITY_NAMES } from './incident-labels.js';
import { useDeclareScope } from './incidents-queries.js';
import { useKeyedCommand } from './use-keyed-command.js';
import { incidentHref, openIncident } from './incident-route.js';
import { rememberedOperator, rememberOperator } from './operator-name.js';
import { ScopeList } from './ScopeList.js';
import '../../styles/incidents.css';

const ROOTS = ['input.'];

interface Draft {
  title: string;
  severity: Severity;
  features: string;
  commander: string;
  responders: string;
  /** Only for a blank declaration: what it touches, typed. */
  environments: string;
}

function ExistingIncident({ id, alertKeys, onClose }: { id: string; alertKeys: readonly string[]; onClose: () => void }) {
  const { send, mutation } = useKeyedCommand('incidents.linkAlerts');
  function onLink(): void {
    send({ id, alertKeys: [...alertKeys] }, () => {
      onClose();
      openIncident(id);
    });
  }
  return (
    <div className="banner banner-warning declare-existing" role="alert">
      <p className="banner-title">Incident {id} is already open for {alertKeys.length === 1 ? 'this alert' : 'these alerts'}.</p>
      <p>One alert group never opens two incidents: link {alertKeys.length === 1 ? 'it' : 'them'} to {id} instead, or open it.</p>
      <div className="form-actions">
        {alertKeys.length > 0 && (
          <button type="button" className="primary" disabled={mutation.isPending} onClick={onLink}>
            {mutation.isPending ? 'Linking…' : `Link to ${id}`}
          </button>
        )}
        <a href={incidentHref(id)} onClick={onClose}>
          Open {id}
        </a>
      </div>
      {mutation.error !== null && <FormFailure what="Nothing was linked" reason={describeFailure(mutation.error)} />}
    </div>
  );
}

function DeclareForm({ opening, scope, onClose, onDeclared }: { opening: DeclareOpening; scope: DeclareScope | undefined; onClose: () => void; onDeclared: (incident: IncidentSummary) => void }) {
  const severityName = useId();
  const now = useNow();
  const blank = opening.alertKeys.length === 0 && opening.environmentIds.length === 0;
  const [draft, setDraft] = useState<Draft>(() => ({
    title: scope?.suggestedTitle ?? '',
    severity: scope?.suggestedSeverity ?? 'sev2',
    features: scope?.impact.features ?? '',
    commander: rememberedOperator(),
    responders: '',
    environments: '',
  }));
  const [local, setLocal] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const { send, mutation: declare } = useKeyedCommand('incidents.declare');
  const errors = local.fields.size > 0 || declare.error === null ? local : fieldErrorsOf(declare.error, ROOTS);

  function change(next: Partial<Draft>): void {
    setDraft((current) => ({ ...current, ...next }));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (declare.isPending) return;
    const problems = new Map<string, string>();
    if (draft.title.trim() === '') problems.set('title', 'Give the incident a title: what is broken, for whom.');
    if (draft.commander.trim() === '') problems.set('commander', 'Name the incident commander (you, until you hand over).');
    setLocal({ fields: problems, other: null });
    declare.reset();
    if (problems.size > 0) return;
    // Without the core's scope (it could not be worked out), the environments it was opened from still go.
    const impact = scope?.impact ?? { customers: [], environments: [...opening.environmentIds], regions: [], features: '' };
    const request = {
      title: draft.title.trim(),
      severity: draft.severity,
      impact: { ...impact, environments: blank ? idList(draft.environments) : impact.environments, features: draft.features.trim() },
      commander: draft.commander.trim(),
      responders: nameList(draft.responders),
      alertKeys: [...opening.alertKeys],
    };
    send(request, (incident) => {
      rememberOperator(request.commander);
      onDeclared(incident);
    });
  }

  return (
    <form className="dialog-form" onSubmit={onSubmit} noValidate>
      {scope !== undefined && scope.scope.length > 0 && (
        <section className="declare-scope" aria-label="Scope">
          <h3>Scope</h3>
          <ScopeList scope={scope.scope} now={now} label="Scope of the new incident" />
        </section>
      )}
      <FormField label="Title" error={errorFor(errors, 'title')} className="field-wide">
        {(props) => <input {...props} value={draft.title} autoComplete="off" onChange={(event) => change({ title: event.target.value })} />}
      </FormField>
      <fieldset className="severity-choice" aria-describedby={errorFor(errors, 'severity') === undefined ? undefined : `${severityName}-error`}>
        <legend>Severity</legend>
        {Severity.options.map((severity) => (
          <label key={severity} className={draft.severity === severity ? 'is-checked' : undefined}>
            <input type="radio" name={severityName} checked={draft.severity === severity} onChange={() => change({ severity })} />
            <strong>{SEVERITY_NAMES[severity]}</strong> <span className="muted">{scope?.severityMeanings[severity] ?? SEVERITY_MEANINGS[severity]}</span>
          </label>
        ))}
        {scope === undefined && <p className="field-hint muted">What each means by default; the fleet file's incidents section may say otherwise.</p>}
        {errorFor(errors, 'severity') !== undefined && (
          <p id={`${severityName}-error`} className="field-error">
            {errorFor(errors, 'severity')}
          </p>
        )}
      </fieldset>
      {blank && (
        <FormField label="Environments affected" error={errorFor(errors, 'impact.environments')} hint="Ids, separated by commas or spaces; may be left empty" className="field-wide">
          {(props) => <input {...props} value={draft.environments} autoComplete="off" onChange={(event) => change({ environments: event.target.value })} />}
        </FormField>
      )}
      <FormField label="Features affected, in words" error={errorFor(errors, 'impact')} className="field-wide">
        {(props) => <textarea {...props} rows={2} value={draft.features} onChange={(event) => change({ features: event.target.value })} />}
      </FormField>
      <div className="form-row">
        <FormField label="Commander" error={errorFor(errors, 'commander')}>
          {(props) => <input {...props} value={draft.commander} autoComplete="name" onChange={(event) => change({ commander: event.target.value })} />}
        </FormField>
        <FormField label="Responders" error={errorFor(errors, 'responders')} hint="Names, separated by commas" className="field-grow">
          {(props) => <input {...props} value={draft.responders} autoComplete="off" onChange={(event) => change({ responders: event.target.value })} />}
        </FormField>
      </div>
      {opening.alertKeys.length > 0 && (
        <p className="muted">
          {opening.alertKeys.length === 1 ? 'The alert is linked' : `${opening.alertKeys.length} alerts are linked`} to the new incident. Alerts that fire later in its
          scope are offered for linking on its page.
        </p>
      )}
      {errors.other !== null && <FormFailure what="No incident was declared" reason={errors.other} />}
      <DialogActions label="Declare incident" pendingLabel="Declaring…" pending={declare.isPending} onCancel={onClose} />
    </form>
  );
}

function DeclareDialog({ opening, onClose }: { opening: DeclareOpening; onClose: () => void }) {
  const blank = opening.alertKeys.length === 0 && opening.environmentIds.length === 0;
  const scope = useDeclareScope(blank ? null : opening);
  const title = blank
    ? 'Declare an incident'
    : opening.alertKeys.length > 0
      ? `Declare an incident from ${opening.alertKeys.length === 1 ? 'an alert' : `${opening.alertKeys.length} alerts`}`
      : `Declare an incident on ${opening.environmentIds.join(', ')}`;
  return (
    <ModalDialog title={title} onClose={onClose} className="declare-dialog">
      {scope.isError && <ErrorAlert title="The scope could not be worked out; declare with what you know." error={scope.error} onRetry={() => void scope.refetch()} />}
      {!blank && scope.isPending ? (
        <p className="loading" role="status">
          Working out the scope…
        </p>
      ) : (
        <>
          {scope.data?.existingIncidentId != null && <ExistingIncident id={scope.data.existingIncidentId} alertKeys={opening.alertKeys} onClose={onClose} />}
          <DeclareForm
            opening={opening}
            scope={scope.data}
            onClose={onClose}
            onDeclared={(incident) => {
              onClose();
              openIncident(incident.id);
            }}
          />
        </>
      )}
    </ModalDialog>
  );
}

/** The one declare dialog, mounted beside the views: opened from an alert row, several alerts, an environment, or blank. */
export function DeclareDialogHost() {
  const opening = useDeclareDialogStore((state) => state.opening);
  const serial = useDeclareDialogStore((state) => state.serial);
  const close = useDeclareDialogStore((state) => state.close);
  if (opening === null) return null;
  return <DeclareDialog key={serial} opening={opening} onClose={close} />;
}
