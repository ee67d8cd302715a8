// After one visit the book works with the network off: the service worker has cached the app, every chapter's
// code, the model and the data.
import { expect, test } from '@playwright/test';
import { chapters } from '../../src/chapters';
import { waitForChapter, watchPage } from './helpers';

test('a second visit works offline, every chapter included', async ({ page, context }) => {
  const watch = watchPage(page);
  await page.goto('/');
  await waitForChapter(page, chapters[0].title);
  // Wait until the worker has installed (all files cached) and controls this page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve()));
    }
  });
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('tbt-'))!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached).toContain('/data/tinyshakespeare.txt');
  expect(cached).toContain('/models/default.tbt');
  expect(cached.some((p) => /\/assets\/engine\.worker-.*\.js$/.test(p))).toBe(true);
  expect(cached.some((p) => /\/assets\/Chapter-.*\.js$/.test(p))).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await waitForChapter(page, chapters[0].title);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // The model runs offline too: the worker, its wasm kernels and the checkpoint all come from the cache.
  await page.goto('/#/overview/pipeline?prompt=JULIET%3A');
  await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 30_000 });
  for (const chapter of chapters) {
    await page.goto(`/#/${chapter.id}`);
    await waitForChapter(page, chapter.title);
  }
  // Offline, the only errors allowed are none at all: everything came from the cache.
  expect(watch.errors).toEqual([]);
});
