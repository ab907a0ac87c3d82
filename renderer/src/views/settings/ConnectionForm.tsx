import { useId, useState, type FormEvent } from 'react';
import { ConnectionKind, type ConnectionView, type VaultStatus } from '../../../../shared/contract/connections.js';
import { useAttemptKey } from '../../api/use-attempt-key.js';
import { errorFor, fieldErrorsOf, NO_FIELD_ERRORS, type FieldErrors } from '../../api/field-errors.js';
import { useSaveConnection, useTestConnection } from '../../api/queries.js';
import { FormFailure } from '../../components/FormFailure.js';
import { FormField } from '../../components/FormField.js';
import {
  AUTH_TYPES_BY_KIND,
  FIELDS_BY_KIND,
  FLEET_FILE_ONLY_KINDS,
  inputFromDraft,
  SLOTS_BY_AUTH,
  timeoutProblem,
  withKind,
  type ConnectionDraft,
  type KindField,
  type SecretDraft,
  type SecretSlot,
} from './connection-form.js';
import { AUTH_LABELS, CONNECTION_KIND_LABELS, slotLabel } from './connection-labels.js';
import { SecretField } from './SecretField.js';
import { TestResult } from './TestResult.js';

interface ConnectionFormProps {
  initial: ConnectionDraft;
  /** Editing keeps the id: it is how the fleet file and the keychain refer to the connection. */
  editing: boolean;
  vault: VaultStatus | undefined;
  readOnly: boolean;
  onSaved: (connection: ConnectionView) => void;
  onCancel: () => void;
}

/** What a base URL looks like for each kind; Statuspage's and Azure Resource Manager's are the same for everyone. */
const URL_EXAMPLES: Readonly<Record<ConnectionKind, string>> = {
  prometheus: 'https://prometheus.example.net:9090',
  alertmanager: 'https://alertmanager.example.net:9093',
  datadog: 'https://api.datadoghq.com',
  elasticsearch: 'https://logs.example.net:9200',
  statuspage: 'https://api.statuspage.io',
  octopus: 'https://octopus.example.net',
  'azure-app-service': 'https://management.azure.com',
  redmine: 'https://redmine.example.net',
  servicenow: 'https://example.service-now.com',
  jira: 'https://your-site.atlassian.net',
  slack: 'https://slack.com',
  confluence: 'https://your-site.atlassian.net',
};

/** How each kind's own fields are asked for. */
const KIND_FIELDS: Readonly<Record<KindField, { label: string; hint: string }>> = {
  site: { label: 'Datadog site', hint: 'datadoghq.com, datadoghq.eu, ap1.datadoghq.com…' },
  pageId: { label: 'Statuspage page id', hint: "As in the page's manage URL: manage.statuspage.io/pages/<page id>" },
  project: { label: 'Octopus project name', hint: 'The project whose releases are deployed, as Octopus shows it' },
  space: { label: 'Space id (default Spaces-1)', hint: 'As in the Octopus URL: /app#/<space id>/…; leave empty for the default space' },
  subscriptionId: { label: 'Subscription id', hint: 'The subscription holding the sites, e.g. 34adfa4f-cedf-4dc0-ba29-b6d1a69ab345' },
  resourceGroup: { label: 'Resource group', hint: 'The resource group of the App Service sites' },
};

const SAVE_ROOTS = ['input.connection.'];
const TEST_ROOTS = ['input.target.connection.'];

export function ConnectionForm({ initial, editing, vault, readOnly, onSaved, onCancel }: ConnectionFormProps) {
  const headingId = useId();
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  const [testProblem, setTestProblem] = useState<string | null>(null);
  // The same save sent again after a lost answer keeps its key, so the core applies it once.
  const attempt = useAttemptKey();
  const save = useSaveConnection();
  const test = useTestConnection();

  function change(next: ConnectionDraft): void {
    setDraft(next);
    // A test result speaks for the draft it tested, not for this one.
    if (test.data !== undefined || testProblem !== null) {
      test.reset();
      setTestProblem(null);
    }
  }

  function failed(error: Error, roots: readonly string[], whenFieldsOnly: string): string {
    const found = fieldErrorsOf(error, roots);
    setErrors(found);
    return found.other ?? whenFieldsOnly;
  }

  function setSecret(slot: SecretSlot, secret: SecretDraft): void {
    change({ ...draft, secrets: { ...draft.secrets, [slot]: secret } });
  }

  /** The timeout is the one field the contract cannot describe well from a raw string. */
  function checkLocally(): boolean {
    const problem = timeoutProblem(draft.timeoutMs);
    if (problem === null) return true;
    setErrors({ fields: new Map([['timeoutMs', problem]]), other: null });
    setSaveProblem(null);
    setTestProblem(null);
    return false;
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (save.isPending || !checkLocally()) return;
    setErrors(NO_FIELD_ERRORS);
    setSaveProblem(null);
    const connection = inputFromDraft(draft);
    save.mutate(
      { connection, idempotencyKey: attempt.for(connection) },
      {
        onSuccess: onSaved,
        onError: (error) => setSaveProblem(failed(error, SAVE_ROOTS, 'fix the fields marked above.')),
        onSettled: (_, error) => attempt.settled(error),
      },
    );
  }

  function onTest(): void {
    if (test.isPending || !checkLocally()) return;
    setErrors(NO_FIELD_ERRORS);
    setTestProblem(null);
    test.mutate(
      { by: 'draft', connection: inputFromDraft(draft) },
      { onError: (error) => setTestProblem(failed(error, TEST_ROOTS, 'Fix the fields marked above, then test again.')) },
    );
  }

  const authTypes = AUTH_TYPES_BY_KIND[draft.kind];

  return (
    <form className="connection-form" aria-labelledby={headingId} onSubmit={onSubmit} noValidate>
      <h3 id={headingId}>{editing ? `Edit connection ${initial.id}` : 'Add connection'}</h3>
      <div className="form-grid">
        <FormField label="Kind" error={errorFor(errors, 'kind')}>
          {(props) => (
            <select
              {...props}
              value={draft.kind}
              onChange={(event) => {
                const kind = ConnectionKind.safeParse(event.target.value);
                if (kind.success) change(withKind(draft, kind.data));
              }}
            >
              {ConnectionKind.options.filter((kind) => !FLEET_FILE_ONLY_KINDS.has(kind)).map((kind) => (
                <option key={kind} value={kind}>
                  {CONNECTION_KIND_LABELS[kind]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Id" error={errorFor(errors, 'id')} hint={editing ? 'The id cannot change; add a new connection instead.' : 'Lowercase, e.g. prom-apac'}>
          {(props) => (
            <input {...props} value={draft.id} readOnly={editing} spellCheck={false} autoComplete="off" onChange={(event) => change({ ...draft, id: event.target.value })} />
          )}
        </FormField>
        <FormField label="Name" error={errorFor(errors, 'name')}>
          {(props) => <input {...props} value={draft.name} autoComplete="off" onChange={(event) => change({ ...draft, name: event.target.value })} />}
        </FormField>
        <FormField label="Base URL" error={errorFor(errors, 'baseUrl')}>
          {(props) => (
            <input
              {...props}
              className="input-url"
              type="url"
              value={draft.baseUrl}
              spellCheck={false}
              autoComplete="off"
              placeholder={URL_EXAMPLES[draft.kind]}
              onChange={(event) => change({ ...draft, baseUrl: event.target.value })}
            />
          )}
        </FormField>
        <FormField label="Timeout (ms)" error={errorFor(errors, 'timeoutMs')} hint="500 to 120000">
          {(props) => (
            <input
              {...props}
              className="input-number"
              type="number"
              inputMode="numeric"
              min={500}
              max={120_000}
              step={100}
              value={draft.timeoutMs}
              onChange={(event) => change({ ...draft, timeoutMs: event.target.value })}
            />
          )}
        </FormField>
        {FIELDS_BY_KIND[draft.kind].map((field) => (
          <FormField key={field} label={KIND_FIELDS[field].label} error={errorFor(errors, field)} hint={KIND_FIELDS[field].hint}>
            {(props) => <input {...props} value={draft[field]} spellCheck={false} autoComplete="off" onChange={(event) => change({ ...draft, [field]: event.target.value })} />}
          </FormField>
        ))}
        <FormField label="Authentication" error={errorFor(errors, 'auth.type')}>
          {(props) => (
            <select
              {...props}
              value={draft.authType}
              onChange={(event) => {
                const chosen = authTypes.find((type) => type === event.target.value);
                if (chosen !== undefined) change({ ...draft, authType: chosen });
              }}
            >
              {authTypes.map((type) => (
                <option key={type} value={type}>
                  {AUTH_LABELS[type]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {draft.authType === 'basic' && (
          <FormField label="User name" error={errorFor(errors, 'auth.username')}>
            {(props) => <input {...props} value={draft.username} autoComplete="off" onChange={(event) => change({ ...draft, username: event.target.value })} />}
          </FormField>
        )}
        {draft.authType === 'entra' && (
          <>
            <FormField label="Directory (tenant) id" error={errorFor(errors, 'auth.tenantId')} hint="The app registration's Overview page shows it">
              {(props) => <input {...props} value={draft.tenantId} spellCheck={false} autoComplete="off" onChange={(event) => change({ ...draft, tenantId: event.target.value })} />}
            </FormField>
            <FormField label="Application (client) id" error={errorFor(errors, 'auth.clientId')}>
              {(props) => <input {...props} value={draft.clientId} spellCheck={false} autoComplete="off" onChange={(event) => change({ ...draft, clientId: event.target.value })} />}
            </FormField>
            <FormField label="Authority" error={errorFor(errors, 'auth.authority')} hint="Where tokens are issued; change it only for a national cloud">
              {(props) => (
                <input
                  {...props}
                  className="input-url"
                  type="url"
                  value={draft.authority}
                  spellCheck={false}
                  autoComplete="off"
                  onChange={(event) => change({ ...draft, authority: event.target.value })}
                />
              )}
            </FormField>
          </>
        )}
      </div>
      {SLOTS_BY_AUTH[draft.authType].map((slot) => (
        <SecretField
          key={slot}
          label={slotLabel(draft.authType, slot)}
          draft={draft.secrets[slot]}
          vault={vault}
          error={errorFor(errors, `auth.${slot}`)}
          onChange={(secret) => setSecret(slot, secret)}
        />
      ))}

      {saveProblem !== null && <FormFailure what="The connection was not saved" reason={saveProblem} />}
      <TestResult pending={test.isPending} result={test.data} problem={testProblem} />
      {readOnly && <p className="muted">Watchfloor runs read-only: connections cannot be saved.</p>}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={readOnly || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save connection'}
        </button>
        <button type="button" onClick={onTest} disabled={test.isPending}>
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
