// Screenshots of the Overview for docs/screenshots/ (README links them): light, dark, projector, 360 px phone.
// Run on request: SCREENSHOTS=1 npx playwright test screenshots
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';

const out = (name: string) => join(process.cwd(), 'docs', 'screenshots', `overview-${name}.png`);
const link = '/#/overview/pipeline?prompt=HAMLET%3A%0ATo%20be%2C%20or%20not%20to';

async function showPipeline(page: Page, hash = link) {
  await page.goto(hash);
  await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 60_000 });
  await page.evaluate(() => document.fonts.ready);
  await page.locator('#step-pipeline').scrollIntoViewIfNeeded();
  await page.evaluate(() => document.getElementById('step-pipeline')!.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
}

test.use({ reducedMotion: 'reduce' });

test('light', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 2000 });
  await page.emulateMedia({ colorScheme: 'light' });
  await showPipeline(page);
  await page.screenshot({ path: out('light') });
});

test('dark', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 2000 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await showPipeline(page);
  await page.screenshot({ path: out('dark') });
});

test('projector', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.emulateMedia({ colorScheme: 'light' });
  await showPipeline(page, `${link}&view=projector`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: out('projector') });
});

test('phone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.emulateMedia({ colorScheme: 'light' });
  await showPipeline(page);
  await page.screenshot({ path: out('phone') });
  // Further down the same page: attention and the next-token probabilities, still at 360 px.
  await page.locator('.stage[data-concept="probability"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(200);
  await page.screenshot({ path: out('phone-probabilities') });
});

// The chapters built so far beyond the Overview, each on its first step with its live figures.
const chapterShots = [
  { id: 'tokenization', hash: '/#/tokenization/views', ready: (page: Page) => expect(page.getByText(/GPT-4o/).first()).toBeVisible({ timeout: 60_000 }) },
  {
    id: 'generation', hash: '/#/generation/temperature', ready: async (page: Page) => {
      await expect(page.getByTestId('greedy-verdict')).toBeVisible({ timeout: 60_000 });
      await page.locator('#step-temperature').evaluate((el) => el.scrollIntoView()); // the steps above grew as their figures came
    },
  },
  { id: 'attention', hash: '/#/attention/grid', ready: (page: Page) => expect(page.locator('#step-grid').getByText('Layer 1, head 1, enlarged')).toBeVisible({ timeout: 60_000 }) },
  { id: 'embeddings', hash: '/#/embeddings/lookup', ready: (page: Page) => expect(page.locator('#step-lookup').getByTestId('lookup-summary')).toBeVisible({ timeout: 60_000 }) },
  { id: 'tokenization-train', hash: '/#/tokenization/train', ready: async (page: Page) => { await page.getByRole('button', { name: /^Train \d+ merges$/ }).click(); await expect(page.getByTestId('train-stop')).toBeVisible({ timeout: 120_000 }); await page.getByRole('button', { name: 'Show all' }).click(); await page.locator('#step-train').scrollIntoViewIfNeeded(); } },
  { id: 'rlhf', hash: '/#/rlhf/rate', ready: (page: Page) => expect(page.locator('#step-rate').getByTestId('answer-b')).not.toBeEmpty({ timeout: 60_000 }) },
  { id: 'training', hash: '/#/training/objective', ready: (page: Page) => expect(page.getByTestId('position-readout')).toBeVisible({ timeout: 60_000 }) },
];
const modes = [
  { name: 'light', width: 1280, height: 1400, scheme: 'light' as const, projector: false },
  { name: 'dark', width: 1280, height: 1400, scheme: 'dark' as const, projector: false },
  { name: 'projector', width: 1600, height: 1000, scheme: 'light' as const, projector: true },
  { name: 'phone', width: 360, height: 780, scheme: 'light' as const, projector: false },
];
for (const shot of chapterShots) {
  for (const mode of modes) {
    test(`${shot.id} ${mode.name}`, async ({ page }) => {
      await page.setViewportSize({ width: mode.width, height: mode.height });
      await page.emulateMedia({ colorScheme: mode.scheme });
      await page.goto(`${shot.hash}${mode.projector ? '?view=projector' : ''}`);
      await shot.ready(page);
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(1500); // the engine's figures arrive after the page
      await page.screenshot({ path: join(process.cwd(), 'docs', 'screenshots', `${shot.id}-${mode.name}.png`) });
    });
  }
}
