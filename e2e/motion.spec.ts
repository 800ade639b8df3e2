// Why: a reader who asks for reduced motion (prefers-reduced-motion: reduce) sees every change land at once: the chain chips jump instead of gliding between the tables, highlights appear without fades, and the sweep's bars appear at full height.
import { expect, ready, test } from './fixtures';
import type { Page } from '@playwright/test';

test.use({ reducedMotion: 'reduce' });

/** The box of the chip labelled `label`, read two animation frames after the step shown becomes `step` (while a glide would still be under way). */
function chipBoxOnArrival(page: Page, step: number, label: string): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([step, label]) =>
      new Promise<{ x: number; y: number }>((resolve) => {
        const shown = document.querySelector('[data-testid="step"]')!;
        const read = () => {
          const chip = [...document.querySelectorAll('[data-testid="ring-view"] span[data-stage]')].find((e) => e.textContent === label)!;
          const b = chip.getBoundingClientRect();
          resolve({ x: Math.round(b.x), y: Math.round(b.y) });
        };
        const watch = new MutationObserver(() => {
          if (shown.getAttribute('data-step') !== String(step)) return;
          watch.disconnect();
          requestAnimationFrame(() => requestAnimationFrame(read));
        });
        watch.observe(shown, { attributes: true });
      }),
    [step, label] as const,
  );
}

const chipBox = (page: Page, label: string) =>
  page.evaluate((label) => {
    const chip = [...document.querySelectorAll('[data-testid="ring-view"] span[data-stage]')].find((e) => e.textContent === label)!;
    const b = chip.getBoundingClientRect();
    return { x: Math.round(b.x), y: Math.round(b.y) };
  }, label);

test('a chain chip jumps from the descriptor table to the avail ring, no glide', async ({ page, problems }) => {
  // At step 7 the first frame's chain is published: its chip moves from desc[0] to avail ring[0].
  await page.goto('/walkthrough/descriptor-flow?step=6&lang=en');
  await ready(page, 6);
  await expect(page.getByTestId('desc-row-0').getByText('frame 0')).toBeVisible();
  const before = await chipBox(page, 'frame 0');
  const arrival = chipBoxOnArrival(page, 7, 'frame 0');
  await page.keyboard.press('ArrowRight');
  const first = await arrival;
  await ready(page, 7);
  await expect(page.getByTestId('avail-slot-0').getByText('frame 0')).toBeVisible();
  await page.waitForTimeout(800);
  const settled = await chipBox(page, 'frame 0');
  expect(settled).not.toEqual(before); // it did move
  expect(first).toEqual(settled); // and was already there on the first frames
  void problems;
});

test('highlights have no fades', async ({ page, problems }) => {
  await page.goto('/walkthrough/descriptor-flow?step=7&lang=en');
  await ready(page, 7);
  const durations = await page.evaluate(() =>
    ['[data-testid^="desc-row-"] > td', '[data-testid="avail-idx"]', '[data-testid^="fd-"] > td'].map((sel) => getComputedStyle(document.querySelector(sel)!).transitionDuration),
  );
  expect(durations).toEqual(['0s', '0s', '0s']);
  void problems;
});

test('the sweep’s bars appear at their height at once', async ({ page, problems }) => {
  await page.goto('/playground?lang=en');
  await expect(page.getByTestId('playground')).toHaveAttribute('data-isolated', 'true');
  // Runs long enough that the next bar (which rescales the chart) comes well after the first has been measured.
  await page.getByTestId('sweep-frames').fill('100000');
  // The first bar's height two frames after it appears, and ten frames later: a 0.4 s growth would differ.
  const heights = page.evaluate(
    () =>
      new Promise<[number, number]>((resolve) => {
        const frames = (n: number, then: () => void) => (n === 0 ? then() : requestAnimationFrame(() => frames(n - 1, then)));
        const watch = new MutationObserver(() => {
          const rect = document.querySelector('[data-testid="sweep-point-16"][data-ok="true"] rect');
          if (!rect) return;
          watch.disconnect();
          frames(2, () => {
            const early = rect.getBoundingClientRect().height;
            frames(8, () => resolve([early, rect.getBoundingClientRect().height]));
          });
        });
        watch.observe(document.body, { subtree: true, childList: true, attributes: true });
      }),
  );
  await page.getByTestId('sweep-run').click();
  const [early, later] = await heights;
  expect(later).toBeGreaterThan(10);
  expect(early).toBeCloseTo(later, 0);
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 60_000 });
  void problems;
});
