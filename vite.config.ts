/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { devServerHeaders, productionHeaders } from './src/app/hosting/securityHeaders.ts';
import { preloadApp } from './src/app/hosting/preloadAppPlugin.ts';
import { securityHeaders } from './src/app/hosting/securityHeadersPlugin.ts';
import { precacheServiceWorker } from './src/app/serviceWorker/precachePlugin.ts';

// Headers (cross-origin isolation, Content-Security-Policy and friends): src/app/hosting/securityHeaders.ts.
// `vite preview` sends exactly what a production host should, so the end-to-end tests run under the full policy.
export default defineConfig({
  plugins: [react(), securityHeaders(), preloadApp(), precacheServiceWorker()],
  base: './',
  server: { headers: devServerHeaders },
  preview: { headers: productionHeaders },
  build: {
    // Every asset stays a file (no data: URLs for small fonts), so the policy needs no data: source.
    assetsInlineLimit: 0,
    // Two pages: the book, and the figure kit's gallery (sample data only; the e2e suite screenshots and audits it).
    // The e2e suite's build adds a test page that drives the worker methods directly (never in a normal build).
    rolldownOptions: {
      input: {
        main: 'index.html',
        gallery: 'gallery.html',
        ...(process.env.TBT_TEST_PAGES ? { engineCalls: 'tests/e2e/pages/engineCalls.html' } : {}),
      },
    },
  },
  worker: { format: 'es' },
  test: {
    environment: 'node',
    setupFiles: ['./src/setupTests.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
