// The Generation chapter as a reader uses it: guess the next token before seeing the model's probabilities, then
// generate ten tokens, branch at one step, walk back along the tree, change the temperature, and reload the shared
// link to the same text; drag the temperature curve; compare the shipped model with a second checkpoint imported
// into the lab; guess, then count, what twenty tokens cost.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/engine/train/checkpoint';
import { expectClean, waitForChapter, watchPage } from './helpers';

/** axe-core on the whole chapter once its interactive figures (tree, tables, curve) are on the page. */
async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

const shippedFile = readFileSync(join(import.meta.dirname, '../../public/models/default.tbt'));

/** The shipped model with every weight nudged (deterministically) and labelled SFT: other weights, same tokenizer. */
function nudgedCheckpoint(): Buffer {
  const contents = decodeCheckpoint(shippedFile);
  for (const [name, t] of contents.tensors) {
    if (name.startsWith('adam')) continue;
    for (let i = 0; i < t.data.length; i++) t.data[i] += 0.08 * Math.sin(i * 12.9898 + name.length);
  }
  contents.meta = { ...contents.meta, label: 'Nudged weights', kind: 'sft' } as typeof contents.meta;
  return Buffer.from(encodeCheckpoint(contents, { dtype: 'float16' }));
}

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

  // The tree keeps the first path; walking back along it restores the played text up to step 3.
  const tree = step.getByRole('list', { name: 'Generation tree' });
  await expect(tree.getByRole('listitem')).toHaveCount(2);
  await tree.getByRole('button', { name: /^Go back to step 10,/ }).click();
  await expect(generated).toHaveCount(10, { timeout: 30_000 });
  await expect(text).toHaveText(played!);
  await expect(tree.getByRole('listitem')).toHaveCount(2); // the branch is now the path not taken
  await expectNoAxeViolations(page);
  await tree.getByRole('button', { name: /^Go back to step 2,/ }).click();
  await expect(generated).toHaveCount(2, { timeout: 30_000 });

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

test('stopping a long play keeps what was generated, in the text and in the link', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto('/#/generation/step?prompt=ROMEO%3A&seed=5&genMaxLength=200');
  await waitForChapter(page, 'Generation');
  const step = page.locator('#step-step');
  const generated = step.getByRole('list', { name: 'Generated tokens' }).getByRole('button');
  await step.getByRole('button', { name: 'Play 200 tokens' }).click({ timeout: 30_000 });
  await expect.poll(() => generated.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  await step.getByRole('button', { name: 'Stop' }).click();
  await expect(step.getByRole('button', { name: 'Play 200 tokens' })).toBeEnabled();
  const kept = await generated.count();
  expect(kept).toBeGreaterThanOrEqual(3);
  expect(kept).toBeLessThan(200);
  await expect(page).toHaveURL(new RegExp(`branch=(\\d+%2C|\\d+,){${kept - 1}}\\d+(&|$)`));
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

test('dragging the temperature curve moves the knob, and greedy\'s loop is shown on the same prompt', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto('/#/generation/temperature?prompt=ROMEO%3A&temperature=1');
  await waitForChapter(page, 'Generation');
  const step = page.locator('#step-temperature');
  const curve = step.getByRole('slider', { name: 'Temperature on the curve' });
  await expect(curve).toBeVisible({ timeout: 60_000 });
  const handle = curve.locator('rect').last();
  await handle.scrollIntoViewIfNeeded();
  const box = (await handle.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/temperature=0\.2/);
  await expect(step.getByTestId('temperature-readout')).toHaveText(/At temperature 0\.2/);
  await expect(step.getByTestId('greedy-verdict')).toHaveText(/greedy repeats|No loop/, { timeout: 90_000 });
  console.log(`greedy on "ROMEO:": ${await step.getByTestId('greedy-verdict').textContent()}`);
  expectClean(watch);
});

test('two checkpoints from the lab continue the same prompt side by side, the first difference marked', async ({ page }, testInfo) => {
  const watch = watchPage(page);
  await page.goto('/#/generation/compare?prompt=ROMEO%3A&seed=2');
  await waitForChapter(page, 'Generation');
  const step = page.locator('#step-compare');
  await expect(step.getByTestId('compare-base')).toBeVisible({ timeout: 60_000 });
  await expect(step.getByTestId('compare-hint')).toBeVisible();

  mkdirSync(testInfo.outputDir, { recursive: true });
  const file = join(testInfo.outputDir, 'nudged.tbt');
  writeFileSync(file, nudgedCheckpoint());
  await page.getByRole('button', { name: 'Model', exact: true }).click();
  const panel = page.locator('#model-panel');
  await expect(panel.getByLabel(/Import a checkpoint file/)).toBeEnabled({ timeout: 30_000 });
  await panel.getByLabel(/Import a checkpoint file/).setInputFiles(file);
  await expect(panel.getByRole('status')).toContainText('Imported “Nudged weights”');
  await page.getByRole('button', { name: 'Model', exact: true }).click();

  await expect(step.getByTestId('compare-sft')).toBeVisible({ timeout: 60_000 });
  await expect(step.getByTestId('compare-hint')).toHaveCount(0);
  await expect(step.getByTestId('divergence-sft')).toHaveText(/then it differs|very first character/);
  await expect(step.getByTestId('compare-sft').locator('mark')).toHaveCount(1);
  console.log(`compare: ${await step.getByTestId('divergence-sft').textContent()}`);
  expectClean(watch);
});

test('guess the multiply-adds of twenty tokens, then see them counted with and without the KV cache', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto('/#/generation/cost?prompt=ROMEO%3A%20But%20soft&seed=1');
  await waitForChapter(page, 'Generation');
  const step = page.locator('#step-cost');
  await expect(step.getByTestId('large-models')).toHaveCount(0);
  await step.getByRole('button', { name: 'about 10 million' }).click({ timeout: 60_000 });
  const verdict = step.getByTestId('cost-verdict');
  await expect(verdict).toHaveText(/counted .* multiply-adds for 20 tokens/, { timeout: 90_000 });
  await expect(step.getByRole('table', { name: 'Multiply-adds by part' })).toBeVisible();
  await expect(step.getByTestId('large-models')).toContainText('GPT-4o-class');
  console.log(`cost: ${await verdict.textContent()}`);
  console.log(`energy: ${await step.getByTestId('energy-comparison').textContent()}`);
  await expectNoAxeViolations(page);
  expectClean(watch);
});
