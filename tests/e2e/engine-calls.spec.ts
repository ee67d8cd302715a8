// The platform's worker methods in Chromium, on the real worker and the shipped model: the same calls the Node
// tests make, through a test page that is built only for this suite (TBT_TEST_PAGES, playwright.config.ts).
import { expect, test } from '@playwright/test';
import { expectClean, watchPage } from './helpers';

test('createModel, tokenize, evaluate, ids in and out, and a paused training run work in the browser', async ({ page }) => {
  test.setTimeout(180_000);
  const watch = watchPage(page);
  await page.goto('/tests/e2e/pages/engineCalls.html');
  await page.waitForFunction(() => 'engineCallsDone' in window || '__engineCalls' in window, null, { timeout: 170_000 });
  const results = (await page.evaluate(() => (window as unknown as { __engineCalls: { name: string; ok: boolean; detail: string }[] }).__engineCalls));
  expect(results.map((r) => r.name)).toHaveLength(6);
  for (const r of results) expect(r.ok, `${r.name}: ${r.detail}`).toBe(true);
  expectClean(watch);
});
