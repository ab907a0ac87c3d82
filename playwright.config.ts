import { defineConfig } from '@playwright/test';

/** End-to-end tests drive the browser host in Debian's Chromium; never a downloaded browser. */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: {
    timeout: 10_000,
    // Screenshots (screens.spec.ts): no animation or caret mid-way, CSS pixels, and a per-pixel colour
    // tolerance that absorbs anti-aliasing, and at most 0.05 % of pixels different (512 at 1280×800):
    // a moved or hidden column (thousands of pixels) or a clipped button fails.
    toHaveScreenshot: { animations: 'disabled', caret: 'hide', scale: 'css', threshold: 0.2, maxDiffPixelRatio: 0.0005 },
  },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1600, height: 1000 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--force-color-profile=srgb', '--font-render-hinting=none', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
