import type { FleetSnapshot } from '../../../../shared/contract/index.js';
import { useFleetSnapshot, useSystemInfo } from '../../api/queries.js';
import { DefinitionProblemList, problemSummary } from '../../components/DefinitionProblemList.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatAbsolute } from '../../time/format.js';
import { ConnectionsSection } from './ConnectionsSection.js';
import { OperatorForm } from './OperatorForm.js';
import { useOperatorProfile } from './operator-queries.js';
import { SourcesTable } from './SourcesTable.js';
import { ThemeSetting } from './ThemeSetting.js';

const selectSources = (snapshot: FleetSnapshot) => snapshot.sources;

export function SettingsView() {
  const info = useSystemInfo();
  const sources = useFleetSnapshot(selectSources);
  const definition = info.data?.definition;
  const operator = useOperatorProfile();

  return (
    <section className="view view-settings">
      <h1 tabIndex={-1}>Settings</h1>

      <section className="settings-section">
        <h2>Display</h2>
        <ThemeSetting />
      </section>

      <section className="settings-section">
        <h2>Operator</h2>
        <p className="muted">Who is at this console: the audit trail names you on everything done from here.</p>
        {operator.isError && <ErrorAlert title="The operator profile could not be loaded." error={operator.error} onRetry={() => void operator.refetch()} />}
        {operator.data !== undefined && <OperatorForm initial={operator.data} />}
      </section>

      <ConnectionsSection />

      <section className="settings-section">
        <h2>Core</h2>
        {info.isError && <ErrorAlert title="System information could not be loaded." error={info.error} onRetry={() => void info.refetch()} />}
        {info.data !== undefined && (
          <dl className="facts">
            <dt>Product</dt>
            <dd>{info.data.product}</dd>
            <dt>Version</dt>
            <dd>{info.data.version}</dd>
            <dt>Mode</dt>
            <dd>{info.data.readOnly ? 'Read-only: commands are turned off' : 'Read-write'}</dd>
            <dt>Core started</dt>
            <dd>{formatAbsolute(info.data.startedAt)}</dd>
            <dt>Store</dt>
            <dd>
              <code>{info.data.store.file}</code>
              {info.data.store.replaced && <> (new since {formatAbsolute(info.data.store.replaced.at)}: the damaged one is kept as <code>{info.data.store.replaced.keptAs}</code>)</>}
            </dd>
          </dl>
        )}
      </section>

      <section className="settings-section">
        <h2>Fleet definition</h2>
        {definition !== undefined && (
          <>
            <dl className="facts">
              <dt>Source</dt>
              <dd>
                {definition.source === 'embedded-sandbox' ? 'Embedded sandbox fleet' : 'File'}
                {definition.file !== null && (
                  <>
                    {' '}
                    <code>{definition.file}</code>
                  </>
                )}
              </dd>
              <dt>Loaded</dt>
              <dd>{formatAbsolute(definition.loadedAt)}</dd>
              <dt>Problems</dt>
              <dd>{definition.problems.length === 0 ? 'None' : problemSummary(definition.problems.length)}</dd>
            </dl>
            {definition.problems.length > 0 && <DefinitionProblemList problems={definition.problems} />}
          </>
        )}
      </section>

      <section className="settings-section">
        <h2>Sources</h2>
        {sources.isError && <ErrorAlert title="Sources could not be loaded." error={sources.error} onRetry={() => void sources.refetch()} />}
        {sources.data !== undefined && <SourcesTable sources={sources.data} />}
      </section>
    </section>
  );
}
