// The shell as a new reader uses it: every chapter loads cleanly, keyboard-only reading works from the first step
// to the last, a link restores the view, and it fits a 360 px phone.
import { expect, test } from '@playwright/test';
import { chapters } from '../../src/chapters';
import { chapterTitles, expectClean, waitForChapter, watchPage } from './helpers';

test('every chapter loads with no console error and no request leaving the origin', async ({ page }) => {
  const watch = watchPage(page);
  for (const chapter of chapters) {
    await page.goto(`/#/${chapter.id}`);
    await waitForChapter(page, chapter.title);
    await expect(page.locator('.step')).toHaveCount(chapter.steps.length);
  }
  expectClean(watch);
});

test('keyboard only: arrow keys walk every step of every chapter, and back', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto('/');
  await waitForChapter(page, chapterTitles[0]);
  const visited: string[] = [];
  for (const chapter of chapters) {
    for (let i = 0; i < chapter.steps.length; i++) {
      await expect(page).toHaveURL(new RegExp(`#/${chapter.id}/${chapter.steps[i].id}`));
      await expect(page.getByRole('heading', { level: 1, name: chapter.title, exact: true })).toBeVisible();
      if (i === 0) visited.push(chapter.title);
      await page.keyboard.press(i % 2 ? 'PageDown' : 'ArrowRight');
    }
  }
  expect(visited).toEqual(chapterTitles);
  // Every step in reading order, from the cards, so a chapter gaining steps does not break this walk.
  const walk = chapters.flatMap((c) => c.steps.map((s) => `#/${c.id}/${s.id}`));
  await expect(page).toHaveURL(new RegExp(walk.at(-1)!)); // the last key press at the last step changed nothing
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(new RegExp(walk.at(-2)!));
  await page.keyboard.press('PageUp');
  await expect(page).toHaveURL(new RegExp(walk.at(-3)!));
  expectClean(watch);
});

test('the step the reader scrolls to becomes the current one; scrolls the page makes do not move it', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/#/overview');
  await waitForChapter(page, chapterTitles[0]);
  const steps = chapters[0].steps;
  // The wheel, as a reader scrolls: the step whose top passes a third of the way down becomes current.
  const third = page.locator(`#step-${steps[2].id}`);
  while ((await third.boundingBox())!.y > 300) {
    await page.mouse.wheel(0, 100);
    await page.waitForTimeout(100);
  }
  const current = await page.evaluate(() => {
    const tops = [...document.querySelectorAll('section.step')].map((s) => s.getBoundingClientRect().top);
    return tops.filter((top) => top <= innerHeight / 3).length - 1;
  });
  expect(current).toBeGreaterThanOrEqual(2);
  await expect(page).toHaveURL(new RegExp(`#/overview/${steps[current].id}`));
  // A key's step stays current while the page scrolls there and after, whatever grows on the way.
  await page.mouse.move(5, 5);
  await page.keyboard.press('PageDown');
  await expect(page).toHaveURL(new RegExp(`#/overview/${steps[current + 1].id}`));
  await page.waitForTimeout(2000);
  await expect(page).toHaveURL(new RegExp(`#/overview/${steps[current + 1].id}`));
});

test('keyboard only: Tab reaches the contents and the Next button, Enter follows them', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForChapter(page, chapterTitles[0]);
  const toc = page.getByRole('navigation', { name: 'Chapters' });
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focusedText = await page.evaluate(() => document.activeElement?.textContent ?? '');
    if (focusedText.includes('Attention')) break;
  }
  await expect(toc.getByRole('link', { name: /Attention/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await waitForChapter(page, 'Attention');
  await expect(page.getByRole('heading', { level: 1, name: 'Attention' })).toBeFocused();
  // A built chapter shows every step with its figures and controls: Tab may take a few hundred presses to pass them.
  for (let i = 0; i < 600; i++) {
    await page.keyboard.press('Tab');
    if (await page.getByRole('button', { name: /^Next/ }).evaluate((el) => el === document.activeElement)) break;
  }
  await page.keyboard.press('Enter');
  await waitForChapter(page, 'Training');
});

test('a link restores chapter, step, knobs, teacher locks and projector mode', async ({ page }) => {
  await page.goto('/#/overview/pipeline?prompt=JULIET%3A%20O%20Romeo&temperature=1.25&lock=prompt&view=projector');
  await waitForChapter(page, 'Overview');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(['Try it: the whole pipeline']);
  const prompt = page.getByRole('textbox', { name: 'Your prompt' });
  await expect(prompt).toHaveValue('JULIET: O Romeo');
  await expect(prompt).toBeDisabled();
  await expect(page.locator('html')).toHaveAttribute('data-projector', '');
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Your prompt' })).toHaveValue('JULIET: O Romeo');
});

test('the back button returns to the previous step', async ({ page }) => {
  await page.goto('/#/overview/learning');
  await waitForChapter(page, 'Overview');
  // The live pipeline grows the page when the model arrives; click once the layout has settled.
  await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: /^Next/ }).click();
  await expect(page).toHaveURL(/#\/overview\/context/);
  await page.goBack();
  await expect(page).toHaveURL(/#\/overview\/learning/);
  await expect(page.locator('.step[aria-current="step"] h2')).toHaveText('Learning from texts');
});

test('fits a 360 px phone: no sideways scrolling, contents in a drawer', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const watch = watchPage(page);
  // Projector mode too: a teacher may mirror a phone, and its 150 % type is where the step bar used to overflow.
  for (const view of ['', '?view=projector']) {
    for (const chapter of chapters) {
      // Projector mode shows one step at a time: open the Overview at its live pipeline, the widest step.
      const path = view && chapter.id === 'overview' ? 'overview/pipeline' : chapter.id;
      await page.goto(`/#/${path}${view}`);
      await waitForChapter(page, chapter.title);
      if (chapter.id === 'overview') await expect(page.getByTestId('next-token')).toBeVisible({ timeout: 30_000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${chapter.id}${view} is wider than the screen`).toBeLessThanOrEqual(0);
    }
  }
  await page.goto('/#/overview');
  const toc = page.getByRole('navigation', { name: 'Chapters' });
  await expect(toc).toBeHidden();
  await page.getByRole('button', { name: 'Contents' }).click();
  await expect(toc).toBeVisible();
  await toc.getByRole('link', { name: /Training/ }).click();
  await waitForChapter(page, 'Training');
  await expect(toc).toBeHidden();
  expectClean(watch);
});
