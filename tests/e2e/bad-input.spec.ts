// The bad-input corpus in Chromium: what a reader can do to the built page — odd links, pasted texts, crafted
// checkpoint files, a browser that refuses storage — must end in a clear message or a working page, with no
// console error, no uncaught exception, and nothing saved lost. The Node side of the corpus (tests/badInput, run by
// tests/unit/badInput.test.ts) covers the worker boundary case by case; this spec covers the page around it.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flipped, truncated, withContents, withHeader } from '../badInput/craft';
import { expectClean, waitForChapter, watchPage } from './helpers';

const shipped = readFileSync(join(import.meta.dirname, '../../public/models/default.tbt'));
const shippedBuffer = shipped.buffer.slice(shipped.byteOffset, shipped.byteOffset + shipped.byteLength) as ArrayBuffer;

async function nextToken(page: Page): Promise<string> {
  const token = page.getByTestId('next-token');
  await expect(token).toBeVisible({ timeout: 30_000 });
  return (await token.textContent()) ?? '';
}

const links: [string, string][] = [
  ['an unknown chapter', '#/no-such-chapter/step'],
  ['a step past the end', '#/overview/99'],
  ['a broken percent escape', '#/overview/%E0%A4%A'],
  ['temperature NaN and a seed of 1e400', '#/overview/pipeline?temperature=NaN&seed=1e400'],
  ['a 5,000-character prompt', `#/overview/pipeline?prompt=${'ROMEO '.repeat(900)}`],
  ['half an emoji escape', '#/overview/pipeline?prompt=%F0%9F'],
  ['__proto__ knobs', '#/overview/pipeline?__proto__=1&constructor=x&hide=__proto__'],
  ['a javascript: link', '#/javascript:alert(1)/x'],
];

for (const [name, hash] of links) {
  test(`a link with ${name} opens a working page`, async ({ page }) => {
    const watch = watchPage(page);
    await page.goto(`/${hash}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('.step').first()).toBeVisible();
    expect(page.url()).not.toContain('javascript:alert');
    expectClean(watch);
  });
}

test('an empty prompt is explained, and pasting a book is cut to the prompt limit', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto('/#/overview/pipeline');
  await waitForChapter(page, 'Overview');
  await nextToken(page);
  const prompt = page.getByRole('textbox', { name: 'Your prompt' });
  await prompt.fill('');
  await expect(page.getByRole('alert').filter({ hasText: 'prompt is empty' })).toBeVisible({ timeout: 15_000 });
  await prompt.fill('ROMEO: '.repeat(20_000));
  expect([...(await prompt.inputValue())].length).toBeLessThanOrEqual(400);
  await nextToken(page);
  await prompt.fill('Привет, мир 👩‍👩‍👧 مرحبا \u200b\uFEFF');
  await nextToken(page); // the shipped byte-level BPE takes any Unicode
  await expect(page.getByTestId('byte-tokens-note')).toContainText('only part of a character');
  expectClean(watch);
});

function craftedFiles(): [string, Buffer, RegExp][] {
  const buf = (b: ArrayBuffer) => Buffer.from(new Uint8Array(b));
  return [
    ['noise.tbt', Buffer.from(Uint8Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 24)), /signature/],
    ['truncated.tbt', buf(truncated(shippedBuffer, shippedBuffer.byteLength - 1000)), /checksum|truncated/],
    ['flipped.tbt', buf(flipped(shippedBuffer, -9)), /checksum/],
    ['nan.tbt', buf(withContents(shippedBuffer, (c) => { c.tensors.get('wte.weight')!.data[7] = Number.NaN; })), /not finite|non-finite|NaN/],
    ['zero-layers.tbt', buf(withHeader(shippedBuffer, (h) => { (h.config as Record<string, unknown>).nLayer = 0; })), /nLayer/],
  ];
}

test('crafted checkpoint files are refused with a reason, and the shipped model keeps working', async ({ page }, testInfo) => {
  const watch = watchPage(page);
  await page.goto('/#/overview/pipeline');
  await waitForChapter(page, 'Overview');
  const before = await nextToken(page);
  await page.getByRole('button', { name: 'Model', exact: true }).click();
  const panel = page.locator('#model-panel');
  const input = panel.getByLabel(/Import a checkpoint file/);
  await expect(input).toBeEnabled({ timeout: 30_000 });
  mkdirSync(testInfo.outputDir, { recursive: true });
  for (const [name, bytes, reason] of craftedFiles()) {
    const path = join(testInfo.outputDir, name);
    writeFileSync(path, bytes);
    await input.setInputFiles(path);
    const alert = panel.getByRole('alert');
    await expect(alert).toContainText(name);
    await expect(alert).toContainText(reason);
    await expect(alert).toContainText('Nothing was changed');
  }
  await expect(panel.getByRole('radio')).toHaveCount(1);
  await page.getByRole('button', { name: 'Model', exact: true }).click();
  expect(await nextToken(page)).toBe(before);
  expectClean(watch);
});

test('a browser that refuses storage still runs the book, and says checkpoints last only this visit', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { get: () => { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); } });
    Object.defineProperty(window, 'localStorage', { get: () => { throw new DOMException('Access is denied for this document.', 'SecurityError'); } });
  });
  const watch = watchPage(page);
  await page.goto('/#/overview/pipeline');
  await waitForChapter(page, 'Overview');
  await nextToken(page);
  await page.getByRole('button', { name: 'Model', exact: true }).click();
  await expect(page.locator('#model-panel')).toContainText(/memory only/);
  await page.getByRole('button', { name: 'Dark theme' }).click(); // a preference that cannot be saved still applies
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expectClean(watch);
});

test.describe('a chapter whose code cannot be downloaded', () => {
  test.use({ serviceWorkers: 'block' }); // the page's own requests, not a cache, must meet the failure

  test('says so once, offers to try again, and does not retry in a loop', async ({ page }) => {
    const asked: string[] = [];
    await page.route(/\/assets\/Chapter-[^/]*\.js$/, (route) => {
      asked.push(route.request().url());
      // A stale deploy's host answers a missing script with its HTML page.
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Token by Token</title>' });
    });
    await page.goto('/#/overview/learning');
    const alert = page.getByRole('alert').filter({ hasText: 'This chapter could not be loaded' });
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
    await page.waitForTimeout(3000);
    expect(asked.length, 'requests for the chapter while the message shows').toBeLessThanOrEqual(2);

    await page.unroute(/\/assets\/Chapter-[^/]*\.js$/);
    await alert.getByRole('button', { name: 'Reload the page' }).click();
    await waitForChapter(page, 'Overview');
  });
});
