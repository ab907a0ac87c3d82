import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { DRILL, startPromStack, type PromStack } from '../support/prom-stack.js';
import { removeDir, startBrowserHost, type RunningHost } from './browser-host.js';

/**
 * The console against the real Debian monitoring stack: node_exporter measures, Prometheus
 * scrapes and fires a rule, Alertmanager holds the alert and the silence the operator makes.
 */

let stack: PromStack;
let host: RunningHost;
let dir: string;

function fleetFile(stack: PromStack): string {
  return `version: 1
name: Real monitoring drill
backends:
  - id: prom
    kind: prometheus
    name: Prometheus
    url: "${stack.prometheusUrl}"
    pollMs: 1000
    # CPU and disk I/O of a busy test machine swing past their limits on their own; here
    # they read a gauge the test sets. Memory, disk, network and availability stay real.
    queries:
      cpu: 'max by ($instance) (watchfloor_e2e_cpu_percent{$hosts})'
      io: 'max by ($instance) (watchfloor_e2e_io_percent{$hosts})'
  - { id: am, kind: alertmanager, name: Alertmanager, url: "${stack.alertmanagerUrl}", pollMs: 1000 }
regions:
  - id: apac
    name: APAC
    timeZone: Australia/Sydney
    residency: AU
    sites:
      - { id: apac-syd, name: Sydney primary, role: primary }
tenants:
  - id: acme
    name: Acme Retail
    region: apac
    environments:
      - id: acme-prod
        kind: production
        site: apac-syd
        watchedBy: prom
        hosts: [{ name: acme-web1, role: web, instance: "${stack.nodeInstance}" }]
        watch: { alertsFrom: [am] }
      - id: acme-uat
        kind: uat
        site: apac-syd
        watchedBy: prom
        hosts: [{ name: acme-uat-web1, role: web, instance: "${stack.nodeInstance}" }]
        watch: { alertsFrom: [am] }
`;
}

test.beforeAll(async () => {
  stack = await startPromStack();
  stack.writeTextfile('load', 'watchfloor_e2e_cpu_percent 20\nwatchfloor_e2e_io_percent 5\n');
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-monitoring-'));
  const file = join(dir, 'fleet.yaml');
  writeFileSync(file, fleetFile(stack));
  host = await startBrowserHost(['--fleet', file], join(dir, 'data'));
});

test.afterAll(async () => {
  await host?.stop();
  await stack?.stop();
  if (dir) removeDir(dir);
});

interface AlertmanagerSilence {
  id: string;
  status: { state: string };
  comment: string;
  matchers: Array<{ name: string; value: string }>;
}

async function silencesInAlertmanager(): Promise<AlertmanagerSilence[]> {
  const response = await fetch(`${stack.alertmanagerUrl}/api/v2/silences`);
  expect(response.status).toBe(200);
  return (await response.json()) as AlertmanagerSilence[];
}

test('a rule fires, the environment turns critical; a silence made in the console is held by Alertmanager and puts it in maintenance', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
  const prod = page.locator('[role="row"][data-env-id="acme-prod"]');
  const uat = page.locator('[role="row"][data-env-id="acme-uat"]');
  const prodStatus = prod.locator('[data-status]');
  const uatStatus = uat.locator('[data-status]');

  // Real measurements from node_exporter arrive: no longer "no data yet".
  await expect(prodStatus).toHaveAttribute('data-status', /^(ok|warning)$/, { timeout: 30_000 });
  await expect(uatStatus).toHaveAttribute('data-status', /^(ok|warning)$/);

  stack.setDrill('acme-prod', true);
  await expect(prodStatus).toHaveAttribute('data-status', 'critical', { timeout: 30_000 });
  await expect(prod).toContainText('Drill failing on acme-prod');
  // The alert is labelled for acme-prod only; its sibling on the same host is not touched.
  await expect(uatStatus).not.toHaveAttribute('data-status', 'critical');
  await page.screenshot({ path: 'test-results/monitoring-critical.png' });

  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('link', { name: 'Alerts' }).click();
  const feed = page.getByRole('table', { name: 'Alert feed' });
  const row = feed.getByRole('row').filter({ hasText: 'acme-prod' }).filter({ hasText: DRILL.alertname });
  await expect(row).toContainText('Critical');
  await expect(row.getByRole('link', { name: /Runbook for/ })).toHaveAttribute('href', DRILL.runbookUrl);

  await row.getByRole('button', { name: /^Silence / }).click();
  const dialog = page.getByRole('dialog', { name: /^Silence / });
  await expect(dialog.getByLabel('Matcher 1 value')).toHaveValue('acme-prod');
  await dialog.getByRole('button', { name: 'Remove matcher 2' }).click();
  await dialog.getByLabel('Duration').selectOption({ label: '1 h' });
  await dialog.getByLabel('Reason (required)').fill('Drill: patching acme-prod');
  await dialog.getByRole('button', { name: 'Create silence' }).click();
  await expect(dialog).toHaveCount(0);

  // Alertmanager itself holds the silence, as the console sent it: the reason, then the command's marker that a retry looks for.
  await expect
    .poll(async () =>
      (await silencesInAlertmanager())
        .filter((silence) => silence.status.state === 'active' && /^Drill: patching acme-prod \[watchfloor:command:[\w-]+\]$/.test(silence.comment))
        .map((silence) => silence.matchers.map((matcher) => `${matcher.name}=${matcher.value}`).join(',')),
    )
    .toEqual(['environment=acme-prod']);
  await expect(row).toContainText('Silenced');

  await nav.getByRole('link', { name: 'Fleet' }).click();
  await expect(prodStatus).toHaveAttribute('data-status', 'maintenance', { timeout: 30_000 });
  await expect(prod).toContainText('Maintenance');
  await page.screenshot({ path: 'test-results/monitoring-maintenance.png' });
});
