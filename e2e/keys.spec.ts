// Why: a first visit must just work: ← → Space Home End drive the player as soon as the page is ready, with nothing clicked or focused; a form field, the language switch and a focused button keep their own keys.
import { expect, ready, stepOf, test, totalOf } from './fixtures';
import type { Page } from '@playwright/test';

const WALKTHROUGH = '/walkthrough/descriptor-flow';
const EMBED = '/embed/descriptor-flow';

/** The element that has focus, as a tag name ('body' when nothing does). */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.tagName.toLowerCase() ?? null);

for (const path of [WALKTHROUGH, EMBED]) {
  test(`${path}: the arrows, Home and End drive the player on a fresh load, with nothing focused`, async ({ page, problems }) => {
    await page.goto(path);
    await ready(page, 0);
    const total = await totalOf(page);
    expect(await focused(page)).toBe('body');

    await page.keyboard.press('ArrowRight');
    await ready(page, 1);
    await page.keyboard.press('ArrowRight');
    await ready(page, 2);
    await page.keyboard.press('ArrowLeft');
    await ready(page, 1);
    await page.keyboard.press('End');
    await ready(page, total);
    await expect(page.getByTestId('player')).toHaveAttribute('data-state', 'at end');
    await page.keyboard.press('Home');
    await ready(page, 0);
    expect(await focused(page)).toBe('body');
    void problems;
  });
}

test('Space plays and pauses from a fresh load and does not scroll the page', async ({ page, problems }) => {
  await page.goto(WALKTHROUGH);
  await ready(page, 0);
  expect(await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight)).toBe(true); // a page that could scroll
  await page.keyboard.press(' ');
  await expect(page.getByTestId('player')).toHaveAttribute('data-state', 'playing');
  await expect.poll(async () => Number(await stepOf(page).getAttribute('data-step'))).toBeGreaterThan(0);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('player')).toHaveAttribute('data-state', 'paused');
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  void problems;
});

test('typing in a number field of the options does not move the player', async ({ page, problems }) => {
  await page.goto(`${WALKTHROUGH}?step=5`);
  await ready(page, 5);
  await page.getByTestId('options').locator('summary').click();
  const packets = page.getByTestId('option-packets');
  await packets.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Home');
  await page.keyboard.press(' ');
  await page.keyboard.type('2');
  await expect(packets).toHaveValue('24'); // Home put the caret first; the digit landed there
  await page.waitForTimeout(400);
  await expect(stepOf(page)).toHaveAttribute('data-step', '5');
  await expect(page.getByTestId('player')).toHaveAttribute('data-state', 'paused');
  void problems;
});

test('on the focused scrubber the keys are the player’s: an arrow steps once, Space plays', async ({ page, problems }) => {
  await page.goto(`${WALKTHROUGH}?step=10`);
  await ready(page, 10);
  await page.getByTestId('player-scrubber').focus();
  await page.keyboard.press('ArrowRight');
  await ready(page, 11);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await ready(page, 9);
  await page.waitForTimeout(300);
  await expect(stepOf(page)).toHaveAttribute('data-step', '9');
  // A native range input does nothing on Space; the player's command plays.
  await page.keyboard.press(' ');
  await expect(page.getByTestId('player')).toHaveAttribute('data-state', 'playing');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('player')).toHaveAttribute('data-state', 'paused');
  void problems;
});

test('Space on a focused control outside the player is that control’s: the options summary opens, the player stays', async ({ page, problems }) => {
  await page.goto(WALKTHROUGH);
  await ready(page, 0);
  const options = page.getByTestId('options');
  await options.locator('summary').focus();
  await page.keyboard.press(' ');
  await expect(options).toHaveAttribute('open', '');
  await expect(page.getByTestId('player')).toHaveAttribute('data-state', 'paused');
  // The arrows still step from there: a summary has no arrow keys of its own.
  await page.keyboard.press('ArrowRight');
  await ready(page, 1);
  void problems;
});
