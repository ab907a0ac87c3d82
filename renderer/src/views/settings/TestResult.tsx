import type { ConnectionTestResult } from '../../../../shared/contract/connections.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatCount } from '../../time/format.js';
import { FAILURE_LABELS } from './connection-labels.js';

interface TestResultProps {
  pending: boolean;
  result: ConnectionTestResult | undefined;
  /** Why the test could not run at all (an invalid draft, the core away), as opposed to the backend failing it. */
  problem: string | null;
}

function latency(ms: number | null): string {
  return ms === null ? '' : ` in ${formatCount(Math.round(ms))} ms`;
}

/** Reachability, version and latency, or the exact kind of failure and its message. */
export function TestResult({ pending, result, problem }: TestResultProps) {
  return (
    <div className="test-result" role="status">
      {pending && <span className="muted">Testing…</span>}
      {!pending && problem !== null && (
        <>
          <StatusBadge status="unknown" label="Not tested" />
          <span>{problem}</span>
        </>
      )}
      {!pending && result !== undefined && result.ok && (
        <>
          <StatusBadge status="ok" label="Reachable" />
          <span>
            {result.version ?? 'Version not reported'}
            {latency(result.latencyMs)}
          </span>
          {result.message !== '' && <span className="muted">{result.message}</span>}
        </>
      )}
      {!pending && result !== undefined && !result.ok && (
        <>
          <StatusBadge status="critical" label={result.failure === null ? 'Failed' : FAILURE_LABELS[result.failure]} />
          <span className="test-message">
            {result.message}
            {latency(result.latencyMs)}
          </span>
        </>
      )}
    </div>
  );
}
