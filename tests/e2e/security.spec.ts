// The page runs under its Content-Security-Policy (src/app/hosting/securityHeaders.ts), served by `vite preview`
// as a production host would: the headers arrive, the book computes and generates without a single violation, an
// injected script is refused, and the service worker never passes a web page off as a script.
import { expect, test, type Page, type Worker } from '@playwright/test';
import { expectClean, waitForChapter, watchPage } from './helpers';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

declare global {
  // A global of the page and of the engine worker, filled by recordViolations (a global declaration needs var).
  var cspViolations: Violation[] | undefined;
  interface Window {
    injectedScriptRan?: boolean;
    evalOutcome?: string;
  }
}

/**
 * Collects securitypolicyviolation events: the page's from its first script on (init scripts bypass the policy),
 * and the engine worker's from the moment Playwright sees it: violations in a worker reach neither the page's
 * events nor its console. The wasm threads (blob: workers) are left out: after starting they block in Atomics.wait
 * and never run a task, so they could not answer; what they do under the policy, compiling wasm, shows as the
 * backend's thread count.
 */
async function recordViolations(page: Page): Promise<void> {
  const listen = () => {
    globalThis.cspViolations = [];
    globalThis.addEventListener('securitypolicyviolation', (event) => {
      const { effectiveDirective, blockedURI, sample } = event as SecurityPolicyViolationEvent;
      globalThis.cspViolations!.push({ directive: effectiveDirective, blocked: blockedURI, sample });
    });
  };
  page.on('worker', (worker) => {
    if (!isThread(worker)) void worker.evaluate(listen).catch(() => {});
  });
  await page.addInitScript(listen);
}

const isThread = (worker: Worker) => worker.url().startsWith('blob:');

async function violations(page: Page): Promise<Violation[]> {
  const workers = page.workers().filter((w) => !isThread(w));
  const inWorkers = await Promise.all(workers.map((w) => w.evaluate(() => globalThis.cspViolations ?? [])));
  return [...((await page.evaluate(() => globalThis.cspViolations)) ?? []), ...inWorkers.flat()];
}

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
  // More than one thread: the blob: workers started and compiled their wasm under the worker's policy.
  await expect(panel).toContainText(/Running on wasm SIMD.*, [2-9] threads/);
  await expect(page.getByTestId('next-token')).toBeVisible();
  // WebGPU (SwiftShader here): shaders are compiled by the GPU process, not by eval, so the policy allows them.
  await panel.getByRole('radio', { name: /WebGPU/ }).check();
  await expect(page.getByRole('button', { name: 'Engine: webgpu' })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.model-status')).toContainText(/webgpu|WebGPU/, { timeout: 30_000 });
  const prompt = await page.getByRole('textbox', { name: 'Your prompt' }).inputValue();
  // By keyboard: the open engine panel sits over the button.
  await page.getByRole('button', { name: /^Append “/ }).press('Enter');
  await expect(page.getByRole('textbox', { name: 'Your prompt' })).not.toHaveValue(prompt);
  await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 30_000 });

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
  // The engine worker runs under the policy too (the one its own script arrived with): no request leaves the origin.
  const engine = page.workers().find((w) => w.url().includes('engine.worker'));
  await engine!.evaluate(() => {
    setTimeout(() => void fetch('https://example.invalid/').catch(() => {}));
  });
  await expect.poll(() => violations(page)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ directive: 'script-src-elem', blocked: 'inline' }),
      expect.objectContaining({ directive: 'script-src', blocked: 'eval' }),
      expect.objectContaining({ directive: 'connect-src', blocked: 'https://example.invalid/' }),
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
