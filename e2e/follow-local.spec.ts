// Instructor mode on one machine: two windows of the presenter's browser follow through BroadcastChannel, with no relay involved.
import { expect, test } from './fixtures';
import { expectFollowing, openWatched, presenterStep, roomCode } from './follow-helpers';

test('two pages follow a presenter through BroadcastChannel', async ({ page, context, problems }) => {
  const relayCalls: string[] = [];
  context.on('request', (r) => {
    if (r.url().includes('/api/relay')) relayCalls.push(r.url());
  });
  await page.goto('/present/kick-call?via=local&lang=zh');
  const code = await roomCode(page, 'local');
  await expect(presenterStep(page)).toHaveAttribute('data-step', '0');
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
  await expect(presenterStep(page)).toHaveAttribute('data-step', '2');

  // Two more windows of this browser: they ask the presenter for its state on joining.
  const one = await openWatched(context, problems);
  const two = await openWatched(context, problems);
  await one.goto(`/follow/kick-call?room=${code}&via=local`);
  await two.goto(`/follow/kick-call?room=${code}&via=local&lang=en`);
  await expectFollowing(one, 2);
  await expectFollowing(two, 2);
  await expect(one.getByTestId('follow-bar')).toHaveAttribute('data-via', 'local');

  await page.keyboard.press('ArrowRight');
  await expectFollowing(one, 3);
  await expectFollowing(two, 3);
  await page.keyboard.press('Home');
  await expectFollowing(one, 0);
  await expectFollowing(two, 0);

  // Speaker notes and the next step are the presenter's alone.
  await expect(page.getByTestId('speaker-notes')).toBeVisible();
  await expect(page.getByTestId('next-step')).toBeVisible();
  await expect(one.getByTestId('speaker-notes')).toHaveCount(0);

  await page.getByTestId('end-room').click();
  await expect(one.getByTestId('follow-over')).toBeVisible();
  expect(relayCalls).toEqual([]);
});
