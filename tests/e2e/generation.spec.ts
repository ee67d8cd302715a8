// The Generation chapter as a reader uses it: guess the next token before seeing the model's probabilities, then
// generate ten tokens, branch at one step, change the temperature, and reload the shared link to the same text.
import { expect, test } from '@playwright/test';
import { expectClean, waitForChapter, watchPage } from './helpers';

test('guessing the next token reveals the engine\'s probabilities only after the guess', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto('/#/generation/guess?prompt=ROMEO%3A%20But');
  await waitForChapter(page, 'Generation');
  const step = page.locator('#step-guess');
  const choices = step.getByRole('group', { name: /Your guess for the next token/ });
  await expect(choices.getByRole('button')).toHaveCount(10, { timeout: 30_000 });
  await expect(step.getByRole('list', { name: 'Likeliest next tokens' })).toHaveCount(0);
  await choices.getByRole('button').nth(3).press('Enter'); // keyboard works too
  await expect(step.getByTestId('guess-verdict')).toHaveText(/%/);
  await expect(step.getByRole('list', { name: 'Likeliest next tokens' }).getByRole('listitem')).toHaveCount(10);
  expectClean(watch);
});

test('ten tokens, a branch at step 2, a new temperature, and a link that replays the branch', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto('/#/generation/step?prompt=ROMEO%3A&seed=5');
  await waitForChapter(page, 'Generation');
  const step = page.locator('#step-step');
  const generated = step.getByRole('list', { name: 'Generated tokens' }).getByRole('button');
  const text = step.getByTestId('generated-text');

  await step.getByRole('button', { name: 'Play 10 tokens' }).click({ timeout: 30_000 });
  await expect(generated).toHaveCount(10, { timeout: 30_000 });
  await expect(step.getByRole('button', { name: 'Play 10 tokens' })).toBeEnabled();
  await expect(page).toHaveURL(/branch=(\d+,){9}\d+/);
  const played = await text.textContent();

  await generated.nth(1).click();
  await expect(step.getByRole('heading', { name: /^Step 2: the model chose/ })).toBeVisible();
  await step.getByRole('button', { name: /^Take “/ }).first().click();
  await expect(generated).toHaveCount(2);
  await expect(step.getByRole('heading', { name: 'Paths not taken' })).toBeVisible();
  await expect(text).not.toHaveText(played!);

  // A new temperature keeps the tokens and recomputes the probabilities they were drawn from.
  const bars = step.getByRole('list', { name: 'Likeliest tokens at step 2' });
  const before = await bars.textContent();
  await step.getByRole('slider', { name: 'Temperature' }).fill('1.8');
  await expect(page).toHaveURL(/temperature=1\.8/);
  await expect.poll(() => bars.textContent()).not.toBe(before);
  await expect(generated).toHaveCount(2);

  const branched = await text.textContent();
  await page.reload();
  await waitForChapter(page, 'Generation');
  await expect(page.locator('#step-step').getByTestId('generated-text')).toHaveText(branched!, { timeout: 30_000 });
  expectClean(watch);
});

test('the generation step fits a 360 px phone without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/#/generation/step?prompt=ROMEO%3A&seed=5');
  await waitForChapter(page, 'Generation');
  const step = page.locator('#step-step');
  await step.getByRole('button', { name: 'Play 10 tokens' }).click({ timeout: 30_000 });
  await expect(step.getByRole('list', { name: 'Generated tokens' }).getByRole('button')).toHaveCount(10, { timeout: 30_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a top-k slider cuts the distribution the draw uses, and greedy leaves one token', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto('/#/generation/decoding?prompt=ROMEO%3A');
  await waitForChapter(page, 'Generation');
  const step = page.locator('#step-decoding');
  const summary = step.getByTestId('decoding-summary');
  await expect(summary).toHaveText(/can be drawn/, { timeout: 30_000 });
  await step.getByRole('slider', { name: 'Top-k' }).fill('4');
  await expect(summary).toHaveText(/^4 of \d+ tokens can be drawn/);
  await expect(step.getByRole('list', { name: 'After the cuts' }).locator('[data-cut]')).toHaveCount(11);
  await expect(page).toHaveURL(/topK=4/);
  await step.getByRole('checkbox', { name: /^Greedy/ }).check();
  await expect(summary).toHaveText(/^1 of \d+ tokens can be drawn/);
  expectClean(watch);
});
