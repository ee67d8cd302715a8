// The page's two speed figures (issue #17 goal 7), printed and never asserted (the CI machine is shared, and speed
// is not a test): the time from navigation to the Overview's first engine output on a first visit (median of three
// fresh browser profiles, so no cache and no service worker), with where that time went; and the longest main-thread
// task while the Training chapter trains a model. What is asserted is behaviour: the figure shows engine output, and
// the training run advances.
import { expect, test, type Browser, type Page } from '@playwright/test';

function figure(name: string, value: number | string, unit: string, note = '') {
  console.log(JSON.stringify({ figure: name, value, unit, ...(note ? { note } : {}) }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Records, from the first byte of the page, when the Overview first shows a next token (a MutationObserver). */
async function watchFirstOutput(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { firstOutputAt?: number };
    const observer = new MutationObserver(() => {
      const shown = document.querySelector('[data-testid="next-token"]');
      if (!shown?.textContent) return;
      w.firstOutputAt = performance.now();
      observer.disconnect();
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  });
}

async function firstVisit(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await watchFirstOutput(page);
  await page.goto('/#/overview/pipeline');
  await expect(page.getByTestId('next-token')).toHaveText(/.+/, { timeout: 60_000 });
  await expect(page.locator('.model-status')).toContainText(/Computed now in your browser by /);
  const timings = await page.evaluate(() => {
    const ends = (pattern: RegExp) => {
      const entry = performance.getEntriesByType('resource').find((e) => pattern.test(e.name)) as PerformanceResourceTiming | undefined;
      return entry ? Math.round(entry.responseEnd) : -1;
    };
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      shown: Math.round((window as unknown as { firstOutputAt: number }).firstOutputAt),
      domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
      model: ends(/default\.tbt$/),
    };
  });
  const backend = await page.locator('.model-status strong').nth(1).textContent();
  await context.close();
  return { ...timings, backend };
}

test('first visit to a working Overview (navigation to the first next token, fresh profile each time)', async ({ browser }) => {
  test.setTimeout(240_000);
  const visits: Awaited<ReturnType<typeof firstVisit>>[] = [];
  for (let i = 0; i < 3; i++) visits.push(await firstVisit(browser));
  for (const v of visits) expect(v.shown).toBeGreaterThan(0);
  const m = (key: 'shown' | 'domContentLoaded' | 'model') => median(visits.map((v) => v[key]));
  figure('first_visit_working_overview', m('shown'), 'ms',
    `median of ${visits.map((v) => v.shown).join(', ')} ms; DOMContentLoaded ${m('domContentLoaded')} ms, model downloaded ${m('model')} ms; ` +
    `backend ${visits[0].backend}; goal ≤ 1500 ms (noisy: the machine is shared)`);
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
