// Why: a reader who asks for reduced motion (prefers-reduced-motion: reduce) sees every change land at once: the chain chips jump instead of gliding between the tables, highlights appear without fades, the sweep's bars appear at full height, and so do the comparison's.
import { expect, ready, test, totalOf } from './fixtures';
import type { Page } from '@playwright/test';

test.use({ reducedMotion: 'reduce' });

type Chips = Record<string, { row: string; x: number; y: number }>;

/**
 * Every chain chip of the ring view: its label, the row it sits in and its
 * box. With `step`, read two animation frames after the step shown becomes
 * `step` (while a glide would still be under way); without, read now.
 */
function chips(page: Page, step: number | null): Promise<Chips> {
  return page.evaluate(
    (step) =>
      new Promise<Chips>((resolve) => {
        const read = () => {
          const out: Chips = {};
          for (const chip of document.querySelectorAll<HTMLElement>('[data-testid="ring-view"] tr span[data-stage]')) {
            const b = chip.getBoundingClientRect();
            out[chip.textContent!] = { row: chip.closest('tr')!.dataset.testid!, x: Math.round(b.x), y: Math.round(b.y) };
          }
          resolve(out);
        };
        if (step === null) return read();
        const shown = document.querySelector('[data-testid="step"]')!;
        const watch = new MutationObserver(() => {
          if (shown.getAttribute('data-step') !== String(step)) return;
          watch.disconnect();
          requestAnimationFrame(() => requestAnimationFrame(read));
        });
        watch.observe(shown, { attributes: true });
      }),
    step,
  );
}

test('a chain chip jumps between the descriptor table and the rings, no glide', async ({ page, problems }) => {
  await page.goto('/walkthrough/descriptor-flow?lang=en');
  await ready(page, 0);
  const total = await totalOf(page);
  // Step until a chip changes place (a chain published in the avail ring, or given back in the used ring).
  let before = await chips(page, null);
  let moved: string[] = [];
  for (let step = 1; step <= total && moved.length === 0; step++) {
    const arrival = chips(page, step);
    await page.keyboard.press('ArrowRight');
    const first = await arrival;
    await ready(page, step);
    moved = Object.keys(first).filter((k) => before[k] && before[k].row !== first[k]!.row);
    if (moved.length === 0) {
      before = first;
      continue;
    }
    await page.waitForTimeout(800);
    const settled = await chips(page, null);
    for (const k of moved) {
      const at = ({ x, y }: { x: number; y: number }) => ({ x, y });
      expect(at(settled[k]!), `${k} moved`).not.toEqual(at(before[k]!));
      expect(at(first[k]!), `${k} was already in place on the first frames`).toEqual(at(settled[k]!));
    }
  }
  expect(moved.length, 'some chip changed place').toBeGreaterThan(0);
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
          const rect = document.querySelector('[data-testid^="sweep-point-"][data-ok="true"] rect');
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

test('the comparison’s bars appear at their length at once', async ({ page, problems }) => {
  await page.goto('/playground?lang=en');
  await expect(page.getByTestId('playground')).toHaveAttribute('data-isolated', 'true');
  await page.getByTestId('frames').fill('20000');
  // The first engine bar's width two frames after it appears, and ten frames later: a 0.4 s growth would differ.
  // The next bar that could rescale it comes after a bare-ring run of 1,000,000 buffers and another engine run.
  const widths = page.evaluate(
    () =>
      new Promise<[number, number]>((resolve) => {
        const frames = (n: number, then: () => void) => (n === 0 ? then() : requestAnimationFrame(() => frames(n - 1, then)));
        const watch = new MutationObserver(() => {
          const fill = document.querySelector('[data-testid="compare-engine-every"][data-ok="true"] [aria-hidden="true"] > span');
          if (!fill) return;
          watch.disconnect();
          frames(2, () => {
            const early = fill.getBoundingClientRect().width;
            frames(8, () => resolve([early, fill.getBoundingClientRect().width]));
          });
        });
        watch.observe(document.body, { subtree: true, childList: true, attributes: true });
      }),
  );
  await page.getByTestId('compare-run').click();
  const [early, later] = await widths;
  expect(later).toBeGreaterThan(10);
  expect(early).toBeCloseTo(later, 0);
  await expect(page.getByTestId('compare')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  void problems;
});
