import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../main/core/connectors/capabilities.js';
import { PrometheusApi } from '../../main/core/connectors/prometheus/prometheus-api.js';
import { PrometheusConnector } from '../../main/core/connectors/prometheus/prometheus-connector.js';
import { systemClock } from '../../main/core/clock.js';
import { createCheckRunner } from '../../main/core/deploys/checks/run-checks.js';
import { PostDeployCheck, type PostDeployCheck as Check } from '../../shared/fleet-definition/deploys.js';
import { PrometheusBackend } from '../../shared/fleet-definition/schema.js';
import { backendClient } from '../support/backend-clients.js';
import { eventually, startPromStack, type PromStack } from '../support/prom-stack.js';

/**
 * A post-deploy metric check against the real Prometheus, scraping a metric the test sets
 * through node_exporter's textfile collector, through the Prometheus connector itself.
 */

let stack: PromStack;
let prometheus: Connector;
let api: PrometheusApi;

beforeAll(async () => {
  stack = await startPromStack();
  const backend = PrometheusBackend.parse({ id: 'prom', kind: 'prometheus', url: stack.prometheusUrl });
  api = new PrometheusApi(backendClient(backend, { type: 'none' }), 'Prometheus "prom"');
  prometheus = new PrometheusConnector(backend, backendClient(backend, { type: 'none' }), systemClock, () => undefined);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

function setErrorRatio(value: number): void {
  stack.writeTextfile('deploy', `watchfloor_error_ratio{environment="acme-prod"} ${value}\nwatchfloor_error_ratio{environment="brit-prod"} 0.9\n`);
}

async function scraped(value: number): Promise<void> {
  await eventually(`error ratio ${value} scraped`, async () => {
    const series = await api.instant('watchfloor_error_ratio{environment="acme-prod"}', AbortSignal.timeout(2000));
    return series[0]?.value[1] === value ? true : undefined;
  });
}

const check: Check = PostDeployCheck.parse({ type: 'metric', name: 'error ratio', from: 'prom', query: 'watchfloor_error_ratio{environment="{environment}"}', below: 0.05 });

function runCheck() {
  const run = createCheckRunner({ connector: (id) => (id === 'prom' ? prometheus : undefined), now: () => Date.now() });
  return run({ environmentId: 'acme-prod', version: '2026.11.2', slot: 'production', checks: [check], signal: AbortSignal.timeout(10_000) });
}

describe('a post-deploy metric check against Prometheus', () => {
  it('passes while the environment\'s series is within bounds and fails, with the value, once it is not', async () => {
    setErrorRatio(0.01);
    await scraped(0.01);
    const [green] = await runCheck();
    // Only acme-prod's series is read: brit-prod's 0.9 would fail the bound.
    expect(green).toMatchObject({ name: 'error ratio', type: 'metric', state: 'passed', detail: '1 series within below 0.05 (from 0.01 to 0.01)' });

    setErrorRatio(0.25);
    await scraped(0.25);
    const [red] = await runCheck();
    expect(red?.state).toBe('failed');
    expect(red?.detail).toMatch(/^1 of 1 series outside below 0\.05: \{.*environment="acme-prod".*\} = 0\.25$/);
  }, 60_000);
});
