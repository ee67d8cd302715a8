// On request only (GPT2_FULL=dir with model.safetensors + config.json from make_gpt2_fixture.py --full): opens a
// GPT-2 124M-shaped file in the lab in Chromium and prints how long it took and the worker's heap.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { waitForChapter } from './helpers';

const dir = process.env.GPT2_FULL;
test.skip(!dir, 'set GPT2_FULL to a folder with a 124M GPT-2 file');

test('a 124M GPT-2 file opens in the lab and the Overview runs on it', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/#/overview/pipeline?prompt=Hello%20world');
  await waitForChapter(page, 'Overview');
  await page.getByRole('button', { name: 'Model' }).click();
  const panel = page.locator('#model-panel');
  const input = panel.getByLabel(/Open a GPT-2 model/);
  await expect(input).toBeEnabled({ timeout: 60_000 });
  const started = Date.now();
  await input.setInputFiles([join(dir!, 'model.safetensors'), join(dir!, 'config.json')]);
  await expect(panel.getByRole('status')).toContainText(/Opened “GPT-2/, { timeout: 500_000 });
  const opened = Date.now() - started;
  await panel.getByRole('radio', { name: /^GPT-2 \(model/ }).check();
  const picked = Date.now();
  await expect(page.getByRole('list', { name: 'Your prompt as tokens' }).getByRole('button')).toHaveCount(2, { timeout: 300_000 });
  await expect(page.getByTestId('next-token')).toHaveText(/.+/, { timeout: 300_000 });
  console.log(`GPT-2 124M: opened and stored in ${(opened / 1000).toFixed(1)} s; Overview ready ${((Date.now() - picked) / 1000).toFixed(1)} s after choosing it`);
});
