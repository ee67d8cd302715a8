// The response headers the book is served with: one table, used by `vite preview` (and so by the end-to-end tests),
// by the build (a <meta> copy of the policy in index.html and a `_headers` file for static hosts) and quoted in
// docs/DEPLOY.md. Node-only build code; the app never imports it.

/**
 * The Content-Security-Policy, directive by directive. Everything the book loads is its own file, so 'self' is the
 * whole list, with two exceptions the engine needs:
 * - 'wasm-unsafe-eval' lets WebAssembly.compile run (the wasm backend). It allows no JavaScript eval.
 * - blob: workers: the wasm backend's threads run a small script the engine worker makes into a Blob URL
 *   (src/engine/backends/wasm/workerSource.ts), so the same code serves Node's worker_threads and browsers.
 * No 'unsafe-inline' anywhere: React sets `style` props through the CSSOM, which style-src does not govern, and
 * KaTeX's DOM renderer does the same (src/components/Equation.tsx).
 */
export const contentSecurityPolicy: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  // Nobody may frame the book (clickjacking). Browsers ignore this one in a <meta> policy, and say so in the console.
  'frame-ancestors': ["'none'"],
};

/** Directives a <meta http-equiv> policy cannot carry (CSP3 §3.3): browsers ignore them there. */
const headerOnlyDirectives = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

export function serializePolicy(policy: Readonly<Record<string, readonly string[]>>, { forMeta = false } = {}): string {
  return Object.entries(policy)
    .filter(([directive]) => !(forMeta && headerOnlyDirectives.has(directive)))
    .map(([directive, sources]) => [directive, ...sources].join(' '))
    .join('; ');
}

/** Cross-origin isolation gives the page SharedArrayBuffer, which the wasm backend's threads need. */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/** What a production host sends with every response: isolation, the policy, and two hardening headers. */
export const productionHeaders = {
  ...isolationHeaders,
  'Content-Security-Policy': serializePolicy(contentSecurityPolicy),
  // A script, stylesheet or wasm file served with the wrong type is refused instead of guessed at.
  'X-Content-Type-Options': 'nosniff',
  // The book links nowhere that needs to know where the reader came from.
  'Referrer-Policy': 'no-referrer',
} as const;

/**
 * The dev server's headers. Vite's dev client injects styles as <style> elements and @vitejs/plugin-react an inline
 * script (the Fast Refresh preamble), both of which the full policy blocks, so in development the policy keeps only
 * the directives that do not touch scripts or styles. `npm run preview` serves the built site under the full policy.
 */
export const devServerHeaders = {
  ...isolationHeaders,
  'Content-Security-Policy': "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

/** The same headers in the `_headers` format Netlify and Cloudflare Pages read from the site's root. */
export function headersFile(headers: Readonly<Record<string, string>>): string {
  return ['/*', ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`), ''].join('\n');
}
