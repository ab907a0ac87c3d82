import { expect, type Page } from '@playwright/test';
import type { FleetSnapshot } from '../../shared/contract/index.js';
import { VIEW_TITLES, type ViewId } from '../../shared/routes/views.js';
import type { RunningHost } from './browser-host.js';

/** 3 a.m. UTC on a Tuesday: the instant the core's clock and the page's clock both hold. */
export const FROZEN_AT = '2026-12-08T03:00:00Z';

/** The simulated fleet every still screen shows: a fixed seed and size. */
export const STILL_FLEET_ARGS = ['--seed', '7', '--size', '300'];

export const THEMES = ['dark', 'light'] as const;
export type ThemeName = (typeof THEMES)[number];

/** The views issue 14 names, in the navigation's order, and the NOC wall. */
export const STILL_VIEWS: ReadonlyArray<ViewId | 'wall'> = ['fleet', 'alerts', 'incidents', 'calendar', 'deploys', 'settings', 'audit', 'wall'];

export function stillViewTitle(view: ViewId | 'wall'): string {
  return view === 'wall' ? 'Wall' : VIEW_TITLES[view];
}

const CHECKS = ['disk', 'memory', 'cpu', 'app-response'] as const;

/**
 * Puts faults on nine production environments (critical and warning in turn; production is never
 * decommissioned, so each has its servers), so screens show statuses other than OK and alerts
 * fire. With the fleet held still they last as long as the host does.
 */
export async function injectStillFaults(host: RunningHost): Promise<void> {
  const snapshot = (await host.call('fleet.snapshot', {})).value as FleetSnapshot;
  const { environments } = snapshot;
  const production = environments.id.filter((_, index) => environments.profiles[environments.profile[index] ?? -1]?.kind === 'production');
  const ids = production.filter((_, index) => index % 12 === 3).slice(0, 9);
  for (const [index, environmentId] of ids.entries()) {
    const fault = await host.call('sandbox.injectFault', {
      environmentId,
      check: CHECKS[index % CHECKS.length],
      severity: index % 2 === 0 ? 'critical' : 'warning',
      durationSeconds: 3_600,
      idempotencyKey: `still-fault-${environmentId}`,
    });
    if (!fault.ok) throw new Error(`sandbox.injectFault on ${environmentId} failed: ${JSON.stringify(fault.error)}`);
  }
  // Every fault raises its alert on the alert source's next read; the screens start once all have.
  await expect
    .poll(async () => ((await host.call('alerts.list', {})).value as { alerts: unknown[] }).alerts.length, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(ids.length);
}

/** Opens one view in one theme with the page's clock held at FROZEN_AT, and waits until nothing on it is still loading. */
export async function openStillView(page: Page, host: RunningHost, view: ViewId | 'wall', theme: ThemeName): Promise<void> {
  await page.clock.setFixedTime(FROZEN_AT);
  await page.addInitScript(`localStorage.setItem('watchfloor.theme', '${theme}')`);
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
  if (view !== 'fleet') {
    await page.goto(`${host.origin}/#/${view}`);
    await expect(page.getByRole('heading', { level: 1, name: view === 'wall' ? 'Simulated fleet' : VIEW_TITLES[view] })).toBeVisible();
  }
  await expect(page.getByText(/Loading|Connecting to the Watchfloor core/)).toHaveCount(0);
  // The nav's alert badge reads 0 until the feed has arrived: wait for the count the core holds.
  const feed = (await host.call('alerts.list', {})).value as { alerts: unknown[] };
  if (view !== 'wall') {
    await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: /Alerts/ })).toContainText(new RegExp(`\\b${feed.alerts.length}\\b`));
  }
}
