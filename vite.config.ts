/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { devServerHeaders, productionHeaders } from './src/app/hosting/securityHeaders.ts';
import { securityHeaders } from './src/app/hosting/securityHeadersPlugin.ts';
import { precacheServiceWorker } from './src/app/serviceWorker/precachePlugin.ts';

// Headers (cross-origin isolation, Content-Security-Policy and friends): src/app/hosting/securityHeaders.ts.
// `vite preview` sends exactly what a production host should, so the end-to-end tests run under the full policy.
export default defineConfig({
  plugins: [react(), securityHeaders(), precacheServiceWorker()],
  base: './',
  server: { headers: devServerHeaders },
  preview: { headers: productionHeaders },
  // Every asset stays a file (no data: URLs for small fonts), so the policy needs no data: source.
  build: { assetsInlineLimit: 0 },
  worker: { format: 'es' },
  // Two pages: the book, and the figure kit's gallery (sample data only; the e2e suite screenshots and audits it).
  build: { rolldownOptions: { input: { main: 'index.html', gallery: 'gallery.html' } } },
  test: {
    environment: 'node',
    setupFiles: ['./src/setupTests.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
