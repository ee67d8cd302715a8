// The Training chapter as a reader uses it, in Chromium: pre-train a fresh model for a few seconds and see the loss
// fall and a sample appear, pause, reload, resume from the kept run state, save as `pretrained`, then fine-tune
// briefly and save as `sft`. It prints the longest main-thread task seen while training (never asserted: the CI
// machine is loaded). With TRAIN_MEASURE=1 it instead runs the default recipe for 90 s and prints what it reached;
// with SCREENSHOTS=1 it also saves a series of the pre-training step to docs/screenshots/.
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectClean, waitForChapter, watchPage } from './helpers';

const shots = process.env.SCREENSHOTS === '1';

/**
 * Starts recording main-thread long tasks (the browser reports page tasks over 50 ms, not Playwright's own) and a
 * trace of the main thread, so that each can be given its CPU time: on a loaded machine most of a long task's wall
 * time is spent waiting for a core (the trainer's threads take them), which CPU time tells apart from our own work.
 */
async function watchLongTasks(page: Page) {
  await page.context().browser()!.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: false });
    performance.mark('tbt-longtasks');
  });
}

/** The long tasks since watchLongTasks, in words: how many, the longest, and the most CPU time any of them took. */
async function longTaskFigure(page: Page): Promise<string> {
  const tasks = await page.evaluate(() => (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks);
  const trace = JSON.parse((await page.context().browser()!.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const mark = trace.traceEvents.find((e) => e.name === 'tbt-longtasks' && e.args?.data?.startTime !== undefined);
  // Trace time of a task = the mark's trace time + its distance from the mark on the page's clock.
  const cpu = tasks.map((t) => {
    if (!mark) return NaN;
    const at = mark.ts + (t.start - mark.args!.data!.startTime!) * 1000;
    const run = trace.traceEvents.find((e) => e.name === 'ThreadControllerImpl::RunTask' && e.pid === mark.pid && e.tid === mark.tid && Math.abs(e.ts - at) < 3000 && Math.abs((e.dur ?? 0) / 1000 - t.duration) < 5);
    return run?.tdur !== undefined ? run.tdur / 1000 : NaN;
  });
  const longest = tasks.length ? Math.max(...tasks.map((t) => t.duration)) : 0;
  const cpuKnown = cpu.filter(Number.isFinite);
  return `main-thread tasks over 50 ms: ${tasks.length}, longest ${longest.toFixed(0)} ms` +
    (tasks.length ? `; CPU time of those tasks: longest ${cpuKnown.length ? Math.max(...cpuKnown).toFixed(0) : '?'} ms (${tasks.map((t, i) => `${t.duration.toFixed(0)}/${Number.isFinite(cpu[i]) ? cpu[i].toFixed(0) : '?'}`).join(', ')} ms wall/CPU)` : '');
}

interface TraceEvent { name: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { data?: { startTime?: number } } }

const stepOf = async (page: Page) => Number(/^(\d+)/.exec((await page.getByTestId('run-step').textContent()) ?? '')?.[1] ?? 0);

test('pre-train, pause, reload, resume, save; then fine-tune and save', async ({ page }) => {
  test.skip(process.env.TRAIN_MEASURE === '1', 'measuring instead');
  test.setTimeout(420_000);
  const watch = watchPage(page);
  await page.goto('/#/training/pretrain');
  await waitForChapter(page, 'Training');
  const step = page.locator('#step-pretrain');
  await expect(step.getByTestId('run-estimate')).toContainText('parameters');
  await step.getByRole('button', { name: 'Start training' }).click({ timeout: 60_000 });
  await watchLongTasks(page);
  const started = Date.now();
  await expect(step.getByTestId('run-phase')).toHaveText('training', { timeout: 60_000 });
  // The untrained model's sample comes at step 0; wait for the one at step 50 and a few evaluations: the loss must
  // have fallen from where it began.
  await expect(step.getByRole('list', { name: 'Samples by step' }).getByRole('listitem').nth(1)).toBeVisible({ timeout: 180_000 });
  await expect.poll(async () => (await readLossTable(step)).length, { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  const seconds = (Date.now() - started) / 1000;
  const figure = await longTaskFigure(page);
  const table = await readLossTable(step);
  expect(table.length).toBeGreaterThanOrEqual(2);
  expect(table.at(-1)!.val).toBeLessThan(table[0].val - 0.3);
  console.log(`[training] first sample after ${seconds.toFixed(0)} s; val ${table[0].val.toFixed(3)} → ${table.at(-1)!.val.toFixed(3)} at step ${table.at(-1)!.iter}; while training, ${figure}`);
  if (shots) await page.screenshot({ path: join(process.cwd(), 'docs', 'screenshots', 'training-pretrain-early.png'), fullPage: false });

  await step.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(step.getByTestId('run-phase')).toHaveText('paused', { timeout: 60_000 });
  const pausedAt = await stepOf(page);
  expect(pausedAt).toBeGreaterThan(0);

  // While paused, the controls around the run. The sample diff: any two moments, word by word.
  const timeline = step.getByRole('figure', { name: 'What the model writes as it learns' });
  await timeline.getByLabel('Compare').selectOption({ label: 'step 0' });
  await timeline.getByLabel('with').selectOption({ label: 'step 50' });
  await expect(step.getByTestId('sample-diff').locator('ins').first()).toBeVisible();
  // Keep the curves, then overlay them: the chart gains the kept run's validation curve.
  await step.getByRole('button', { name: 'Keep these curves to compare' }).click();
  await step.getByRole('checkbox', { name: /^default recipe, peak learning rate 0.004, 500 steps/ }).check();
  await expect(step.getByRole('figure', { name: 'Loss while training' }).getByText(/^validation, default, lr 0.004/)).toBeVisible();
  // The reader's own text: one too short for the context gets a message, and nothing starts.
  await step.getByLabel('Your own text').check();
  await step.getByLabel(/^Paste a text/).fill('Far too short to train on.');
  await step.getByRole('button', { name: 'Start again' }).click();
  await expect(step.getByTestId('run-problem')).toContainText('The text is too short');
  await expect(step.getByTestId('run-phase')).toHaveText('paused');
  // Predict, then reveal, on the objective: the guess is answered with ln V and the untrained twin's loss.
  const objective = page.locator('#step-objective');
  await objective.getByRole('button', { name: /About ln V/ }).click();
  await expect(objective.getByTestId('objective-reveal')).toContainText(/Loss of an untrained twin\d+\.\d{3} nats per token/, { timeout: 60_000 });

  await page.waitForTimeout(1000); // the run state reaches the lab
  await page.reload();
  await waitForChapter(page, 'Training');
  const again = page.locator('#step-pretrain');
  await expect(again.getByTestId('restored-run')).toBeVisible({ timeout: 60_000 });
  const restoredAt = await stepOf(page);
  expect(restoredAt).toBeGreaterThan(0);
  expect(restoredAt).toBeLessThanOrEqual(pausedAt);
  await again.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => stepOf(page), { timeout: 120_000 }).toBeGreaterThan(restoredAt + 5);
  await again.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(again.getByTestId('run-phase')).toHaveText('paused', { timeout: 60_000 });
  await again.getByRole('button', { name: 'Save to the lab as pretrained' }).click();
  await expect(again.getByText(/Saved to your lab as/)).toBeVisible({ timeout: 30_000 });

  // Fine-tune the model just saved (now the current one) for a moment, then save it as sft.
  await page.goto('/#/training/finetune');
  await waitForChapter(page, 'Training');
  const tune = page.locator('#step-finetune');
  await expect(tune.getByTestId('sft-mask')).toBeVisible({ timeout: 60_000 });
  await tune.getByRole('button', { name: 'Start fine-tuning' }).click();
  await expect(tune.getByTestId('before-after')).toBeVisible({ timeout: 120_000 });
  await tune.getByRole('button', { name: 'Pause fine-tuning' }).click();
  await expect(tune.getByTestId('sft-status')).toHaveText(/^Paused at step/, { timeout: 60_000 });
  await tune.getByRole('button', { name: 'Save to the lab as sft' }).click();
  await expect(tune.getByText(/Saved to your lab as .*\(sft\)/)).toBeVisible({ timeout: 30_000 });
  expectClean(watch);
});

test('overfitting: predict, the best validation marked and kept, and that model back after a reload', async ({ page }) => {
  test.skip(process.env.TRAIN_MEASURE === '1', 'measuring instead');
  test.setTimeout(240_000);
  await page.goto('/#/training/pretrain?trainPreset=overfit');
  await waitForChapter(page, 'Training');
  const step = page.locator('#step-pretrain');
  const settings = step.getByRole('group', { name: 'Settings' });
  await settings.getByLabel('Steps', { exact: true }).fill('60');
  await step.getByLabel(/Where will the validation loss be after 60 steps/).fill('5');
  await step.getByRole('checkbox', { name: /Stop at the best validation/ }).check();
  await step.getByRole('button', { name: 'Start training' }).click({ timeout: 60_000 });
  await expect(step.getByTestId('run-phase')).toHaveText('finished', { timeout: 180_000 });
  await expect(step.getByTestId('loss-reveal')).toContainText(/It ended at \d+\.\d\d nats; you guessed 5\.00/);
  const mark = step.getByTestId('best-validation');
  await expect(mark).toContainText(/\(the model kept: step \d+’s\)/);
  const kept = /the model kept: step (\d+)’s/.exec((await mark.textContent()) ?? '')![1];
  await page.waitForTimeout(1000); // the finished run, with its best model, reaches the lab
  await page.reload();
  await waitForChapter(page, 'Training');
  await expect(step.getByTestId('restored-run')).toContainText(`with the model of its best validation (step ${kept})`, { timeout: 60_000 });
  await expect(step.getByTestId('best-validation')).toContainText(`(the model kept: step ${kept}’s)`);
  await step.getByRole('button', { name: 'Save to the lab as pretrained' }).click();
  await expect(step.getByText(/Saved to your lab as/)).toBeVisible({ timeout: 30_000 });
});

test('the default recipe for 90 s (TRAIN_MEASURE=1): prints validation loss per character and the sample', async ({ page }) => {
  test.skip(process.env.TRAIN_MEASURE !== '1', 'a measurement, not a test');
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto('/#/training/pretrain');
  await waitForChapter(page, 'Training');
  const step = page.locator('#step-pretrain');
  await step.getByRole('button', { name: 'Start training' }).click({ timeout: 60_000 });
  await watchLongTasks(page);
  await expect(step.getByTestId('run-phase')).toHaveText('training', { timeout: 60_000 });
  const moments = [15, 30, 60, 90];
  for (const [i, at] of moments.entries()) {
    await page.waitForTimeout((at - (moments[i - 1] ?? 0)) * 1000);
    const stats = await step.getByTestId('run-stats').innerText();
    console.log(`[training] ${at} s: ${stats.replace(/\n/g, ' | ')}`);
    if (shots) await step.getByRole('figure', { name: 'Loss while training' }).screenshot({ path: join(process.cwd(), 'docs', 'screenshots', `training-pretrain-${at}s.png`) });
  }
  if (shots) await step.getByRole('figure', { name: 'What the model writes as it learns' }).screenshot({ path: join(process.cwd(), 'docs', 'screenshots', 'training-pretrain-samples.png') });
  const samples = await step.getByRole('list', { name: 'Samples by step' }).innerText().catch(() => '(none)');
  console.log(`[training] samples:\n${samples}`);
  console.log(`[training] ${await longTaskFigure(page)}`);
});

/** The loss chart's table: (step, validation loss) at every evaluation. */
async function readLossTable(step: ReturnType<Page['locator']>) {
  const frame = step.getByRole('figure', { name: 'Loss while training' });
  await frame.getByRole('button', { name: 'Show the numbers' }).click();
  const rows = await frame.locator('table tr').allInnerTexts();
  await frame.getByRole('button', { name: 'Hide the numbers' }).click();
  const points: { iter: number; val: number }[] = [];
  for (const row of rows) {
    const cells = row.split('\t').map((c) => c.trim());
    if (cells[0] === 'validation loss (held-out text)' && Number.isFinite(Number(cells[2]))) points.push({ iter: Number(cells[1]), val: Number(cells[2]) });
  }
  return points;
}

test('every step fits a 360 px phone without sideways scrolling, while training too', async ({ page }) => {
  test.skip(process.env.TRAIN_MEASURE === '1', 'measuring instead');
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.goto('/#/training/objective');
  await waitForChapter(page, 'Training');
  await expect(page.getByTestId('position-readout')).toBeVisible({ timeout: 60_000 });
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.goto('/#/training/pretrain');
  await waitForChapter(page, 'Training');
  const step = page.locator('#step-pretrain');
  await step.getByRole('button', { name: /^Start/ }).click({ timeout: 60_000 });
  await expect(step.getByRole('list', { name: 'Samples by step' }).getByRole('listitem').first()).toBeVisible({ timeout: 120_000 });
  expect(await overflow()).toBeLessThanOrEqual(0);
  if (shots) {
    await step.getByRole('figure', { name: 'Loss while training' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(process.cwd(), 'docs', 'screenshots', 'training-pretrain-phone.png') });
  }
  await step.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.goto('/#/training/finetune');
  await waitForChapter(page, 'Training');
  await expect(page.getByTestId('sft-mask')).toBeVisible({ timeout: 60_000 });
  expect(await overflow()).toBeLessThanOrEqual(0);
});

test('axe finds no violation on any step, light and dark, with a run on screen', async ({ page }) => {
  test.skip(process.env.TRAIN_MEASURE === '1', 'measuring instead');
  test.setTimeout(300_000);
  const violations = async (label: string) => {
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), label).toEqual([]);
  };
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto('/#/training/objective');
    await waitForChapter(page, 'Training');
    await page.getByRole('button', { name: /About ln V/ }).click({ timeout: 60_000 });
    await violations(`objective (${colorScheme})`);
    await page.goto('/#/training/pretrain');
    await waitForChapter(page, 'Training');
    const step = page.locator('#step-pretrain');
    if (await step.getByRole('button', { name: 'Start training' }).isVisible()) await step.getByRole('button', { name: 'Start training' }).click({ timeout: 60_000 });
    else await step.getByRole('button', { name: 'Resume' }).click({ timeout: 60_000 });
    await expect(step.getByRole('list', { name: 'Samples by step' })).toBeVisible({ timeout: 120_000 });
    await step.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect(step.getByTestId('run-phase')).toHaveText('paused', { timeout: 60_000 });
    await violations(`pretrain (${colorScheme})`);
    await page.goto('/#/training/finetune');
    await waitForChapter(page, 'Training');
    await expect(page.getByTestId('sft-mask')).toBeVisible({ timeout: 60_000 });
    await violations(`finetune (${colorScheme})`);
  }
});
