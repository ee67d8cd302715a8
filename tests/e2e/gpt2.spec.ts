// A GPT-2 file from the reader's disk, in Chromium: the lab opens model.safetensors + config.json (Hugging Face's
// layout; here GPT-2's full 50,257-token vocabulary on a tiny random trunk, tests/fixtures/gpt2/vocab-f16.*), keeps
// it across a reload, and the Overview then cuts the prompt with GPT-2's own tokenizer and predicts with that model.
// A file of the wrong kind is refused with its reason.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { expectClean, waitForChapter, watchPage } from './helpers';

const fixtures = join(import.meta.dirname, '../fixtures/gpt2');

test('open a GPT-2 file in the lab, keep it across a reload, and run the Overview on it with GPT-2\'s tokenizer', async ({ page }) => {
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
  expectClean(watch);
});
