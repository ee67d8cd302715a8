// The RLHF chapter in Chromium with the shipped model: rate pairs with the keyboard, let the classroom rater add
// more, train the reward model, run one PPO round, reload and find the ratings, the round and the reward model
// still there. A second run records the classroom preset's reward and KL per iteration (printed, never asserted as
// speed), then checks that β = 0 hacks the reward (reward and KL up, text degenerate) and β = 0.1 does less so.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectClean, waitForChapter, watchPage } from './helpers';

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).include('.chapter').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

test('rate with the keyboard, train a reward model, run a PPO round, and find it all after a reload', async ({ page }) => {
  test.setTimeout(480_000);
  const watch = watchPage(page);
  await page.goto('/#/rlhf/rate?seed=3&rlIters=2');
  await waitForChapter(page, 'RLHF');
  const rate = page.locator('#step-rate');
  const pair = rate.getByRole('group', { name: /Pair to rate/ });
  await expect(rate.getByTestId('answer-a')).not.toBeEmpty({ timeout: 60_000 });
  for (const [key, count] of [['a', 1], ['b', 2], ['a', 3], ['t', 4]] as const) {
    await expect(rate.getByRole('button', { name: 'A is better' })).toBeEnabled({ timeout: 60_000 });
    await pair.focus();
    await page.keyboard.press(key);
    await expect(rate.getByTestId('rating-count')).toHaveText(new RegExp(`^${count} rating`), { timeout: 60_000 });
  }
  await expect(rate.getByRole('button', { name: 'A is better' })).toBeEnabled({ timeout: 60_000 });
  await rate.getByRole('button', { name: /Let the rater rate 8 pairs/ }).click();
  await expect(rate.getByText(/The classroom rater added 8 ratings/)).toBeVisible({ timeout: 120_000 });
  await expect(rate.getByTestId('rating-count')).toHaveText(/^12 ratings in the lab \(4 by you, 8 scripted\)/);

  const reward = page.locator('#step-reward');
  await reward.getByRole('button', { name: 'Most of them: 60–85 %' }).click();
  await reward.getByRole('button', { name: /Train the reward model/ }).click();
  await expect(reward.getByTestId('reward-summary')).toContainText(/Trained on \d+ pairs/, { timeout: 240_000 });
  console.log('reward model:', await reward.getByTestId('reward-summary').locator('p').first().textContent());

  const ppo = page.locator('#step-ppo');
  await ppo.getByRole('button', { name: 'Run PPO (2 iterations)' }).click();
  await expect(ppo.getByTestId('ppo-saved')).toBeVisible({ timeout: 240_000 });
  await expect(ppo.getByRole('figure', { name: 'Reward and KL' })).toBeVisible();
  await expect(page.locator('#step-rounds').getByRole('table', { name: 'RLHF runs' }).getByRole('row')).toHaveCount(3);
  await expectNoAxeViolations(page); // with the curves, the before/after samples and the rounds table on the page

  await page.reload();
  await waitForChapter(page, 'RLHF');
  await expect(page.locator('#step-rate').getByTestId('rating-count')).toHaveText(/^12 ratings in the lab \(4 by you, 8 scripted\)/, { timeout: 60_000 });
  await expect(page.locator('#step-rounds').getByRole('table', { name: 'RLHF runs' }).getByRole('row')).toHaveCount(3);
  // The reward model came back from the lab (IndexedDB): shown, and ready for PPO without training again.
  await expect(page.locator('#step-reward').getByTestId('reward-kept')).toContainText(/kept in the model lab from an earlier visit/, { timeout: 60_000 });
  await expect(page.locator('#step-ppo').getByRole('radio', { name: /Your reward model \(held-out accuracy/ })).toBeEnabled();
  expectClean(watch);
});

test('the classroom preset on the shipped model: reward and KL per iteration', async ({ page }) => {
  test.setTimeout(480_000);
  const watch = watchPage(page);
  await page.goto('/#/rlhf/ppo?seed=3&rlIters=12&rlBeta=0.1&rlRule=short-lines');
  await waitForChapter(page, 'RLHF');
  const rate = page.locator('#step-rate');
  await expect(rate.getByRole('button', { name: /Let the rater rate 8 pairs/ })).toBeEnabled({ timeout: 60_000 });
  await rate.getByRole('button', { name: /Let the rater rate 8 pairs/ }).click();
  await expect(rate.getByText(/The classroom rater added 8 ratings/)).toBeVisible({ timeout: 120_000 });
  const ppo = page.locator('#step-ppo');
  await ppo.getByRole('radio', { name: /The classroom rule itself/ }).check();
  const started = Date.now();
  await ppo.getByRole('button', { name: 'Run PPO (12 iterations)' }).click();
  await expect(ppo.getByTestId('ppo-saved')).toBeVisible({ timeout: 420_000 });
  const figure = ppo.getByRole('figure', { name: 'Reward and KL' });
  await figure.getByRole('button', { name: 'Show the numbers' }).click();
  console.log(`classroom preset (short-lines, β 0.1, 12 iterations) in ${((Date.now() - started) / 1000).toFixed(0)} s:\n${await figure.locator('table').innerText()}`);
  if (process.env.SCREENSHOTS) await ppo.screenshot({ path: 'docs/screenshots/rlhf-ppo-light.png' });

  // Reward hacking on the same page: predict, run with β = 0, and print what it did to the text.
  const hacking = page.locator('#step-hacking');
  await hacking.getByRole('button', { name: /reward keeps rising while the text falls apart/ }).click();
  await hacking.getByRole('button', { name: 'Run with β = 0' }).click();
  const verdict = hacking.getByTestId('hacking-verdict');
  await expect(verdict).toBeVisible({ timeout: 420_000 });
  const said = (await verdict.textContent())!;
  console.log(`hacking preset: ${said}`);
  // What β = 0 does, checked in Chromium: reward up, KL up, the text degenerating (fewer distinct bigrams, a worse
  // held-out loss). Seeded, so the same numbers every run; the margins are wide.
  const [, r0, r1, d0, d1, v0, v1, k0, k1] = said.match(
    /reward went from (-?[\d.]+) to (-?[\d.]+), while distinct bigrams went from ([\d.]+) to ([\d.]+) and the held-out loss from ([\d.]+) to ([\d.]+) nats; the KL to the start model rose from (-?[\d.]+) to (-?[\d.]+)/,
  )!.map(Number);
  expect(r1).toBeGreaterThan(r0);
  expect(k1).toBeGreaterThan(Math.max(k0, 1));
  expect(d1).toBeLessThan(0.7 * d0);
  expect(v1).toBeGreaterThan(v0);
  await hacking.getByRole('button', { name: 'Run again with β = 0.1' }).click();
  const leashed = hacking.getByRole('figure', { name: 'What the text pays for it with β = 0.1' });
  await expect(hacking.getByRole('figure', { name: 'Before and after, β = 0.1' })).toBeVisible({ timeout: 420_000 });
  await leashed.getByRole('button', { name: 'Show the numbers' }).click();
  console.log(`with β = 0.1:\n${await leashed.locator('table').innerText()}`);
  const leash = (await hacking.getByTestId('leashed-verdict').textContent())!;
  console.log(leash);
  // With the leash restored, the same run drifts less and keeps more of its variety.
  const [, kl, klFree, distinct, distinctFree] = leash.match(/the KL\s+to (-?[\d.]+) nats \(β = 0: (-?[\d.]+)\), and distinct bigrams\s+to ([\d.]+) \(β = 0: ([\d.]+)\)/)!.map(Number);
  expect(kl).toBeLessThan(klFree);
  expect(distinct).toBeGreaterThan(distinctFree);
  if (process.env.SCREENSHOTS) await hacking.screenshot({ path: 'docs/screenshots/rlhf-hacking-light.png' });
  expectClean(watch);
});

test('the rating step fits a 360 px phone without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/#/rlhf/rate?seed=3');
  await waitForChapter(page, 'RLHF');
  await expect(page.locator('#step-rate').getByTestId('answer-a')).not.toBeEmpty({ timeout: 60_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the rule editor: a mistake is pointed at, a rule that reads is shown as code, and both pass axe', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto(`/#/rlhf/rate?seed=3&rlRule=expr&rlExpr=${encodeURIComponent('2*contans("love")')}`);
  await waitForChapter(page, 'RLHF');
  const rate = page.locator('#step-rate');
  await expect(rate.getByRole('alert')).toContainText('At character 3: “contans” is not a measure or function');
  await expect(rate.getByRole('button', { name: /Let the rater rate 8 pairs/ })).toBeDisabled();
  await rate.getByText('What a rule can say').click();
  await expectNoAxeViolations(page);
  const field = rate.getByRole('textbox', { name: 'Your rule' });
  await field.fill('2*contains("love") + words("thee", "thou") - length/100');
  await expect(rate.getByLabel('The rater\'s rule as code')).toContainText('score(text) = 2*contains("love") + words("thee", "thou") - length/100');
  await expect(rate.getByRole('button', { name: /Let the rater rate 8 pairs/ })).toBeEnabled({ timeout: 60_000 });
  await expectNoAxeViolations(page);
  expectClean(watch);
});
