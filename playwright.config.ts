// End-to-end tests in Debian's Chromium (no browser download): the built site served by `vite preview`
// with the COOP/COEP headers, exactly as a static host would serve it. See TOOLCHAIN.md §5.
import { defineConfig } from '@playwright/test';

// Screenshots for docs/ are taken on request (SCREENSHOTS=1 npx playwright test screenshots), not on every run.
const onRequest = process.env.SCREENSHOTS ? [] : [/screenshots\.spec\.ts/];
// Specs whose printed figures (long tasks, first-visit time) must not be disturbed by a second browser.
const timedSpecs = [/perf\.spec\.ts/, /figures\.spec\.ts/, /training\.spec\.ts/];

// E2E_PORT lets several checkouts run their e2e suites side by side on one machine.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: './tests/e2e',
  // CI (scripts/test-all.sh) runs the 'chapters' project on two browsers at once, which nearly halves its wall time on
  // the 2-core machine (most of a test is axe or waiting on the engine worker), then the 'timed' project alone, so
  // that no other browser stretches the main-thread task lengths and start-up times those specs print.
  workers: Number(process.env.E2E_WORKERS ?? 1),
  projects: [
    // Tests are independent (a fresh browser context each), so even one file's tests may run side by side.
    { name: 'chapters', testMatch: /.*\.spec\.ts/, testIgnore: [...onRequest, ...timedSpecs], fullyParallel: true },
    { name: 'timed', testMatch: timedSpecs },
  ],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--enable-unsafe-webgpu',
      ],
    },
  },
  webServer: {
    // Build first so the tests always see the current sources; vite build takes about a second.
    command: `TBT_TEST_PAGES=1 node ./node_modules/vite/bin/vite.js build --logLevel warn && node ./node_modules/vite/bin/vite.js preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
