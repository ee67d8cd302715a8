// A crashed engine worker in real Chromium: the page notices, starts a new worker, tells the reader, and the
// Overview computes again on the reloaded model — nothing the reader made is lost.
import { expect, test } from '@playwright/test';
import { waitForChapter } from './helpers';

test('a worker that crashes is restarted, the reader is told, and the Overview computes again', async ({ page }) => {
  await page.goto('/#/overview/pipeline');
  await waitForChapter(page, 'Overview');
  await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 30_000 });
  const engineWorker = page.workers().find((w) => /engine\.worker/.test(w.url()));
  expect(engineWorker, `engine worker among ${page.workers().map((w) => w.url()).join(', ')}`).toBeTruthy();

  // An uncaught exception inside the worker: what a bug in the engine would do.
  await engineWorker!.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated engine crash');
    }, 0);
  });
  const notice = page.locator('.engine-notice');
  await expect(notice).toContainText(/crashed.*restarted\. Nothing you made is lost\./, { timeout: 20_000 });
  await expect.poll(() => page.workers().filter((w) => /engine\.worker/.test(w.url())).length, { timeout: 20_000 }).toBeGreaterThan(0);

  // The new worker has the model again: a new prompt gets a new next token.
  await page.getByRole('textbox', { name: 'Your prompt' }).fill('KING RICHARD:');
  const tokens = page.getByRole('list', { name: 'Your prompt as tokens' });
  await expect.poll(async () => (await tokens.locator('.token-label').allTextContents()).join(''), { timeout: 30_000 }).toBe('KING␣RICHARD:');
  await expect(page.getByTestId('next-token')).toHaveText(/.+/);
  await notice.getByRole('button', { name: 'OK' }).click();
  await expect(notice).toHaveCount(0);
});

test('a worker that hangs is detected by its missed heartbeats and restarted', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/#/overview/pipeline');
  await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 30_000 });
  const engineWorker = page.workers().find((w) => /engine\.worker/.test(w.url()));
  // A busy loop that never yields: no pong comes back. Terminating the worker ends the evaluation with an error.
  void engineWorker!.evaluate(() => {
    const end = Date.now() + 90_000;
    while (Date.now() < end) { /* hung */ }
  }).catch(() => {});
  await expect(page.locator('.engine-notice')).toContainText(/stopped responding .* so it was restarted/, { timeout: 60_000 });
  await page.getByRole('textbox', { name: 'Your prompt' }).fill('QUEEN:');
  const tokens = page.getByRole('list', { name: 'Your prompt as tokens' });
  await expect.poll(async () => (await tokens.locator('.token-label').allTextContents()).join(''), { timeout: 30_000 }).toBe('QUEEN:');
  await expect(page.getByTestId('next-token')).toHaveText(/.+/);
});
