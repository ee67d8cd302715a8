import { test } from '@playwright/test';
const steps = ['space', 'word2vec', 'context', 'dimensions', 'positions', 'order', 'schemes'];
for (const width of [1280, 360]) {
  test(`look ${width}`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width, height: 1000 });
    await page.goto('/#/embeddings/space?embQuery=%20king');
    await page.waitForTimeout(6000);
    const guess = page.locator('#step-space').getByRole('group', { name: /nearest/ }).getByRole('button').first();
    await guess.click();
    await page.locator('#step-word2vec').getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(6000);
    await page.locator('#step-order').getByRole('button', { name: /Yes: its/ }).click();
    await page.waitForTimeout(3000);
    for (const s of steps) {
      await page.locator(`#step-${s}`).screenshot({ path: `/tmp/look/${s}-${width}.png` });
    }
  });
}
