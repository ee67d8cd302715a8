// The page runs under its Content-Security-Policy (src/app/hosting/securityHeaders.ts), served by `vite preview`
// as a production host would: the headers arrive, the book computes and generates without a single violation, an
// injected script is refused, and the service worker never passes a web page off as a script.
import { expect, test, type Page } from '@playwright/test';
import { expectClean, waitForChapter, watchPage } from './helpers';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

declare global {
  interface Window {
    cspViolations: Violation[];
    injectedScriptRan?: boolean;
    evalOutcome?: string;
  }
}

/** Collects the page's securitypolicyviolation events from the first script on (init scripts bypass the policy). */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
    });
  });
}

const violations = (page: Page) => page.evaluate(() => window.cspViolations);

test('the page and its files arrive with the security headers', async ({ page }) => {
  const response = await page.goto('/');
  const headers = response!.headers();
  const policy = headers['content-security-policy'];
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).toContain("style-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toMatch(/'unsafe-eval'/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
  // The <meta> copy, for hosts that cannot send headers: the same policy minus what a <meta> cannot carry.
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(meta).not.toContain('frame-ancestors');
  // Scripts and the worker's files carry the headers too (the engine worker's policy is its own response's).
  const worker = await page.request.get('/sw.js');
  expect(worker.headers()['content-security-policy']).toBe(policy);
  expect(worker.headers()['x-content-type-options']).toBe('nosniff');
});

test('the Overview computes, typesets and generates with no policy violation', async ({ page }, testInfo) => {
  const watch = watchPage(page);
  await recordViolations(page);
  // KaTeX's equations: typeset through the CSSOM, so their layout survives style-src 'self'.
  await page.goto('/#/overview/context');
  await waitForChapter(page, 'Overview');
  const equation = page.locator('.equation-display .katex-html').first();
  await expect(equation).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  // Laid out, not raw text: the fraction stacks (its box is taller than a line) and KaTeX's own font is in use.
  const layout = await equation.evaluate((el) => ({
    height: el.getBoundingClientRect().height,
    lineHeight: parseFloat(getComputedStyle(el.closest('.equation')!).fontSize),
    vlistHeights: [...el.querySelectorAll<HTMLElement>('.vlist')].filter((v) => v.style.height !== '').length,
    hasKatexFont: [...document.fonts].some((f) => f.family === 'KaTeX_Main' && f.status === 'loaded'),
  }));
  expect(layout.height).toBeGreaterThan(1.8 * layout.lineHeight);
  expect(layout.vlistHeights).toBeGreaterThan(0);
  expect(layout.hasKatexFont).toBe(true);
  await equation.screenshot({ path: testInfo.outputPath('equation-under-csp.png') });

  // The pipeline on the reader's prompt, then generation: engine worker, wasm or WebGPU, the model download.
  await page.goto('/#/overview/pipeline?prompt=ROMEO%3A');
  await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Append 20 more tokens' }).click();
  await expect(page.getByRole('textbox', { name: 'Your prompt' })).not.toHaveValue('ROMEO:', { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Append 20 more tokens' })).toBeEnabled({ timeout: 60_000 });

  // WebAssembly with its threads (blob: workers compiling wasm) under the same policy.
  await page.getByRole('button', { name: /^Engine: / }).click();
  const panel = page.locator('#engine-panel');
  await panel.getByRole('radio', { name: /WebAssembly SIMD/ }).check();
  await expect(page.getByRole('button', { name: 'Engine: wasm' })).toBeVisible({ timeout: 30_000 });
  await expect(panel).toContainText('Threads: available');
  await expect(page.getByTestId('next-token')).toBeVisible();

  expect(await violations(page)).toEqual([]);
  expectClean(watch);
});

test('a script injected into the page is refused, and so is eval', async ({ page }) => {
  await recordViolations(page);
  await page.goto('/');
  await waitForChapter(page, 'Overview');
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injectedScriptRan = true';
    document.head.append(script);
    return window.injectedScriptRan === true;
  });
  expect(ran).toBe(false);
  // Playwright's own evaluate may eval; a task the page runs later may not. So the eval runs from a timer.
  await page.evaluate(() => {
    setTimeout(() => {
      try {
        window.evalOutcome = String(eval('1 + 1'));
      } catch (error) {
        window.evalOutcome = (error as Error).name;
      }
    });
  });
  await expect.poll(() => page.evaluate(() => window.evalOutcome)).toBe('EvalError');
  await expect.poll(() => violations(page)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ directive: 'script-src-elem', blocked: 'inline' }),
      expect.objectContaining({ directive: 'script-src', blocked: 'eval' }),
    ]),
  );
});

test('the service worker fails a script the server answers with a web page, and does not cache it', async ({ page }) => {
  await page.goto('/');
  await waitForChapter(page, 'Overview');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve()));
    }
  });
  // `vite preview`, like many static hosts, answers a missing file with index.html and status 200: what a stale
  // tab sees after a deploy removed its chapter scripts.
  const direct = await page.request.get('/assets/Chapter-gone-by-now.js');
  expect(direct.status()).toBe(200);
  expect(direct.headers()['content-type']).toContain('text/html');

  const outcome = await page.evaluate(async () => {
    const settle = (promise: Promise<unknown>) =>
      promise.then(() => 'loaded', (error: Error) => `${error.name}: ${error.message}`);
    const imported = await settle(import(/* @vite-ignore */ `${location.origin}/assets/Chapter-gone-by-now.js`));
    const fetched = await settle(fetch('./assets/gone-by-now.json'));
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('tbt-'))!);
    const cached = (await cache.keys()).map((r) => new URL(r.url).pathname).filter((p) => p.includes('gone-by-now'));
    // A real file still comes through.
    const real = await fetch('./favicon.svg');
    return { imported, fetched, cached, realStatus: real.status };
  });
  expect(outcome.imported).toMatch(/^TypeError/);
  expect(outcome.fetched).toMatch(/^TypeError: Failed to fetch/);
  expect(outcome.cached).toEqual([]);
  expect(outcome.realStatus).toBe(200);
});
