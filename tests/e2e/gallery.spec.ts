// The figure kit's gallery in real Chromium: every figure renders with no console error, its data table opens,
// the scatter map zooms (buttons, keys, wheel), the heat map reads the cell under the pointer, and axe finds no
// violation in light, dark, projector and phone layouts. Screenshots for docs/ on request:
// SCREENSHOTS=1 E2E_PORT=4185 npx playwright test gallery
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { expectClean, watchPage } from './helpers';

async function openGallery(page: Page, query = '') {
  await page.goto(`/gallery.html${query}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Figure kit gallery' })).toBeVisible();
  await expect(page.getByRole('figure')).toHaveCount(6);
}

async function expectNoViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, label).toEqual([]);
}

test('every figure is labelled as sample data and opens its data table', async ({ page }) => {
  const watch = watchPage(page);
  await openGallery(page);
  for (const figure of await page.getByRole('figure').all()) await expect(figure.locator('.viz-source')).toHaveText('sample data');
  const bars = page.getByRole('figure', { name: 'Next-token probabilities (sample)' });
  await bars.getByRole('button', { name: 'Show the numbers' }).click();
  const table = bars.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(11);
  await expect(table.getByRole('row').nth(2)).toContainText('␣question');
  await expect(bars.getByRole('button', { name: 'Hide the numbers' })).toHaveAttribute('aria-expanded', 'true');
  expectClean(watch);
});

test('the scatter map zooms by button, key and wheel, and resets', async ({ page }) => {
  await openGallery(page);
  const map = page.getByRole('figure', { name: /A map of 5,000 words/ });
  const surface = map.getByRole('group', { name: /5000 points/ });
  await expect(surface).toHaveAttribute('data-zoom', '1.000');
  await map.getByRole('button', { name: 'Zoom in' }).click();
  await expect(surface).toHaveAttribute('data-zoom', '1.500');
  await surface.focus();
  await page.keyboard.press('+');
  await expect(surface).toHaveAttribute('data-zoom', '2.250');
  await surface.hover();
  await page.mouse.wheel(0, 400); // wheel down zooms out
  await expect.poll(async () => Number(await surface.getAttribute('data-zoom'))).toBeLessThan(2.25);
  await map.getByRole('button', { name: 'Reset view' }).click();
  await expect(surface).toHaveAttribute('data-zoom', '1.000');
  await map.getByRole('textbox', { name: 'Find a point' }).fill('queen');
  await expect(map.getByText('1 found')).toBeVisible();
});

test('the heat map reads the cell under the pointer, and the arrow keys move it', async ({ page }) => {
  await openGallery(page);
  const heat = page.getByRole('figure', { name: 'Attention weights of one head (sample)' });
  const canvas = heat.locator('canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const cell = box.width / 10;
  await page.mouse.move(box.x + cell * 0.5, box.y + cell * 2.5); // row 3, column 1
  await expect(heat.locator('.viz-readout')).toHaveText(/^query ,, key To: weight 0\.\d+$/);
  await page.mouse.move(box.x + cell * 9.5, box.y + cell * 0.5); // row 1, column 10: ahead of the token
  await expect(heat.locator('.viz-readout')).toHaveText(/^query To, key\s+is: masked$/);
  await heat.getByRole('group').focus();
  await page.keyboard.press('ArrowDown');
  await expect(heat.locator('.viz-readout')).toHaveText(/^query\s+be, key\s+is: masked$/);
});

test('sixteen 128 × 128 heat maps redraw (time printed, not asserted)', async ({ page }) => {
  await openGallery(page);
  const many = page.getByRole('figure', { name: /16 heads/ });
  await expect(many.locator('canvas')).toHaveCount(16);
  const times: string[] = [];
  for (let i = 0; i < 5; i++) {
    await many.getByRole('button', { name: 'Redraw all 16' }).click();
    times.push((await many.getByTestId('redraw-ms').textContent()) ?? '');
  }
  console.log(JSON.stringify({ figure: 'gallery_redraw_16_heatmaps_128', value: times.map((t) => Number(/([\d.]+) ms/.exec(t)?.[1])), unit: 'ms' }));
});

for (const [name, query, viewport] of [
  ['light', '', { width: 1280, height: 900 }],
  ['dark', '?theme=dark', { width: 1280, height: 900 }],
  ['projector', '?projector', { width: 1600, height: 1000 }],
  ['phone', '', { width: 360, height: 780 }],
] as const) {
  test(`no axe violations in the gallery (${name})`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme: name === 'dark' ? 'dark' : 'light', reducedMotion: 'reduce' });
    await openGallery(page, query);
    // Open one table, so the table markup is audited too.
    await page.getByRole('figure', { name: /Loss while training/ }).getByRole('button', { name: 'Show the numbers' }).click();
    await expectNoViolations(page, name);
    if (process.env.SCREENSHOTS) {
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: join(process.cwd(), 'docs', 'screenshots', `gallery-${name}.png`), fullPage: true });
    }
  });
}
