// Why: the site has a light and a dark theme (issue 10): the reader's choice applies at once, is remembered, follows the system when unset, and stays accessible.
import AxeBuilder from '@axe-core/playwright';
import { expect, ready, test } from './fixtures';

test('the theme switch turns the walkthrough dark, the choice is remembered, and axe finds nothing serious in the dark', async ({ page, problems }) => {
  await page.goto('/walkthrough/vhost-user?lang=en&step=120');
  await ready(page, 120);
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
  await page.getByTestId('theme-switch').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(18, 22, 30)');
  await page.goto('/?lang=zh');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('theme-switch')).toHaveValue('dark');
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.getByTestId('theme-switch').selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
  void problems;
});

test('with no choice made, a system that prefers dark gets the dark tokens', async ({ page, problems }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/?lang=en');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(18, 22, 30)');
  void problems;
});
