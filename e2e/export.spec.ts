// Why: every view of every walkthrough must export as a real SVG and PNG at the current step, the transcript must hold every step, and the print layout must show every step with its prose.
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Download, Page } from '@playwright/test';
import { SCENARIO_IDS } from '../engine/scenarios/registry';
import { expect, ready, test, totalOf } from './fixtures';

async function saved(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const d = download as Download;
  return { name: d.suggestedFilename(), bytes: await readFile((await d.path())!) };
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(b: Buffer): { width: number; height: number } {
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(b.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Open the Export panel from the keyboard. */
async function openExport(page: Page): Promise<void> {
  const button = page.getByTestId('export-button');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('export-panel')).toBeVisible();
}

for (const id of SCENARIO_IDS) {
  test(`${id}: every view exports as SVG and PNG at the current step`, async ({ page, problems }) => {
    test.setTimeout(120_000);
    await page.goto(`/walkthrough/${id}?step=7&lang=en`);
    await ready(page, 7);
    await openExport(page);
    const views = await page.getByTestId('export-panel').locator('li[data-view]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.view!));
    // The list is what the page shows: every titled panel in the main area.
    const panels = await page.locator('main section[data-testid]').evaluateAll((els) => els.filter((e) => e.querySelector(':scope > header h2')).map((e) => (e as HTMLElement).dataset.testid!));
    expect(views).toEqual(panels);
    expect(views).toContain('prose');
    expect(views.length).toBeGreaterThanOrEqual(4);

    const caption = (await page.getByTestId('caption-en').innerText()).trim();
    for (const view of views) {
      const svg = await saved(page, () => page.getByTestId(`export-svg-${view}`).click());
      expect(svg.name).toBe(`${id}-step-7-${view}.svg`);
      const text = svg.bytes.toString('utf8');
      expect(text.startsWith('<?xml')).toBe(true);
      const root = /<svg\b[^>]*>/.exec(text)?.[0] ?? '';
      expect(root).toContain('xmlns="http://www.w3.org/2000/svg"');
      expect(root).toMatch(/ width="\d+"/);
      expect(root).toMatch(/ height="\d+"/);
      expect(svg.bytes.length, view).toBeGreaterThan(1000);
      // A standalone file: the look is inlined, and nothing points back at the site's stylesheets or classes' rules.
      expect(text).not.toMatch(/<link\b|<script\b/);
      expect(text).toMatch(/style="[^"]+"/);
      if (view === 'prose') expect(text).toContain(caption.slice(0, 40).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
      await expect(page.getByTestId('export-status')).toHaveAttribute('data-status', 'done');

      const png = await saved(page, () => page.getByTestId(`export-png-${view}`).click());
      expect(png.name).toBe(`${id}-step-7-${view}.png`);
      const size = pngSize(png.bytes);
      expect(size.width).toBeGreaterThan(50);
      expect(size.height).toBeGreaterThan(20);
      expect(png.bytes.length, view).toBeGreaterThan(1000);
      await expect(page.getByTestId('export-status')).toHaveAttribute('data-status', 'done');
    }
    void problems;
  });

  test(`${id}: the transcript holds every step with its caption`, async ({ page, problems }) => {
    await page.goto(`/walkthrough/${id}?lang=zh`);
    await ready(page, 0);
    const total = await totalOf(page);
    await openExport(page);
    const md = await saved(page, () => page.getByTestId('export-transcript').click());
    expect(md.name).toBe(`${id}-transcript-zh.md`);
    const text = md.bytes.toString('utf8');
    expect(text).toMatch(/^# \S/);
    const steps = text.match(/^### 第 \d+ 步 — /gm) ?? [];
    expect(steps).toHaveLength(total);
    expect(steps.at(-1)).toBe(`### 第 ${total} 步 — `);
    expect(text).toContain(`/walkthrough/${id}`);
    void problems;
  });
}

test('the Export panel is keyboard-operable and labelled, and Escape gives focus back', async ({ page, problems }) => {
  await page.goto('/walkthrough/descriptor-flow?step=3&lang=both');
  await ready(page, 3);
  const button = page.getByTestId('export-button');
  await expect(button).toHaveAccessibleName('导出本演练 · Export this walkthrough');
  await openExport(page);
  await expect(page.getByTestId('export-svg-ring-view')).toHaveAccessibleName(/SVG/);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('export-panel').locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(button).toBeFocused();
  await expect(page.getByTestId('export-panel')).toBeHidden();
  // The print link carries the options and the language.
  await openExport(page);
  await expect(page.getByTestId('export-print')).toHaveAttribute('href', '/walkthrough/descriptor-flow/print?lang=both');
  void problems;
});

for (const id of SCENARIO_IDS) {
  test(`${id}: the print layout shows every step with its caption and function`, async ({ page, problems }) => {
    await page.goto(`/walkthrough/${id}?lang=en`);
    await ready(page, 0);
    const total = await totalOf(page);

    await page.goto(`/walkthrough/${id}/print?lang=both`);
    await page.emulateMedia({ media: 'print' });
    const print = page.getByTestId('print');
    await expect(print).toHaveAttribute('data-steps', String(total));
    const steps = page.getByTestId('print-step');
    await expect(steps).toHaveCount(total);
    // On paper: no controls; every step is laid out (has a box) with both captions and its function.
    await expect(page.getByTestId('print-button')).toBeHidden();
    const summary = await steps.evaluateAll((els) =>
      els.map((e) => ({
        step: Number((e as HTMLElement).dataset.step),
        shown: e.getBoundingClientRect().height > 0,
        breakInside: getComputedStyle(e).breakInside,
        zh: e.querySelectorAll('p[lang="zh-CN"]').length,
        en: e.querySelectorAll('p[lang="en"]').length,
        fn: e.querySelector('[data-testid="print-function"]')?.textContent?.trim() ?? '',
      })),
    );
    expect(summary.map((s) => s.step)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const s of summary) {
      expect(s.shown, `step ${s.step}`).toBe(true);
      expect(s.breakInside).toBe('avoid');
      expect(s.zh + s.en, `step ${s.step} captions`).toBeGreaterThanOrEqual(1);
      expect(s.fn.length, `step ${s.step} function`).toBeGreaterThan(0);
    }
    expect(summary.filter((s) => s.zh === 1 && s.en === 1).length).toBeGreaterThan(total / 2);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(10_000);

    // One language: only that one.
    await page.goto(`/walkthrough/${id}/print?lang=en`);
    await expect(page.getByTestId('print-step')).toHaveCount(total);
    await expect(page.locator('[data-testid="print-step"] p[lang="zh-CN"]')).toHaveCount(0);
    void problems;
  });
}

test('a print link with bad options says which were dropped and prints the rest', async ({ page, problems }) => {
  await page.goto('/walkthrough/descriptor-flow/print?qsize=7&bogus=1&lang=en');
  await expect(page.getByTestId('print-problems')).toContainText('qsize=7');
  await expect(page.getByTestId('print-problems')).toContainText('bogus');
  expect(Number(await page.getByTestId('print').getAttribute('data-steps'))).toBeGreaterThan(0);
  void problems;
});

test('axe: the open Export panel and the print page (both languages) pass', async ({ page, problems }) => {
  const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
  const check = async () => {
    const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  };
  await page.goto('/walkthrough/kick-call?step=4&lang=both');
  await ready(page, 4);
  await openExport(page);
  expect(await check()).toEqual([]);
  await page.goto('/walkthrough/descriptor-flow/print?lang=both');
  expect(await check()).toEqual([]);
  void problems;
});

test('on a phone the Export panel fits the screen', async ({ page, problems }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/walkthrough/descriptor-flow?step=2&lang=zh');
  await ready(page, 2);
  await openExport(page);
  const box = (await page.getByTestId('export-panel').boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await expect(page.getByTestId('export-svg-prose')).toBeInViewport();
  void problems;
});
