// Backend parity in real Chromium: the same checkpoint and prompt on js (float32), wasm and webgpu (Chromium's
// SwiftShader adapter here, through --enable-unsafe-webgpu) give the float64 reference's next-token logits.
import { expect, test } from '@playwright/test';
import { expectClean, watchPage } from './helpers';

test('js, wasm and webgpu logits agree with the float64 reference on the reader\'s prompt', async ({ page }) => {
  test.setTimeout(180_000);
  const watch = watchPage(page);
  await page.goto('/#/overview/pipeline');
  await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: /^Engine: / }).click();
  const panel = page.locator('#engine-panel');
  await panel.getByRole('button', { name: 'Compare the backends' }).click();
  const table = panel.getByRole('table', { name: 'Backend agreement' });
  await expect(table).toBeVisible({ timeout: 150_000 });
  for (const name of ['js', 'wasm', 'webgpu']) {
    const cell = table.locator(`tr[data-backend="${name}"] td[data-diff]`);
    await expect(cell, `${name} ran`).toHaveCount(1);
    const diff = Number(await cell.getAttribute('data-diff'));
    expect(diff, `${name}: largest logit difference`).toBeLessThan(1e-3);
    await expect(table.locator(`tr[data-backend="${name}"]`)).toContainText('yes');
  }
  expectClean(watch);
});
