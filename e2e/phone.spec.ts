// Why: on a phone (390 px wide) no page scrolls sideways, and the walkthrough's explanation sits right under the player, before the ring and the other tables.
import { expect, ready, test } from './fixtures';
import type { Page } from '@playwright/test';

test.use({ viewport: { width: 390, height: 844 } });

/** How far the page reaches past the viewport, sideways (0 when nothing overflows). */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

for (const path of [
  '/walkthrough/descriptor-flow',
  '/walkthrough/descriptor-flow?step=30&lang=both',
  '/walkthrough/descriptor-flow?step=30&lang=zh&indirect=true',
  '/embed/descriptor-flow',
  '/embed/descriptor-flow?step=30&lang=both',
]) {
  test(`no sideways scroll at 390 px: ${path}`, async ({ page, problems }) => {
    await page.goto(path);
    await ready(page, Number(/step=(\d+)/.exec(path)?.[1] ?? 0));
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    void problems;
  });
}

test('no sideways scroll at 390 px: the catalogue', async ({ page, problems }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  void problems;
});

test('no sideways scroll at 390 px: the playground, before and after a run', async ({ page, problems }) => {
  await page.goto('/playground');
  await expect(page.getByTestId('playground')).toHaveAttribute('data-isolated', 'true');
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  await page.getByTestId('frames').fill('20000');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 60_000 });
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  void problems;
});

for (const path of ['/walkthrough/descriptor-flow?step=12', '/embed/descriptor-flow?step=12']) {
  test(`on a phone the explanation comes right after the player, before the ring: ${path}`, async ({ page, problems }) => {
    await page.goto(path);
    await ready(page, 12);
    const top = async (id: string) => (await page.getByTestId(id).boundingBox())!.y;
    const player = await top('player');
    const prose = await top('prose');
    const ring = await top('ring-view');
    expect(player).toBeLessThan(prose);
    expect(prose).toBeLessThan(ring);
    // The ring is the next view, not pushed below every table.
    for (const other of ['backtrace', 'threads', 'eventfds', 'counters', 'memory']) {
      if ((await page.getByTestId(other).count()) > 0) expect(ring).toBeLessThan(await top(other));
    }
    void problems;
  });
}
