import { expect, test } from '@playwright/test';
for (const w of [1280, 360]) {
  test(`look ${w}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: w, height: 900 });
    await page.goto('/#/attention/step?prompt=ROMEO%3A%20But%20soft%2C%20what%20light');
    const step = page.locator('#step-step');
    await step.getByRole('group', { name: /^Guess first/ }).getByRole('button').first().click({ timeout: 60_000 });
    await expect(step.getByTestId('att-check')).toBeVisible();
    await page.waitForTimeout(800);
    await step.screenshot({ path: `/tmp/att-step-${w}.png` });
    const ablate = page.locator('#step-ablate');
    await ablate.getByRole('button', { name: 'L2 H3', exact: true }).click();
    await ablate.getByRole('button', { name: 'Guess L1 H1' }).click();
    await expect(ablate.getByTestId('att-importance-verdict')).toBeVisible({ timeout: 90_000 });
    await ablate.screenshot({ path: `/tmp/att-ablate-${w}.png` });
    const roles = page.locator('#step-roles');
    await expect(roles.getByTestId('att-role-row').first()).toBeVisible({ timeout: 60_000 });
    await roles.screenshot({ path: `/tmp/att-roles-${w}.png` });
    console.log((await roles.locator('table').textContent()));
    await page.locator('#step-none').screenshot({ path: `/tmp/att-none-${w}.png` });
  });
}
