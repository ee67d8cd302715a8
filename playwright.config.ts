// End-to-end tests in Debian's Chromium (no browser download): the built site served by `vite preview`
// with the COOP/COEP headers, exactly as a static host would serve it. See TOOLCHAIN.md §5.
import { defineConfig } from '@playwright/test';

// E2E_PORT lets several checkouts run their e2e suites side by side on one machine.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: './tests/e2e',
  testMatch: /.*\.spec\.ts/,
  // Screenshots for docs/ are taken on request (SCREENSHOTS=1 npx playwright test screenshots), not on every run.
  testIgnore: process.env.SCREENSHOTS ? [] : [/screenshots\.spec\.ts/],
  workers: 1,
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
