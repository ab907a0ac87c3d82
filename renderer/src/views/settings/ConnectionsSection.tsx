import { useId, useState } from 'react';
import type { ConnectionView } from '../../../../shared/contract/connections.js';
import { useConnections, useSystemInfo } from '../../api/queries.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { useNow } from '../../time/clock.js';
import { draftFromView, emptyDraft } from './connection-form.js';
import { ConnectionForm } from './ConnectionForm.js';
import { ConnectionRow } from './ConnectionRow.js';
import { RemoveConnectionDialog } from './RemoveConnectionDialog.js';
import { ActionsHeader } from '../../components/ActionsHeader.js';

type FormState = { mode: 'add' } | { mode: 'edit'; connection: ConnectionView } | null;

export function ConnectionsSection() {
  const headingId = useId();
  const now = useNow();
  const connections = useConnections();
  const readOnly = useSystemInfo().data?.readOnly ?? false;
  const [form, setForm] = useState<FormState>(null);
  const [removing, setRemoving] = useState<ConnectionView | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const vault = connections.data?.vault;
  const list = connections.data?.connections;

  return (
    <section className="settings-section connections-section" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>Connections</h2>
        <button
          type="button"
          disabled={readOnly || form?.mode === 'add'}
          onClick={() => {
            setForm({ mode: 'add' });
            setOutcome(null);
          }}
        >
          Add connection
        </button>
      </div>
      <p className="muted">
        Monitoring backends Watchfloor reads. Secrets stay in the core: in the OS keychain, or in an environment variable a connection names.
      </p>
      {vault !== undefined && !vault.available && (
        <div className="banner banner-warning vault-banner" role="alert">
          <p className="banner-title">The OS keychain ({vault.backend}) cannot be used: secrets can only be named as environment variables.</p>
          <p>{vault.problem ?? 'No reason was given.'}</p>
        </div>
      )}
      {connections.isError && <ErrorAlert title="Connections could not be loaded." error={connections.error} onRetry={() => void connections.refetch()} />}
      {connections.isPending && (
        <p className="muted" role="status">
          Loading connections…
        </p>
      )}
      <p className="connections-outcome" role="status">
        {outcome !== null && (
          <>
            <StatusIcon status="ok" /> {outcome}
          </>
        )}
      </p>
      {list !== undefined &&
        (list.length === 0 ? (
          <p className="muted">No connection yet: the fleet runs on its simulated sources until one is added here or in the fleet file.</p>
        ) : (
          <table className="data-table connections-table">
            <thead>
              <tr>
                <th scope="col">Connection</th>
                <th scope="col">Kind</th>
                <th scope="col">Base URL</th>
                <th scope="col">Origin</th>
                <th scope="col">Credentials</th>
                <th scope="col">State and last error</th>
                <ActionsHeader />
              </tr>
            </thead>
            <tbody>
              {list.map((connection) => (
                <ConnectionRow
                  key={connection.id}
                  connection={connection}
                  now={now}
                  readOnly={readOnly}
                  onEdit={(chosen) => {
                    setForm({ mode: 'edit', connection: chosen });
                    setOutcome(null);
                  }}
                  onRemove={setRemoving}
                />
              ))}
            </tbody>
          </table>
        ))}
      {form !== null && (
        <ConnectionForm
          key={form.mode === 'edit' ? `edit:${form.connection.id}` : 'add'}
          initial={form.mode === 'edit' ? draftFromView(form.connection) : emptyDraft(vault?.available !== false)}
          editing={form.mode === 'edit'}
          vault={vault}
          readOnly={readOnly}
          onSaved={(saved) => {
            setForm(null);
            setOutcome(`Saved connection ${saved.name} (${saved.id}).`);
          }}
          onCancel={() => setForm(null)}
        />
      )}
      {removing !== null && (
        <RemoveConnectionDialog
          connection={removing}
          onClose={() => setRemoving(null)}
          onRemoved={(id) => {
            setRemoving(null);
            setOutcome(`Removed connection ${id}.`);
          }}
        />
      )}
    </section>
  );
}
