// The page's two speed figures (issue #17 goal 7), printed and never asserted (the CI machine is shared, and speed
// is not a test): the time from navigation to the Overview's first engine output on a first visit (median of three
// fresh browser profiles, so no cache and no service worker), with where that time went; and the longest main-thread
// task while the Training chapter trains a model. What is asserted is behaviour: the figure shows engine output, and
// the training run advances. The first visit is taken twice over: in a Chromium driven over a bare DevTools pipe, as a
// reader's browser runs it (the figure), and in Playwright's, which pauses every new worker until it has attached.
import { expect, test, type Browser } from '@playwright/test';
import { openPlainPage, PlainBrowser } from './plainBrowser';

function figure(name: string, value: number | string, unit: string, note = '') {
  console.log(JSON.stringify({ figure: name, value, unit, ...(note ? { note } : {}) }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs in the page before its own scripts: records when the Overview first shows a next token (a MutationObserver)
 * and the main-thread tasks over 50 ms, as [start, end] ms after navigation.
 */
function installWatcher() {
  const w = window as unknown as { firstOutputAt?: number; longTasks?: Array<[number, number]> };
  const longTasks: Array<[number, number]> = (w.longTasks = []);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push([Math.round(e.startTime), Math.round(e.startTime + e.duration)]);
  }).observe({ type: 'longtask', buffered: true });
  const observer = new MutationObserver(() => {
    const shown = document.querySelector('[data-testid="next-token"]');
    if (!shown?.textContent) return;
    w.firstOutputAt = performance.now();
    observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}

interface Span { name: string; start: number; end: number }
interface ThreadSpans { origin: number; spans: Span[] }

/** The start-up spans (src/engine/perfMark.ts) of the thread it runs in, on that thread's own clock. */
function readSpans(): ThreadSpans {
  return {
    origin: performance.timeOrigin,
    spans: performance.getEntriesByType('measure').filter((e) => e.name.startsWith('tbt:'))
      .map((e) => ({ name: e.name.slice(4), start: e.startTime, end: e.startTime + e.duration })),
  };
}

/** Every thread's spans on the page's clock (each thread has its own time origin), in the order they began. */
function onPageClock(page: ThreadSpans, workers: ThreadSpans[]): Span[] {
  return [page, ...workers].flatMap(({ origin, spans }) => spans.map((s) => ({
    name: s.name, start: Math.round(s.start + origin - page.origin), end: Math.round(s.end + origin - page.origin),
  }))).sort((a, b) => a.start - b.start);
}

/** What the page says about its first visit once the next token shows: times after navigation, in ms. */
function readVisit() {
  const w = window as unknown as { firstOutputAt: number; longTasks: Array<[number, number]> };
  const ends = (pattern: RegExp) => {
    const entry = performance.getEntriesByType('resource').find((e) => pattern.test(e.name)) as PerformanceResourceTiming | undefined;
    return entry ? Math.round(entry.responseEnd) : -1;
  };
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
  return {
    shown: Math.round(w.firstOutputAt),
    domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
    model: ends(/default\.tbt$/),
    longTasks: w.longTasks.filter(([start]) => start < w.firstOutputAt),
    status: document.querySelector('.model-status')?.textContent ?? '',
  };
}
type Visit = ReturnType<typeof readVisit> & { spans: Span[] };

/** A first visit in Playwright's browser (fresh context): workers start paused until Playwright has set them up. */
async function playwrightVisit(browser: Browser): Promise<Visit> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(installWatcher);
  await page.goto('/#/overview/pipeline');
  await expect(page.getByTestId('next-token')).toHaveText(/.+/, { timeout: 60_000 });
  await expect(page.locator('.model-status')).toContainText(/Computed now in your browser by /);
  const visit = await page.evaluate(readVisit);
  const pageSpans = await page.evaluate(readSpans);
  const workerSpans = await Promise.all(page.workers()
    // The wasm thread pool's workers (blob: URLs) sleep in Atomics.wait between kernels and would never answer.
    .filter((w) => !w.url().startsWith('blob:'))
    .map((w) => w.evaluate(readSpans).catch(() => ({ origin: 0, spans: [] }))));
  await context.close();
  return { ...visit, spans: onPageClock(pageSpans, workerSpans) };
}

/** A first visit in a fresh Chromium driven over a bare DevTools pipe: no worker waits for a debugger (plainBrowser.ts). */
async function plainVisit(url: string): Promise<Visit> {
  const { executablePath, args } = test.info().project.use.launchOptions ?? {};
  const browser = PlainBrowser.launch(executablePath ?? '/usr/bin/chromium', args ?? []);
  try {
    const { sessionId, workers } = await openPlainPage(browser, url, `(${installWatcher})()`);
    await expect.poll(() => browser.evaluate(sessionId, 'Boolean(window.firstOutputAt)').catch(() => false), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => browser.evaluate<string>(sessionId, 'document.querySelector(".model-status")?.textContent ?? ""'))
      .toMatch(/Computed now in your browser by /);
    const visit = await browser.evaluate<Omit<Visit, 'spans'>>(sessionId, `(${readVisit})()`);
    const pageSpans = await browser.evaluate<ThreadSpans>(sessionId, `(${readSpans})()`);
    const workerSpans = await Promise.all(workers.map((w) => browser.evaluate<ThreadSpans>(w, `(${readSpans})()`).catch(() => ({ origin: 0, spans: [] }))));
    return { ...visit, spans: onPageClock(pageSpans, workerSpans) };
  } finally {
    await browser.close();
  }
}

/** Prints the median visit's figure and its breakdown: each span as start→end ms after navigation. */
function report(name: string, breakdownName: string, visits: Visit[], note: string) {
  const m = (key: 'shown' | 'domContentLoaded' | 'model') => median(visits.map((v) => v[key]));
  const middle = visits.find((v) => v.shown === m('shown'))!;
  const backend = /\bon (.+?)\.?$/.exec(middle.status)?.[1] ?? 'unknown';
  figure(name, m('shown'), 'ms',
    `median of ${visits.map((v) => v.shown).join(', ')} ms; DOMContentLoaded ${m('domContentLoaded')} ms, model downloaded ${m('model')} ms; ` +
    `backend ${backend}; ${note}`);
  const spans = [...middle.spans, ...middle.longTasks.map(([start, end]) => ({ name: 'main-thread task', start, end }))]
    .sort((a, b) => a.start - b.start);
  figure(breakdownName, spans.map((s) => `${s.name} ${s.start}→${s.end}`).join('; ') || 'no spans recorded', 'ms after navigation',
    `first next token shown at ${middle.shown} ms; DOMContentLoaded ${middle.domContentLoaded} ms; model downloaded ${middle.model} ms`);
}

test('first visit to a working Overview (navigation to the first next token, fresh profile each time)', async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const plain: Visit[] = [];
  const driven: Visit[] = [];
  // Alternated, so a burst of load from other work on the machine falls on both kinds alike.
  for (let i = 0; i < 3; i++) {
    plain.push(await plainVisit(`${baseURL}/#/overview/pipeline`));
    driven.push(await playwrightVisit(browser));
  }
  for (const v of [...plain, ...driven]) {
    expect(v.shown).toBeGreaterThan(0);
    expect(v.status).toMatch(/Computed now in your browser by /);
  }
  report('first_visit_working_overview', 'first_visit_breakdown', plain, 'as a reader\'s browser runs it (no debugger pausing new workers); goal ≤ 1500 ms (noisy: the machine is shared)');
  report('first_visit_under_playwright', 'first_visit_under_playwright_breakdown', driven,
    'Playwright pauses each new worker (the engine and its wasm threads) until it has attached; a reader pays none of that');
});

test('longest main-thread task while the Training chapter trains', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/#/training/pretrain');
  const step = page.locator('#step-pretrain');
  await step.getByRole('button', { name: 'Start training' }).click({ timeout: 60_000 });
  await expect(step.getByTestId('run-phase')).toHaveText('training', { timeout: 60_000 });
  const stepNow = async () => Number(/^(\d+)/.exec((await step.getByTestId('run-step').textContent()) ?? '')?.[1] ?? 0);
  const from = await stepNow();
  // Tasks are counted from here: the run is going (its start-up, compiling and the first sample, is not "while training").
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  const started = Date.now();
  await page.waitForTimeout(15_000);
  const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  const seconds = (Date.now() - started) / 1000;
  await expect.poll(stepNow, { timeout: 60_000 }).toBeGreaterThan(from);
  const steps = (await stepNow()) - from;
  await step.getByRole('button', { name: 'Pause', exact: true }).click();
  figure('longest_main_thread_task_while_training_chapter', Math.round(tasks.length ? Math.max(...tasks) : 0), 'ms',
    `${tasks.length} tasks over 50 ms in ${seconds.toFixed(0)} s while the chapter trained ${steps} steps ` +
    `(sorted: ${tasks.map(Math.round).sort((a, b) => b - a).slice(0, 8).join(', ') || 'none'}); goal < 50 ms (noisy: the machine is shared)`);
});
