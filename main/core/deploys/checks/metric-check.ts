import type { CheckResult } from '../../../../shared/contract/deploys.js';
import type { PostDeployCheck } from '../../../../shared/fleet-definition/deploys.js';
import type { Connector, MetricSample } from '../../connectors/capabilities.js';
import { abortedDetail, checkName } from './check-name.js';

type MetricCheck = Extract<PostDeployCheck, { type: 'metric' }>;

/** A metric query has no time limit of its own in the fleet file; this one keeps a hung backend from holding the deploy. */
export const METRIC_TIMEOUT_MS = 15_000;

function bounds(check: MetricCheck): string {
  const parts: string[] = [];
  if (check.above !== undefined) parts.push(`above ${check.above}`);
  if (check.below !== undefined) parts.push(`below ${check.below}`);
  return parts.length > 0 ? parts.join(' and ') : 'any value';
}

function within(check: MetricCheck, value: number): boolean {
  if (Number.isNaN(value)) return false;
  return (check.below === undefined || value < check.below) && (check.above === undefined || value > check.above);
}

function seriesName(sample: MetricSample): string {
  const labels = Object.entries(sample.labels).filter(([name]) => name !== '__name__');
  return labels.length === 0 ? '{}' : `{${labels.map(([name, value]) => `${name}="${value}"`).join(', ')}}`;
}

/**
 * A metric query through the backend named in `from`, `{environment}` replaced by the
 * environment id: every series of the answer must lie within the bounds. A sandbox answers
 * from its simulation, slot by slot; a query engine reads the environment as a whole, so its
 * checks run on production only.
 */
export async function runMetricCheck(
  check: MetricCheck,
  request: { environmentId: string; slot: 'production' | 'staging'; signal: AbortSignal },
  connector: Connector | undefined,
  now: () => number,
): Promise<CheckResult> {
  const { environmentId, slot, signal } = request;
  const result = (state: CheckResult['state'], detail: string): CheckResult => ({ name: checkName(check), type: 'metric', slot, state, detail, at: now() });
  if (!connector) return result('failed', `backend "${check.from}" is not connected, so the query cannot run`);
  if (connector.deployFaults) {
    const seen = connector.deployFaults.verification(environmentId, slot);
    return seen === 'ok'
      ? result('passed', `${connector.name} reports ${environmentId} (${slot}) within bounds (${bounds(check)})`)
      : result('failed', `${connector.name} reports ${environmentId} (${slot}) failing verification: outside ${bounds(check)}`);
  }
  if (!connector.checks) return result('failed', `backend "${check.from}" (${connector.kind}) cannot answer metric queries`);
  if (slot === 'staging') return result('skipped', 'a metric query reads the environment as a whole, not its staging slot; it runs after the swap');
  const query = check.query.replaceAll('{environment}', environmentId);
  let samples: MetricSample[];
  try {
    samples = await connector.checks.metric(query, AbortSignal.any([signal, AbortSignal.timeout(METRIC_TIMEOUT_MS)]));
  } catch (error) {
    if (signal.aborted || (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))) {
      return result('failed', abortedDetail(`${connector.name} query ${query}`, METRIC_TIMEOUT_MS, signal));
    }
    return result('failed', `${connector.name} query ${query} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (samples.length === 0) return result('failed', `${connector.name} query ${query} returned no series, so nothing shows the environment is well`);
  const outside = samples.filter((sample) => !within(check, sample.value));
  if (outside.length > 0) {
    const shown = outside.slice(0, 3).map((sample) => `${seriesName(sample)} = ${sample.value}`).join(', ');
    return result('failed', `${outside.length} of ${samples.length} series outside ${bounds(check)}: ${shown}${outside.length > 3 ? ', …' : ''}`);
  }
  const values = samples.map((sample) => sample.value);
  return result('passed', `${samples.length} series within ${bounds(check)} (from ${Math.min(...values)} to ${Math.max(...values)})`);
}
