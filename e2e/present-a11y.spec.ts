// Instructor-mode pages pass axe (no serious or critical violations): the presenter view, an audience view following it, and the join page.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { expectFollowing, roomCode } from './follow-helpers';

const serious = async (page: import('@playwright/test').Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target}`);

test('presenter, audience and join pages have no serious accessibility violations', async ({ page, context }) => {
  await page.goto('/present/msix-vectors?via=local&lang=en');
  const code = await roomCode(page, 'local');
  await expect(page.getByTestId('current-caption-en')).toBeVisible({ timeout: 15_000 }).catch(() => {});
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('current-caption-en')).toBeVisible();
  await page.screenshot({ path: 'test-results/presenter.png', fullPage: false });
  expect(await serious(page)).toEqual([]);
  const follower = await context.newPage();
  await follower.goto(`/follow/msix-vectors?room=${code}&via=local&lang=zh`);
  await expectFollowing(follower, 1);
  expect(await serious(follower)).toEqual([]);
  await follower.goto('/follow?lang=en');
  expect(await serious(follower)).toEqual([]);
});
