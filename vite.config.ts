/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precacheServiceWorker } from './src/app/serviceWorker/precachePlugin.ts';

// Cross-origin isolation gives the page SharedArrayBuffer, which the wasm backend's threads need.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), precacheServiceWorker()],
  base: './',
  server: { headers: isolation },
  preview: { headers: isolation },
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
