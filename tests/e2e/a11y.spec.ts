// axe-core finds no accessibility violation on any chapter, in light and dark themes, in reading and projector
// mode, and on every step of the Overview in projector mode (where each step is shown alone).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { chapters } from '../../src/chapters';
import { waitForChapter } from './helpers';

// Each test audits seven pages (or six steps); axe takes 5–10 s a page on a busy 2-core machine.
test.describe.configure({ timeout: 240_000 });

async function expectNoViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, label).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  for (const projector of [false, true]) {
    const mode = `${colorScheme}${projector ? ', projector' : ''}`;
    test(`no axe violations on any chapter (${mode})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      for (const chapter of chapters) {
        await page.goto(`/#/${chapter.id}${projector ? '?view=projector' : ''}`);
        await waitForChapter(page, chapter.title);
        if (chapter.id === 'overview' && !projector) await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 30_000 });
        await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
        await expectNoViolations(page, `${chapter.id} (${mode})`);
      }
    });
  }
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no axe violations on any Overview step in projector mode (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    const overview = chapters[0];
    for (const step of overview.steps) {
      await page.goto(`/#/${overview.id}/${step.id}?view=projector`);
      await waitForChapter(page, overview.title);
      await expect(page.getByRole('heading', { level: 2, name: step.title })).toBeVisible();
      if (step.id === 'pipeline') await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 30_000 });
      await expectNoViolations(page, `overview/${step.id} (${colorScheme}, projector)`);
    }
  });
}

test('no axe violations with the model, engine and share panels and the contents drawer open on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/#/overview/pipeline');
  await waitForChapter(page, 'Overview');
  await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 30_000 });
  for (const panel of ['Model', 'Engine: ', 'Share']) {
    await page.getByRole('button', { name: new RegExp(`^${panel}`) }).click();
    await expectNoViolations(page, `${panel} panel`);
  }
  await page.getByRole('button', { name: 'Contents' }).click();
  await expectNoViolations(page, 'contents drawer');
});
