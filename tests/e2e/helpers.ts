// Shared e2e helpers: a page watcher that fails on console errors and on any request leaving the origin.
import { expect, type Page } from '@playwright/test';
import { chapters } from '../../src/chapters';

export const chapterIds = chapters.map((c) => c.id);
export const chapterTitles = chapters.map((c) => c.title);

export interface PageWatch {
  errors: string[];
  foreignRequests: string[];
}

/** Records console errors, uncaught exceptions and requests to any origin but the app's own. */
export function watchPage(page: Page, origin = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`): PageWatch {
  const watch: PageWatch = { errors: [], foreignRequests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') watch.errors.push(msg.text());
  });
  page.on('pageerror', (error) => watch.errors.push(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) watch.errors.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) watch.foreignRequests.push(url);
  });
  return watch;
}

export function expectClean(watch: PageWatch): void {
  expect(watch.errors, 'console errors').toEqual([]);
  expect(watch.foreignRequests, 'requests leaving the origin').toEqual([]);
}

/** Waits until the chapter's title and all its visible steps have rendered. */
export async function waitForChapter(page: Page, title: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: title, exact: true })).toBeVisible();
  await expect(page.getByText('Loading the chapter…')).toHaveCount(0);
  await expect(page.locator('.step').first()).toBeVisible();
}
