import { expect, test } from '@playwright/test';
import { hostForFile, type RunningHost } from './browser-host.js';
import { SCREENS } from './reachable.js';
import { FROZEN_AT, injectStillFaults, openStillView, STILL_FLEET_ARGS, STILL_VIEWS, stillViewTitle, THEMES } from './still-console.js';

/**
 * Visual regression (issue 14): every view in both themes on the laptop and the NOC monitor,
 * compared with the reviewed baselines in screens.spec.ts-snapshots/. Time stands still on both
 * sides (the core's clock and the page's), the fleet is a fixed seed taking no new readings, and
 * animations and the caret are off, so a difference is a change to the layout. After an intended
 * change: `npx playwright test tests/e2e/screens.spec.ts --update-snapshots`, look at every image
 * that changed, and commit them as their own reviewed commit.
 */
let host: RunningHost;

hostForFile(STILL_FLEET_ARGS, (started) => (host = started), { frozenAt: FROZEN_AT });

test.beforeAll(async () => {
  await injectStillFaults(host);
});

test.use({ timezoneId: 'UTC', locale: 'en-GB' });

for (const theme of THEMES) {
  for (const screen of SCREENS) {
    for (const view of STILL_VIEWS) {
      test(`${stillViewTitle(view)}, ${theme} theme, ${screen.width}×${screen.height}`, async ({ page }) => {
        await page.setViewportSize(screen);
        await openStillView(page, host, view, theme);
        // Settings and the calendar name files in this run's temporary data dir (a new name each run, always as long).
        await expect(page).toHaveScreenshot(`${view}-${theme}-${screen.width}x${screen.height}.png`, { mask: [page.locator('code', { hasText: host.dataDir })] });
      });
    }
  }
}
