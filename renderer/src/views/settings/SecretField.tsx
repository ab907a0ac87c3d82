import { useId } from 'react';
import type { VaultStatus } from '../../../../shared/contract/connections.js';
import type { SecretDraft, SecretStore } from './connection-form.js';

interface SecretFieldProps {
  /** What the secret is called for this backend (Datadog's and Octopus's API keys share a slot). */
  label: string;
  draft: SecretDraft;
  vault: VaultStatus | undefined;
  error: string | undefined;
  onChange: (draft: SecretDraft) => void;
}

const STORE_LABELS: Readonly<Record<SecretStore, string>> = { keychain: 'OS keychain', env: 'Environment variable' };

/**
 * A secret is typed into a password box and goes to the OS keychain, or it names an environment
 * variable the core reads. Editing shows nothing of the stored value; an empty box keeps it. The box
 * is uncontrolled: React mirrors a controlled value into the `value` attribute, and a secret must
 * not sit in the DOM's markup.
 */
export function SecretField({ label, draft, vault, error, onChange }: SecretFieldProps) {
  const ids = { store: useId(), value: useId(), note: useId(), error: useId() };
  const keychainUnusable = vault !== undefined && !vault.available;
  const vaultProblem = draft.store === 'keychain' && keychainUnusable;
  // Why the keychain cannot be used is said once, in the section's banner; the field points to it.
  const note = vaultProblem
    ? 'The OS keychain cannot be used (the reason is given above): name an environment variable instead.'
    : draft.store === 'keychain' && draft.stored
      ? 'A secret is stored in the keychain; type a new one to replace it.'
      : null;
  const describedBy = [note === null ? null : ids.note, error === undefined ? null : ids.error].filter((id) => id !== null).join(' ') || undefined;
  return (
    <fieldset className="secret-field">
      <legend>{label}</legend>
      <div className="form-row">
        <div className="field">
          <label htmlFor={ids.store}>{label} stored in</label>
          <select
            id={ids.store}
            value={draft.store}
            onChange={(event) => onChange({ ...draft, store: event.target.value === 'env' ? 'env' : 'keychain' })}
          >
            {(['keychain', 'env'] as const).map((store) => (
              <option key={store} value={store}>
                {store === 'keychain' && keychainUnusable ? `${STORE_LABELS[store]} (cannot be used)` : STORE_LABELS[store]}
              </option>
            ))}
          </select>
        </div>
        {draft.store === 'keychain' ? (
          <div className="field field-grow">
            <label htmlFor={ids.value}>{label}</label>
            <input
              id={ids.value}
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              placeholder={draft.stored ? 'Leave empty to keep the stored secret' : ''}
              aria-invalid={error !== undefined}
              aria-describedby={describedBy}
              onChange={(event) => onChange({ ...draft, value: event.target.value })}
            />
          </div>
        ) : (
          <div className="field field-grow">
            <label htmlFor={ids.value}>{label} variable</label>
            <input
              id={ids.value}
              type="text"
              spellCheck={false}
              autoComplete="off"
              value={draft.variable}
              placeholder="WATCHFLOOR_PROM_TOKEN"
              aria-invalid={error !== undefined}
              aria-describedby={error === undefined ? undefined : ids.error}
              onChange={(event) => onChange({ ...draft, variable: event.target.value })}
            />
          </div>
        )}
      </div>
      {note !== null && (
        <p id={ids.note} className={vaultProblem ? 'field-error' : 'muted'}>
          {note}
        </p>
      )}
      {error !== undefined && (
        <p id={ids.error} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
