// The model lab as a reader uses it, in Chromium with real IndexedDB: import a checkpoint, rename it, reload and
// find it there, export the whole lab, delete, import the lab file back; a crafted file (a label that is an object,
// a loss that is a string) is refused with the field named and never blanks the page, before or after a reload; the
// same file twice is refused; a second tab follows the first.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectClean, waitForChapter, watchPage } from './helpers';
import { withMeta } from './labFiles';

const shippedFile = readFileSync(join(import.meta.dirname, '../../public/models/default.tbt'));

/** Writes a file for the browser to import, in the test's own output folder. */
function writeInput(dir: string, name: string, bytes: Buffer): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), bytes);
  return join(dir, name);
}

async function openLab(page: Page) {
  await page.goto('/#/overview/learning');
  await waitForChapter(page, 'Overview');
  await page.getByRole('button', { name: 'Model' }).click();
  const panel = page.locator('#model-panel');
  await expect(panel.getByLabel(/Import a checkpoint file/)).toBeEnabled({ timeout: 30_000 });
  return panel;
}

test('import, rename, reload, export the lab, delete, import the lab file back', async ({ page }, testInfo) => {
  const watch = watchPage(page);
  let panel = await openLab(page);
  const mine = writeInput(testInfo.outputDir, 'mine.tbt', withMeta(shippedFile, { label: 'Imported run', kind: 'sft' }));
  await panel.getByLabel(/Import a checkpoint file/).setInputFiles(mine);
  await expect(panel.getByRole('status')).toContainText('Imported “Imported run”');
  await expect(panel.getByRole('radio')).toHaveCount(2);

  // The same file again: refused, nothing doubled.
  await panel.getByLabel(/Import a checkpoint file/).setInputFiles(mine);
  await expect(panel.getByRole('alert')).toContainText('It is already in the lab as “Imported run”. Nothing was changed.');
  await expect(panel.getByRole('radio')).toHaveCount(2);

  // Rename with the keyboard only.
  await panel.getByRole('button', { name: 'Rename Imported run' }).focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('textbox', { name: 'New name for Imported run' })).toBeFocused();
  await page.keyboard.type('My fine-tuned model');
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('radio', { name: /^My fine-tuned model/ })).toBeVisible();

  await page.reload();
  panel = await openLab(page);
  await expect(panel.getByRole('radio', { name: /^My fine-tuned model/ })).toBeVisible();
  await expect(panel.getByText('sft', { exact: true })).toBeVisible();

  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export the whole lab' }).click();
  const labFile = join(testInfo.outputDir, (await download).suggestedFilename());
  await (await download).saveAs(labFile);
  expect(labFile).toMatch(/\.tbtlab$/);

  await panel.getByRole('button', { name: 'Delete My fine-tuned model' }).click();
  await panel.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(panel.getByRole('radio')).toHaveCount(1);

  await panel.getByLabel(/Import a checkpoint file/).setInputFiles(labFile);
  await expect(panel.getByRole('status')).toContainText(/Imported from “.*\.tbtlab”: 1 checkpoint\./);
  await expect(panel.getByRole('radio', { name: /^My fine-tuned model/ })).toBeVisible();
  await page.reload();
  panel = await openLab(page);
  await expect(panel.getByRole('radio', { name: /^My fine-tuned model/ })).toBeVisible();
  expectClean(watch);
});

test('a crafted checkpoint is refused with the field named, and the page stays whole, after a reload too', async ({ page }, testInfo) => {
  const watch = watchPage(page);
  let panel = await openLab(page);
  const crafted = writeInput(testInfo.outputDir, 'crafted.tbt', withMeta(shippedFile, { label: { html: '<b>boo</b>' }, valLoss: 'very low', kind: 42 }));
  await panel.getByLabel(/Import a checkpoint file/).setInputFiles(crafted);
  const alert = panel.getByRole('alert');
  await expect(alert).toContainText('“crafted.tbt” was not imported');
  await expect(alert).toContainText(/meta\.(label|kind|valLoss)/);
  await expect(alert).toContainText('Nothing was changed');
  await expect(panel.getByRole('radio')).toHaveCount(1);

  await page.reload();
  panel = await openLab(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(panel.getByRole('radio')).toHaveCount(1);
  await expect(panel.getByRole('radio', { name: /^Shipped base model/ })).toBeChecked();
  expectClean(watch);
});

test('two tabs share the lab: what one imports, renames or deletes, the other shows without a reload', async ({ page, context }, testInfo) => {
  const first = await openLab(page);
  const secondPage = await context.newPage();
  const second = await openLab(secondPage);
  const file = writeInput(testInfo.outputDir, 'shared.tbt', withMeta(shippedFile, { label: 'From tab one', kind: 'pretrained' }));
  await first.getByLabel(/Import a checkpoint file/).setInputFiles(file);
  await expect(second.getByRole('radio', { name: /^From tab one/ })).toBeVisible();
  await second.getByRole('button', { name: 'Rename From tab one' }).click();
  await second.getByRole('textbox', { name: 'New name for From tab one' }).fill('Renamed in tab two');
  await second.getByRole('button', { name: 'Save name' }).click();
  await expect(first.getByRole('radio', { name: /^Renamed in tab two/ })).toBeVisible();
  await first.getByRole('button', { name: 'Delete Renamed in tab two' }).click();
  await first.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(second.getByRole('radio')).toHaveCount(1);
});

test('the lab panel with two models is accessible and fits a 360 px phone, in projector mode too', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const panel = await openLab(page);
  const child = writeInput(testInfo.outputDir, 'child.tbt', withMeta(shippedFile, { label: 'A long name for a model fine-tuned on my own examples', kind: 'sft' }));
  await panel.getByLabel(/Import a checkpoint file/).setInputFiles(child);
  await expect(panel.getByRole('radio')).toHaveCount(2);
  for (const projector of [false, true]) {
    if (projector) await page.getByRole('button', { name: 'Projector' }).click();
    const results = await new AxeBuilder({ page }).include('#model-panel').analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`), `projector ${projector}`).toEqual([]);
    // Nothing in the panel reaches past the screen's right edge.
    const overflowing = await panel.evaluate((root) =>
      [...root.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(overflowing, `overflowing at 360 px, projector ${projector}`).toEqual([]);
  }
});
