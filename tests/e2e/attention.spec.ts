// The Attention chapter as a reader uses it, on the shipped model: type a text, open a head on the grid, step
// through it (guess first), switch it off and see the next-token probabilities and the validation loss change;
// then the phone width, the no-attention step, and axe on what the reader makes appear. The grid's draw time for
// 16 heads on a long text is printed, never asserted.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectClean, waitForChapter, watchPage } from './helpers';

// About 400 characters: more tokens than the model's 128-token context, so the grid's maps are 128 × 128.
const longText = `First Citizen:
Before we proceed any further, hear me speak.

All:
Speak, speak.

First Citizen:
You are all resolved rather to die than to famish?

All:
Resolved. resolved.

First Citizen:
First, you know Caius Marcius is chief enemy to the people.

All:
We know't, we know't.

First Citizen:
Let us kill him, and we'll have corn at our own price.
Is't a verdict?

All:
No more talking on't; let it be done: away, away!`.slice(0, 400);

test('type, open a head, step through it, switch it off: the probabilities and the loss change', async ({ page }) => {
  test.setTimeout(180_000);
  const watch = watchPage(page);
  await page.goto('/#/attention/grid');
  await waitForChapter(page, 'Attention');
  const grid = page.locator('#step-grid');
  await grid.getByRole('textbox', { name: 'Your prompt' }).fill('ROMEO: But soft, what light through yonder window breaks?');
  await expect(grid.getByRole('button', { name: /^L\d H\d: enlarge$/ })).toHaveCount(16, { timeout: 60_000 });
  await grid.getByRole('button', { name: 'L2 H3: enlarge' }).click();
  await expect(page).toHaveURL(/attLayer=2/);
  await expect(page).toHaveURL(/attHead=3/);
  await expect(grid.getByText('Layer 2, head 3, enlarged')).toBeVisible();

  // Step through that head for the last token: guess first, then the stages.
  const step = page.locator('#step-step');
  const guess = step.getByRole('group', { name: /^Guess first/ });
  await guess.scrollIntoViewIfNeeded();
  await guess.getByRole('button').first().press('Enter'); // the keyboard works too
  await expect(step.getByTestId('att-guess-verdict')).toHaveText(/%/, { timeout: 60_000 });
  await expect(step.getByRole('region', { name: /^5\. Softmax/ })).toBeVisible();
  await expect(step.getByTestId('att-check')).toHaveText(/at most \d\.\de-[5-9]/);
  const peak = step.getByTestId('att-peak');
  await step.getByRole('slider', { name: 'Multiply the scores by' }).fill('4');
  await expect(peak).toHaveText(/^At ×4 the largest weight/);

  // Switch the same head off.
  const ablate = page.locator('#step-ablate');
  const bars = ablate.getByRole('list', { name: 'Likeliest next tokens with the heads off' });
  const valLoss = ablate.getByTestId('att-val-loss');
  await expect(valLoss).toHaveText(/the full model’s/, { timeout: 60_000 });
  const before = await bars.textContent();
  await ablate.getByRole('button', { name: 'L2 H3', exact: true }).click();
  await expect(page).toHaveURL(/attOff=2\.3/);
  await expect(valLoss).toHaveText(/against the full model's/, { timeout: 60_000 });
  await expect(ablate.getByTestId('att-text-loss')).toHaveText(/against the full model's/);
  await expect.poll(() => bars.textContent(), { timeout: 60_000 }).not.toBe(before);
  console.log(`[attention] L2 H3 off: ${await valLoss.textContent()}`);

  // Guess the most important head, then the engine's table.
  await ablate.getByRole('button', { name: 'Guess L1 H1' }).click();
  await expect(ablate.getByTestId('att-importance-verdict')).toHaveText(/nats/, { timeout: 120_000 });
  console.log(`[attention] importance: ${await ablate.getByTestId('att-importance-verdict').textContent()}`);
  console.log(`[attention] ${await ablate.getByTestId('att-importance-role').textContent({ timeout: 60_000 })}`);
  expectClean(watch);
});

test('16 heads of 128 × 128 on a long text: cut with a message, draw time printed', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto(`/#/attention/grid?prompt=${encodeURIComponent(longText)}`);
  await waitForChapter(page, 'Attention');
  const grid = page.locator('#step-grid');
  await expect(grid.getByTestId('att-cut')).toHaveText(/the figures show the last 128/, { timeout: 60_000 });
  // Redraw: new text gives new weights for every map; the grid leaves a measure from that render to the last canvas.
  const textbox = grid.getByRole('textbox', { name: 'Your prompt' });
  const count = () => page.evaluate(() => performance.getEntriesByName('attention-grid-draw').length);
  const times: number[] = [], draws: number[] = [];
  for (const extra of ['a', 'b', 'c']) {
    const before = await count();
    await textbox.fill(`${longText.slice(0, 398)} ${extra}`);
    await expect.poll(count, { timeout: 60_000 }).toBeGreaterThan(before);
    times.push(await page.evaluate(() => performance.getEntriesByName('attention-grid-draw').at(-1)!.duration));
    draws.push(await page.evaluate(() => performance.getEntriesByName('attention-grid-canvas').at(-1)!.duration));
  }
  const ms = (xs: number[]) => xs.map((t) => t.toFixed(1)).join(', ');
  console.log(`[attention] grid of 16 heads × 128 × 128: render to last canvas drawn ${ms(times)} ms; the 16 canvas draws alone ${ms(draws)} ms (a frame is 16.7 ms)`);
  expectClean(watch);
});

test('the grid and the step-through fit a 360 px phone without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/#/attention/step?prompt=ROMEO%3A%20But%20soft');
  await waitForChapter(page, 'Attention');
  const step = page.locator('#step-step');
  await step.getByRole('group', { name: /^Guess first/ }).getByRole('button').first().click({ timeout: 60_000 });
  await expect(step.getByTestId('att-check')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('without attention: the loss beside the full model\'s, and both continuations', async ({ page }) => {
  test.setTimeout(120_000);
  const watch = watchPage(page);
  await page.goto('/#/attention/none?prompt=ROMEO%3A&seed=3');
  await waitForChapter(page, 'Attention');
  const none = page.locator('#step-none');
  await expect(none.getByTestId('att-none-verdict')).toHaveText(/without attention it is \d/, { timeout: 60_000 });
  console.log(`[attention] ${await none.getByTestId('att-none-verdict').textContent()}`);
  await none.getByRole('button', { name: 'Continue my prompt with both models' }).click();
  await expect(none.getByTestId('att-sample-none')).toHaveText(/^ROMEO:.{10,}/s, { timeout: 90_000 });
  await expect(none.getByRole('button', { name: 'Continue my prompt with both models' })).toBeEnabled({ timeout: 90_000 });
  console.log(`[attention] full: ${await none.getByTestId('att-sample-full').textContent()}`);
  console.log(`[attention] none: ${await none.getByTestId('att-sample-none').textContent()}`);
  expectClean(watch);
});

test('every head labelled by measured shares on the validation passage (labels printed)', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto('/#/attention/roles');
  await waitForChapter(page, 'Attention');
  const rows = page.locator('#step-roles').getByTestId('att-role-row');
  await expect(rows).toHaveCount(16, { timeout: 60_000 });
  const labels = await rows.evaluateAll((trs) => trs.map((tr) => `${tr.querySelector('th')?.textContent}: ${tr.lastElementChild?.textContent}`));
  console.log(`[attention] roles: ${labels.join('; ')}`);
  expectClean(watch);
});

async function expectNoViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, label).toEqual([]);
}

for (const [colorScheme, view] of [['light', ''], ['dark', ''], ['light', '&view=projector']] as const) {
  test(`no axe violations with the stages and the importance table revealed (${colorScheme}${view ? ', projector' : ''})`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme });
    await page.goto(`/#/attention/step?prompt=ROMEO%3A%20But${view}`);
    await waitForChapter(page, 'Attention');
    const step = page.locator('#step-step');
    await step.getByRole('group', { name: /^Guess first/ }).getByRole('button').first().click({ timeout: 60_000 });
    await expect(step.getByTestId('att-check')).toBeVisible();
    await expectNoViolations(page, `step (${colorScheme}${view})`);
    if (view) return; // projector mode shows one step at a time
    const ablate = page.locator('#step-ablate');
    await ablate.getByRole('button', { name: 'Guess L1 H1' }).click({ timeout: 60_000 });
    await expect(ablate.getByTestId('att-importance-verdict')).toBeVisible({ timeout: 90_000 });
    await expectNoViolations(page, `ablate (${colorScheme})`);
  });
}
