// A GPT-2 file from the reader's disk, in Chromium: the lab opens model.safetensors + config.json (Hugging Face's
// layout; here GPT-2's full 50,257-token vocabulary on a tiny random trunk, tests/fixtures/gpt2/vocab-f16.*), keeps
// it across a reload, and the Overview then cuts the prompt with GPT-2's own tokenizer and predicts with that model.
// The Attention and Generation chapters then run on it too: its 1 layer × 2 heads on the grid, one head stepped
// through with its real numbers, ten tokens generated, and a cost counter whose output head is GPT-2's 50,257 scores
// per token; the Embeddings map holds all 50,257 tokens. A file of the wrong kind is refused with its reason.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { expectClean, waitForChapter, watchPage } from './helpers';

const fixtures = join(import.meta.dirname, '../fixtures/gpt2');

test('open a GPT-2 file in the lab, keep it across a reload, and run the Overview, Attention, Generation and Embeddings on it', async ({ page }) => {
  test.setTimeout(240_000);
  const watch = watchPage(page);
  await page.goto('/#/overview/pipeline?prompt=Hello%20world');
  await waitForChapter(page, 'Overview');
  const tokens = page.getByRole('list', { name: 'Your prompt as tokens' });
  await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 60_000 });
  const shippedCount = await tokens.getByRole('button').count();
  expect(shippedCount).toBeGreaterThan(2); // the shipped BPE (1,024 tokens, Shakespeare) needs more pieces
  await page.getByRole('button', { name: 'Model' }).click();
  const panel = page.locator('#model-panel');
  const input = panel.getByLabel(/Open a GPT-2 model/);
  await expect(input).toBeEnabled({ timeout: 30_000 });

  // The wrong kind of file first: refused, with the reason, and nothing added.
  await input.setInputFiles(join(fixtures, 'tiny.safetensors'));
  await expect(panel.getByRole('alert')).toContainText(/was not imported.*config\.json/, { timeout: 60_000 });
  await expect(panel.getByRole('radio')).toHaveCount(1);

  await input.setInputFiles([join(fixtures, 'vocab-f16.safetensors'), join(fixtures, 'vocab-config.json')]);
  await expect(panel.getByRole('status')).toContainText(/Opened “GPT-2 \(vocab-f16\)”: 0\.4M parameters, stored as float16/, { timeout: 60_000 });
  const gpt2 = panel.getByRole('radio', { name: /^GPT-2 \(vocab-f16\)/ });
  await gpt2.check();

  // "Hello world" is two GPT-2 tokens (ids 15496 and 995).
  await expect(tokens.getByRole('button')).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByTestId('next-token')).toHaveText(/.+/, { timeout: 60_000 });

  await page.reload();
  await waitForChapter(page, 'Overview');
  await expect(page.getByRole('list', { name: 'Your prompt as tokens' }).getByRole('button')).toHaveCount(2, { timeout: 60_000 });

  // Attention on the GPT-2 file: its own grid (1 layer × 2 heads; the shipped model has 16 heads), then one head.
  await page.goto('/#/attention/grid?prompt=Hello%20world%2C%20hello%20world');
  await waitForChapter(page, 'Attention');
  const grid = page.locator('#step-grid');
  await expect(grid.getByRole('button', { name: /^L\d+ H\d+: enlarge$/ })).toHaveCount(2, { timeout: 60_000 });
  await grid.getByRole('button', { name: 'L1 H2: enlarge' }).click();
  await expect(grid.getByText('Layer 1, head 2, enlarged')).toBeVisible();
  const headStep = page.locator('#step-step');
  const guess = headStep.getByRole('group', { name: /^Guess first/ });
  await guess.scrollIntoViewIfNeeded();
  await guess.getByRole('button').first().click();
  await expect(headStep.getByTestId('att-guess-verdict')).toHaveText(/%/, { timeout: 60_000 });
  await expect(headStep.getByTestId('att-check')).toHaveText(/at most \d\.\de-[5-9]/);

  // Generation on it: ten tokens, then the cost of twenty, counted on GPT-2's shape.
  await page.goto('/#/generation/step?prompt=Hello%20world&seed=5');
  await waitForChapter(page, 'Generation');
  const genStep = page.locator('#step-step');
  await genStep.getByRole('button', { name: 'Play 10 tokens' }).click({ timeout: 30_000 });
  await expect(genStep.getByRole('list', { name: 'Generated tokens' }).getByRole('button')).toHaveCount(10, { timeout: 60_000 });
  await page.goto('/#/generation/cost?prompt=Hello%20world&seed=1');
  await waitForChapter(page, 'Generation');
  const cost = page.locator('#step-cost');
  await cost.getByRole('group', { name: /^Guess first/ }).getByRole('button').first().click({ timeout: 60_000 });
  const verdict = cost.getByTestId('cost-verdict');
  await expect(verdict).toHaveText(/counted .* multiply-adds for 20 tokens/, { timeout: 90_000 });
  // Width 8 × 50,257 scores per token is 402,056 multiply-adds, nearly all of the tiny trunk's cost: 20 tokens ≈ 8 million.
  const millions = Number(/counted ([\d.]+) million multiply-adds/.exec((await verdict.textContent()) ?? '')?.[1]);
  expect(millions).toBeGreaterThan(8.04);
  expect(millions).toBeLessThan(8.4);

  // Embeddings on it: the map holds every one of GPT-2's 50,257 tokens, on canvas.
  await page.goto('/#/embeddings/space?prompt=Hello%20world');
  await waitForChapter(page, 'Embeddings & position');
  const space = page.locator('#step-space');
  await space.getByRole('group', { name: /^Before you look: which token is nearest/ }).getByRole('button').first().click({ timeout: 60_000 });
  await expect(space.getByRole('group', { name: /: 50257 points\./ }).first()).toBeVisible({ timeout: 90_000 });
  expectClean(watch);
});
