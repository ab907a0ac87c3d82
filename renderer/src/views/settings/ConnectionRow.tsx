import type { ConnectionAuthView, ConnectionView } from '../../../../shared/contract/connections.js';
import { describeFailure } from '../../api/call.js';
import { useTestConnection } from '../../api/queries.js';
import { Age } from '../../components/Age.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatCount } from '../../time/format.js';
import { secretsOf } from './connection-form.js';
import { CONNECTION_KIND_LABELS, HEALTH_STATE_LABELS, HEALTH_STATE_STATUS, secretText } from './connection-labels.js';
import { TestResult } from './TestResult.js';

export const CONNECTION_COLUMNS = 7;

/** The space an Octopus connection without one deploys in, as the fleet file's schema defaults it. */
const DEFAULT_OCTOPUS_SPACE = 'Spaces-1';

function authSummary(auth: ConnectionAuthView): string {
  switch (auth.type) {
    case 'none':
      return 'No authentication';
    case 'basic':
      return `Basic, user ${auth.username}`;
    case 'bearer':
      return 'Bearer token';
    case 'api-key':
      return 'API key';
    case 'datadog':
      return 'Datadog API and application keys';
    case 'oauth-key':
      return 'Statuspage API key';
    case 'octopus':
      return 'Octopus API key';
    case 'redmine':
      return 'Redmine API key';
    case 'entra':
      return `Entra ID, tenant ${auth.tenantId}, client ${auth.clientId}`;
  }
}

interface ConnectionRowProps {
  connection: ConnectionView;
  now: number;
  readOnly: boolean;
  onEdit: (connection: ConnectionView) => void;
  onRemove: (connection: ConnectionView) => void;
}

export function ConnectionRow({ connection, now, readOnly, onEdit, onRemove }: ConnectionRowProps) {
  const test = useTestConnection();
  const { health } = connection;
  const fromFile = connection.origin === 'fleet-file';
  const tested = test.isPending || test.data !== undefined || test.isError;
  return (
    <>
      <tr data-connection-id={connection.id}>
        <th scope="row" className="cell-stack">
          <span className="connection-name">{connection.name}</span>
          <code className="muted">{connection.id}</code>
        </th>
        <td>{CONNECTION_KIND_LABELS[connection.kind]}</td>
        <td className="connection-url cell-stack">
          <code title={connection.baseUrl}>{connection.baseUrl}</code>
          {connection.site !== undefined && <span className="muted">site {connection.site}</span>}
          {connection.pageId !== undefined && <span className="muted">page {connection.pageId}</span>}
          {connection.project !== undefined && (
            <span className="muted">
              project {connection.project} · space {connection.space ?? DEFAULT_OCTOPUS_SPACE}
            </span>
          )}
          {connection.subscriptionId !== undefined && (
            <span className="muted">
              subscription {connection.subscriptionId} · resource group {connection.resourceGroup}
            </span>
          )}
        </td>
        <td className="cell-stack">
          {fromFile ? (
            <>
              <span>Fleet file</span>
              <span className="muted">read-only</span>
            </>
          ) : (
            'Settings'
          )}
        </td>
        <td className="cell-stack">
          <span>{authSummary(connection.auth)}</span>
          {Object.values(secretsOf(connection.auth)).map((secret) => (
            <span key={`${secret.store}:${secret.reference}`} className={`secret-ref ${secret.present ? 'is-set' : 'is-missing'}`}>
              {secretText(secret)}
            </span>
          ))}
        </td>
        <td className="cell-stack connection-state">
          <StatusBadge status={HEALTH_STATE_STATUS[health.state]} label={HEALTH_STATE_LABELS[health.state]} />
          <span className="muted connection-timing">
            <Age at={health.lastSuccessAt} now={now} prefix="last success" />
            {health.latencyMs !== null && ` · ${formatCount(Math.round(health.latencyMs))} ms`}
          </span>
          {health.lastError !== null && <span className="connection-error">{health.lastError}</span>}
        </td>
        <td className="connection-actions">
          <button
            type="button"
            aria-label={`Test ${connection.name}`}
            disabled={test.isPending}
            onClick={() => test.mutate({ by: 'id', id: connection.id })}
          >
            Test
          </button>
          {!fromFile && (
            <>
              <button type="button" aria-label={`Edit ${connection.name}`} disabled={readOnly} onClick={() => onEdit(connection)}>
                Edit
              </button>
              <button type="button" aria-label={`Remove ${connection.name}`} disabled={readOnly} onClick={() => onRemove(connection)}>
                Remove
              </button>
            </>
          )}
        </td>
      </tr>
      {tested && (
        <tr className="connection-test-row">
          <td colSpan={CONNECTION_COLUMNS}>
            <TestResult pending={test.isPending} result={test.data} problem={test.isError ? describeFailure(test.error) : null} />
          </td>
        </tr>
      )}
    </>
  );
}
