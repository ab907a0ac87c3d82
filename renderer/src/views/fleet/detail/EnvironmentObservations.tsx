import { EnvironmentAlerts } from './EnvironmentAlerts.js';
import { MetricHistorySection } from './MetricHistorySection.js';
import { RecentLogsSection } from './RecentLogsSection.js';

/** What the backends say about an environment beyond its checks: its alerts, a metric's history, its error logs. */
export function EnvironmentObservations({ environmentId }: { environmentId: string }) {
  return (
    <>
      <EnvironmentAlerts environmentId={environmentId} />
      <MetricHistorySection environmentId={environmentId} />
      <RecentLogsSection environmentId={environmentId} />
    </>
  );
}
