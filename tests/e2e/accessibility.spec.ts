import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { hostForFile, type RunningHost } from './browser-host.js';
import { FROZEN_AT, injectStillFaults, openStillView, STILL_FLEET_ARGS, STILL_VIEWS, stillViewTitle, THEMES } from './still-console.js';

/**
 * Accessibility (issue 14): axe-core's WCAG 2.1 A and AA rules on every view in both themes,
 * on the same still console as the screenshots (faults firing, so the alarming colours are on
 * screen). A serious or critical violation fails with the rule, what it asks and where.
 */
let host: RunningHost;

hostForFile(STILL_FLEET_ARGS, (started) => (host = started), { frozenAt: FROZEN_AT });

test.beforeAll(async () => {
  await injectStillFaults(host);
});

test.use({ timezoneId: 'UTC', locale: 'en-GB' });

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  // Not vacuous: the page's text was really measured for contrast, in this theme's colours.
  expect(results.passes.map((rule) => rule.id)).toContain('color-contrast');
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes.length}×, e.g. ${violation.nodes.slice(0, 3).map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join(' | ')})`);
}

for (const theme of THEMES) {
  for (const view of STILL_VIEWS) {
    test(`${stillViewTitle(view)}, ${theme} theme: no serious or critical axe violation`, async ({ page }) => {
      await openStillView(page, host, view, theme);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}
