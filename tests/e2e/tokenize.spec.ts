// The worker's tokenize method in the built site, in Chromium: GPT-2's and GPT-4o's rank tables come from
// public/tokenizers/ (fetched by the worker, whose scripts live in assets/), and after one visit they come from the
// service worker's cache with the network off.
import { expect, test, type Page } from '@playwright/test';
import { chapters } from '../../src/chapters';
import { waitForChapter, watchPage } from './helpers';

/** Starts a fresh engine worker from the built script the page uses and asks it to tokenize `text`. */
async function tokenizeInFreshWorker(page: Page, tokenizer: 'gpt2' | 'gpt4o', text: string) {
  return page.evaluate(async ({ tokenizer, text }) => {
    const script = performance.getEntriesByType('resource').map((e) => e.name).find((n) => /\/assets\/engine\.worker-[^/]*\.js$/.test(n));
    if (!script) throw new Error('the page started no engine worker');
    const worker = new Worker(script, { type: 'module' });
    try {
      return await new Promise<{ ids: number[]; charStarts: number[]; flags: number[] }>((resolve, reject) => {
        worker.onmessage = ({ data }) => {
          if (data.id !== 1) return;
          if (data.kind === 'result') resolve({ ids: [...data.result.ids], charStarts: [...data.result.charStarts], flags: [...data.result.flags] });
          if (data.kind === 'error') reject(new Error(data.error.message));
        };
        worker.postMessage({ kind: 'request', id: 1, method: 'tokenize', params: { text, tokenizer } });
      });
    } finally {
      worker.terminate();
    }
  }, { tokenizer, text });
}

test('tokenize fetches the shipped rank tables in the worker, and works offline after one visit', async ({ page, context }) => {
  const watch = watchPage(page);
  await page.goto('/');
  await waitForChapter(page, chapters[0].title);

  const online = await tokenizeInFreshWorker(page, 'gpt4o', 'Hello world 👍');
  expect(online.ids).toEqual([13225, 2375, 160_433]); // gpt-tokenizer's ids for the same text
  const gpt2 = await tokenizeInFreshWorker(page, 'gpt2', 'Hi 👍');
  expect(gpt2.charStarts).toEqual([0, 2, 3]); // " 👍" is cut in two byte pieces …
  expect(gpt2.flags).toEqual([0, 1, 1]); // … both marked partial

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
  expect(cached).toContain('/tokenizers/r50k_base.ranks.gz');
  expect(cached).toContain('/tokenizers/o200k_base.ranks.gz');

  await context.setOffline(true);
  await page.reload();
  await waitForChapter(page, chapters[0].title);
  expect((await tokenizeInFreshWorker(page, 'gpt2', 'Hello world')).ids).toEqual([15496, 995]);
  expect(watch.errors).toEqual([]);
});
