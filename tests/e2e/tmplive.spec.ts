import { expect, test } from '@playwright/test';
test('live retrain of learned to the end', async ({ page }) => {
  test.setTimeout(540_000);
  await page.goto('/#/embeddings/schemes');
  const schemes = page.locator('#step-schemes');
  await schemes.getByRole('radio', { name: /learned/ }).check();
  const started = Date.now();
  await schemes.getByRole('button', { name: /Train “learned/ }).click();
  await expect(schemes.getByTestId('scheme-run-status')).toHaveText(/Done/, { timeout: 520_000 });
  console.log(`${await schemes.getByTestId('scheme-run-status').textContent()} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
});
