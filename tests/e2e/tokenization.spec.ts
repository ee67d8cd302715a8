// Tokenization as a reader uses it: type a text and see it cut five ways by the engine in the worker, pick a token
// to mark its characters in every view, switch to a sample in another script, and guess a count before it is shown.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { encode as o200kReference } from 'gpt-tokenizer/encoding/o200k_base';
import { expectClean, waitForChapter, watchPage } from './helpers';

test('the five views cut typed text, mark a picked token everywhere, and explain byte tokens', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto('/#/tokenization/views');
  await waitForChapter(page, 'Tokenization');
  const text = page.getByRole('textbox', { name: 'Your text' });
  await text.fill('Hello world');
  await expect(page).toHaveURL(/tokText=Hello(\+|%20)world/);

  // GPT-4o's two tokens and their ids are those of OpenAI's o200k_base (gpt-tokenizer gives the same).
  const gpt4o = page.getByRole('list', { name: 'GPT-4o (o200k) tokens' });
  await expect(gpt4o.getByRole('button')).toHaveCount(2, { timeout: 30_000 });
  await expect(gpt4o.getByRole('button', { name: /^Hello ?, id 13225$/ })).toBeVisible();
  await expect(page.getByTestId('count-gpt4o')).toHaveText('2 tokens · 5.50 characters per token');
  await expect(page.getByTestId('count-char')).toHaveText('11 tokens · 1.00 characters per token');

  // Hovering " world" in GPT-4o's view previews its characters (6 to 11) in the character view; picking keeps them.
  const chars = page.getByRole('list', { name: 'Characters tokens' }).getByRole('button');
  await gpt4o.getByRole('button', { name: /^␣world/ }).hover();
  await expect(chars.nth(6)).toHaveAccessibleName(/ 100%$/);
  await gpt4o.getByRole('button', { name: /^␣world/ }).click();
  await expect(chars.nth(0)).toHaveAccessibleName(/ 0%$/);
  await expect(chars.nth(6)).toHaveAccessibleName(/ 100%$/);

  // The keyboard picks too: Enter on a focused chip.
  await page.getByRole('list', { name: 'Words tokens' }).getByRole('button', { name: /^Hello/ }).focus();
  await page.keyboard.press('Enter');
  await expect(chars.nth(0)).toHaveAccessibleName(/ 100%$/);
  await expect(chars.nth(6)).toHaveAccessibleName(/ 0%$/);

  // A Russian sample: GPT-2 cuts letters into UTF-8 bytes, and the page says why.
  await page.getByRole('group', { name: 'Sample texts' }).getByRole('button', { name: 'Russian' }).click();
  await expect(text).toHaveValue(/^Привет/);
  await expect(page.getByTestId('bytes-note')).toContainText('UTF-8');
  const gpt2 = Number((await page.getByTestId('count-gpt2').textContent())?.match(/^(\d+) tokens/)?.[1]);
  await expect.poll(async () => Number((await page.getByTestId('count-gpt4o').textContent())?.match(/^(\d+) tokens/)?.[1])).toBeLessThan(gpt2);
  expectClean(watch);
});

test('a guess comes first, then the engine reveals the count and how close it was', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto('/#/tokenization/guess');
  await waitForChapter(page, 'Tokenization');
  await expect(page.getByTestId('count-verdict')).toHaveCount(0);
  const slider = page.getByRole('slider', { name: 'Your guess' });
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveValue('16');
  await page.getByRole('button', { name: 'Reveal the count' }).click();
  const verdict = page.getByTestId('count-verdict');
  await expect(verdict).toContainText(/GPT-4o cuts it into \d+ tokens\. You guessed 16/, { timeout: 30_000 });
  const count = Number((await verdict.textContent())?.match(/into (\d+) tokens/)?.[1]);
  await expect(page.getByRole('list', { name: 'The sentence in GPT-4o tokens' }).getByRole('listitem')).toHaveCount(count);

  await page.getByRole('radio', { name: /^Arabic/ }).check();
  await page.getByRole('button', { name: 'Reveal the counts' }).click();
  await expect(page.getByTestId('language-verdict')).toContainText('costs GPT-2 the most');
  await expect(page.getByRole('list', { name: 'GPT-4o tokens per language' }).getByRole('listitem')).toHaveCount(5);
  expectClean(watch);
});

test('the chapter fits a 360 px phone without sideways scrolling', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/#/tokenization/views?tokText=Die%20Donaudampfschifffahrtsgesellschaft%20f%C3%A4hrt');
  await waitForChapter(page, 'Tokenization');
  await expect(page.getByTestId('count-gpt4o')).toBeVisible({ timeout: 30_000 });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  // The later steps too, once they hold a trained BPE: player, chart, save, trees, browser, granularity table.
  await page.evaluate(() => (location.hash = '#/tokenization/train?tokMerges=40'));
  await page.getByRole('button', { name: 'Train 40 merges' }).click();
  await expect(page.getByTestId('train-stop')).toBeVisible({ timeout: 120_000 });
  await page.getByRole('list', { name: 'Pick a GPT-4o (o200k) token to unwind' }).getByRole('button').first().click();
  await expect(page.getByRole('list', { name: /^Merge tree of / })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('granularity-bpe')).toBeVisible({ timeout: 60_000 });
  expect(await overflow()).toBeLessThanOrEqual(0);
});

async function expectNoViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, label).toEqual([]);
}

// The book-wide axe audit sees each chapter as it first loads; this one sees what the reader makes appear:
// marked chips, special tokens, the revealed answers and their bars, in both themes and in projector mode.
for (const [colorScheme, view] of [['light', ''], ['dark', ''], ['light', '&view=projector']] as const) {
  test(`no axe violations once tokens are picked and answers revealed (${colorScheme}${view ? ', projector' : ''})`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme });
    await page.goto(`/#/tokenization/views?tokText=%3C%7Cendoftext%7C%3EHi%20%D0%BC%D0%B8%D1%80&tokSpecial=1${view}`);
    await waitForChapter(page, 'Tokenization');
    await expect(page.getByTestId('special-gpt4o')).toBeVisible({ timeout: 30_000 });
    await page.getByRole('list', { name: 'GPT-2 (r50k) tokens' }).getByRole('button').nth(1).click();
    await expectNoViolations(page, `views (${colorScheme}${view})`);

    await page.goto(`/#/tokenization/guess?${view.slice(1)}`);
    await waitForChapter(page, 'Tokenization');
    await page.getByRole('button', { name: 'Reveal the count' }).click();
    await page.getByRole('radio', { name: /^Chinese/ }).check();
    await page.getByRole('button', { name: 'Reveal the counts' }).click();
    await expect(page.getByTestId('language-verdict')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('count-verdict')).toBeVisible();
    await expectNoViolations(page, `guess (${colorScheme}${view})`);
  });
}

test("GPT-4o's count of a text in several scripts equals gpt-tokenizer's", async ({ page }) => {
  const text = 'Tokenizers cut text: Привет, мир! 早上好。 صباح الخير 👨‍👩‍👧 3.14159 Donaudampfschifffahrt';
  await page.goto(`/#/tokenization/views?tokText=${encodeURIComponent(text)}`);
  await waitForChapter(page, 'Tokenization');
  const expected = o200kReference(text).length;
  await expect(page.getByTestId('count-gpt4o')).toHaveText(new RegExp(`^${expected} tokens`), { timeout: 60_000 });
});

test('train 50 merges live, step through them, save the tokenizer, and unwind a token', async ({ page }) => {
  test.setTimeout(180_000);
  const watch = watchPage(page);
  await page.goto('/#/tokenization/train?tokMerges=50&tokText=the%20theatre%20then');
  await waitForChapter(page, 'Tokenization');
  await page.getByRole('button', { name: 'Train 50 merges' }).click();
  const stop = page.getByTestId('train-stop');
  await expect(stop).toContainText('Trained 50 merges on Tiny Shakespeare', { timeout: 120_000 });
  console.log(`[tokenization] BPE training on Tiny Shakespeare: ${(await stop.textContent())?.match(/\(([\d,]+ merges a second)\)/)?.[1] ?? 'rate not shown'}`);
  const player = page.getByRole('group', { name: 'Merge player' });
  await player.getByRole('button', { name: 'Show all' }).click();
  await expect(page.getByTestId('merge-now')).toContainText(/^Merge 50: .* times\.$/);
  await expect(page.getByText(/GPT-2 gets \d\.\d\d with 50,257/)).toBeVisible();

  await page.getByRole('button', { name: 'Save to the lab' }).click();
  const link = page.getByTestId('tokenizer-saved').getByRole('link', { name: 'Train a model with it' });
  await expect(link).toHaveAttribute('href', /^#\/training\/pretrain\?trainTokenizer=lab:[\w-]+$/);

  // Same page (the trained tokenizer lives until the page is left): the unwind step.
  await page.evaluate(() => (location.hash = '#/tokenization/unwind?tokMerges=50&tokText=the%20theatre%20then'));
  const ours = page.getByRole('list', { name: 'Pick a token of your BPE to unwind' });
  await ours.getByRole('button').first().click();
  await expect(page.getByRole('list', { name: /^Merge tree of / })).toContainText('byte 0x', { timeout: 60_000 });
  // The vocabulary browser, most frequent first: its top token unwinds to a merge and its two parts.
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('frequency');
  await page.getByRole('button', { name: /^Unwind / }).first().click();
  await expect(page.getByRole('list', { name: /^Merge tree of / })).toContainText('merge rank 0', { timeout: 60_000 });
  await page.getByRole('list', { name: 'Pick a GPT-4o (o200k) token to unwind' }).getByRole('button').first().click();
  await expect(page.getByRole('list', { name: 'Merge tree of the' })).toContainText(/byte 0x74/, { timeout: 60_000 });
  await page.evaluate(() => (location.hash = '#/tokenization/granularity?tokMerges=50&tokText=the%20theatre%20then'));
  await expect(page.getByTestId('granularity-bpe')).toBeVisible({ timeout: 60_000 });
  // Everything the reader made appear (player, chart, saved note, trees, browser, granularity table) passes axe.
  await expectNoViolations(page, 'train, unwind and granularity');
  expectClean(watch);
});

test('prints the time to tokenize 1 MB five ways and to train on it (figures, not assertions)', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/#/tokenization/views');
  await waitForChapter(page, 'Tokenization');
  await page.evaluate(() => {
    (window as unknown as { longTasks: number[] }).longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as unknown as { longTasks: number[] }).longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  await page.getByText(/A long text: paste a book/).click();
  await page.getByRole('button', { name: 'Load Tiny Shakespeare (1.1 MB)' }).click();
  await expect(page.getByText(/^1,115,394 UTF-16 units to count/)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Count it five ways' }).click();
  await expect(page.getByTestId('long-status')).toHaveText(/Done: 5 ways/, { timeout: 150_000 });
  for (const line of await page.getByTestId('long-counts').getByRole('listitem').allTextContents()) console.log(`[tokenization] 1.1 MB: ${line}`);
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.splice(0));
  console.log(`[tokenization] main-thread tasks over 50 ms while counting: ${longTasks.length ? longTasks.join(', ') + ' ms' : 'none'}`);

  // The same 1.1 MB, held aside, trains a BPE in the worker (same page: the long text lives until it is left).
  await page.evaluate(() => (location.hash = '#/tokenization/train?tokTrainOn=long&tokMerges=500'));
  await page.getByRole('button', { name: 'Train 500 merges' }).click();
  const stop = page.getByTestId('train-stop');
  await expect(stop).toContainText('Trained 500 merges on Tiny Shakespeare', { timeout: 120_000 });
  const trainTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.splice(0));
  console.log(`[tokenization] 1.1 MB BPE training, 500 merges: ${(await stop.textContent())?.match(/\(([\d,]+ merges a second)\)/)?.[1]}; main-thread tasks over 50 ms: ${trainTasks.length ? trainTasks.join(', ') + ' ms' : 'none'}`);
});
