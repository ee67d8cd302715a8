// The Overview as a reader uses it: type a prompt, see it computed by the engine; the model lab keeps a saved
// checkpoint across a reload and refuses a bad file with its message.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectClean, waitForChapter, watchPage } from './helpers';
import { withMeta } from './labFiles';

async function openPipeline(page: Page) {
  await page.goto('/#/overview/pipeline');
  await waitForChapter(page, 'Overview');
  await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 30_000 });
}

test('the Overview runs on a typed prompt and shows a next token computed by the engine', async ({ page }) => {
  const watch = watchPage(page);
  await openPipeline(page);
  const prompt = page.getByRole('textbox', { name: 'Your prompt' });
  await prompt.fill('JULIET:');
  const tokens = page.getByRole('list', { name: 'Your prompt as tokens' });
  await expect.poll(async () => (await tokens.locator('.token-label').allTextContents()).join('')).toBe('JULIET:');
  await expect(page.getByTestId('next-token')).toHaveText(/.+/);
  await expect(page.locator('.model-status')).toContainText(/Computed now in your browser by .* on /);
  await expect(page).toHaveURL(/prompt=JULIET%3A/);
  // Append the drawn token: the prompt grows and the pipeline runs again on it.
  const before = await tokens.getByRole('button').count();
  await page.getByRole('button', { name: /^Append “/ }).click();
  await expect(prompt).not.toHaveValue('JULIET:');
  await expect.poll(() => tokens.getByRole('button').count()).toBeGreaterThan(before);
  expectClean(watch);
});

test('the model lab keeps an imported checkpoint across a reload, and refuses a bad file with its message', async ({ page }, testInfo) => {
  const watch = watchPage(page);
  await openPipeline(page);
  await page.getByRole('button', { name: 'Model' }).click();
  const panel = page.locator('#model-panel');

  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: /^Export Shipped base model/ }).click();
  const file = join(testInfo.outputDir, 'shipped-copy.tbt');
  await (await download).saveAs(file);

  const bad = join(testInfo.outputDir, 'broken.tbt');
  const bytes = readFileSync(file);
  writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await panel.getByLabel(/Import a checkpoint file/).setInputFiles(bad);
  await expect(panel.getByRole('alert')).toContainText('“broken.tbt” was not imported');
  await expect(panel.getByRole('alert')).toContainText('Nothing was changed');
  await expect(panel.getByRole('radio')).toHaveCount(1);

  // The shipped file itself is refused as a duplicate; the same model under another label is a new checkpoint.
  const relabelled = join(testInfo.outputDir, 'relabelled.tbt');
  writeFileSync(relabelled, withMeta(bytes, { label: 'Shipped, relabelled' }));
  await panel.getByLabel(/Import a checkpoint file/).setInputFiles(relabelled);
  await expect(panel.getByRole('status')).toContainText('Imported');
  await expect(panel.getByRole('radio')).toHaveCount(2);
  await panel.getByRole('radio').nth(1).check();

  await page.reload();
  await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Model' }).click();
  await expect(panel.getByRole('radio')).toHaveCount(2);
  await expect(panel.getByRole('radio').nth(1)).toBeChecked();

  await panel.getByRole('button', { name: 'Reset to the shipped model…' }).click();
  await panel.getByRole('button', { name: 'Yes, reset' }).click();
  await expect(panel.getByRole('radio')).toHaveCount(1);
  // The refused import logged nothing to the console; the HTTP watcher sees only the app's own files.
  expectClean(watch);
});

test('the engine panel says which backend runs and why, and switches to another', async ({ page }) => {
  await openPipeline(page);
  await page.getByRole('button', { name: /^Engine: / }).click();
  const panel = page.locator('#engine-panel');
  await expect(panel).toContainText(/Running on .+: .+\./);
  await panel.getByRole('radio', { name: /Plain JavaScript/ }).check();
  await expect(page.getByRole('button', { name: 'Engine: js' })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.model-status')).toContainText('plain JavaScript');
  await expect(page.getByTestId('next-token')).toBeVisible();
  await panel.getByRole('radio', { name: /Automatic/ }).check();
  await expect(page.getByRole('button', { name: /^Engine: (wasm|webgpu)$/ })).toBeVisible({ timeout: 30_000 });
});
