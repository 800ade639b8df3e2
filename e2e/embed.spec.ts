// Why: an embed inside someone else's (non-isolated) page must still run, on a plain ArrayBuffer, and say so.
import { expect, isolatedIn, ready, test, viewOf } from './fixtures';

const HOST = `http://127.0.0.1:${process.env.EMBED_PORT || 3001}/`;

test('the embed runs without isolation inside a plain host page, and stepping changes the view', async ({ page, problems }) => {
  await page.goto(`${HOST}?src=${encodeURIComponent('/embed/descriptor-flow?step=10&lang=en')}`);
  const embed = page.frameLocator('#embed');
  await ready(embed, 10);

  const frame = page.frames().find((f) => f.url().includes('/embed/descriptor-flow'));
  expect(frame).toBeDefined();
  expect(await isolatedIn(frame!)).toBe(false);
  const line = embed.getByTestId('isolation');
  await expect(line).toHaveCount(1);
  await expect(line).toHaveAttribute('data-isolated', 'false');

  const before = await viewOf(embed);
  await embed.getByTestId('player-forward').click();
  await ready(embed, 11);
  const after = await viewOf(embed);
  expect(after.ring).not.toBe(before.ring);
  expect(after.prose).not.toBe(before.prose);

  // Memory views refresh per step: back to 10 shows exactly what 10 showed.
  await embed.getByTestId('player-back').click();
  await ready(embed, 10);
  expect(await viewOf(embed)).toEqual(before);

  // The way out: the full version at the same step.
  await expect(embed.getByTestId('open-full')).toHaveAttribute('href', /\/walkthrough\/descriptor-flow\?.*step=10/);
  void problems;
});

test('the embed page on its own is chrome-less: ring, prose and player only', async ({ page, problems }) => {
  await page.goto('/embed/descriptor-flow');
  await ready(page, 0);
  await expect(page.getByTestId('ring-view')).toBeVisible();
  await expect(page.getByTestId('prose')).toBeVisible();
  await expect(page.getByTestId('memory')).toHaveCount(0);
  await expect(page.getByTestId('options')).toHaveCount(0);
  void problems;
});
