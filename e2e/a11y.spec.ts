// Why: every page must pass axe's WCAG 2.x A/AA rules (and its best practices): colour contrast, names and labels, landmarks, unique ids, in each language and in the states a reader reaches (a later step, a rejected chain, a notice, the options open, a finished run, step mode, the notification-mode comparison).
import AxeBuilder from '@axe-core/playwright';
import { expect, ready, test, totalOf } from './fixtures';
import type { Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** axe's violations on the page as it is now, one line per failing element (empty when it passes). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? v.help}`));
}

const WALKTHROUGH = '/walkthrough/descriptor-flow';

for (const [query, step] of [
  ['', 0],
  ['?step=30', 30],
  ['?lang=zh', 0],
  ['?step=30&lang=zh', 30],
  ['?step=30&lang=both', 30],
  ['?step=5&lang=both&indirect=true', 5],
] as const) {
  test(`axe: the walkthrough${query}`, async ({ page, problems }) => {
    await page.goto(`${WALKTHROUGH}${query}`);
    await ready(page, step);
    expect(await violations(page)).toEqual([]);
    void problems;
  });
}

test('axe: the walkthrough with a chain vhost rejects, a notice and the options open', async ({ page, problems }) => {
  await page.goto(`${WALKTHROUGH}?fault=loop&bogus=1&lang=en`);
  await ready(page, 0);
  // Step on to the beat where vhost rejects the looping chain: its rows are drawn in the error colours.
  const total = await totalOf(page);
  for (let step = 1; step <= total && (await page.locator('[data-error]').count()) === 0; step++) {
    await page.keyboard.press('ArrowRight');
    await ready(page, step);
  }
  await expect(page.locator('[data-error]').first()).toBeVisible();
  await expect(page.getByTestId('notice')).toBeVisible();
  await page.getByTestId('options').locator('summary').click();
  await expect(page.getByTestId('options-form')).toBeVisible();
  expect(await violations(page)).toEqual([]);
  void problems;
});

for (const query of ['', '?step=30&lang=zh', '?step=30&lang=both']) {
  test(`axe: the embed${query}`, async ({ page, problems }) => {
    await page.goto(`/embed/descriptor-flow${query}`);
    await ready(page, query ? 30 : 0);
    expect(await violations(page)).toEqual([]);
    void problems;
  });
}

for (const query of ['', '?lang=en', '?lang=zh']) {
  test(`axe: the catalogue${query}`, async ({ page, problems }) => {
    await page.goto(`/${query}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    void problems;
  });
}

for (const path of ['/sources', '/glossary', '/docs/embedding', '/sources?lang=zh', '/glossary?lang=both']) {
  test(`axe: ${path}`, async ({ page, problems }) => {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    void problems;
  });
}

for (const [query, step] of [
  ['scenario=descriptor-flow&view=ring&step=12&lang=en', 12],
  ['scenario=msix-vectors&view=msix&step=40&lang=zh&theme=dark', 40],
  ['scenario=kick-call&view=prose&controls=0&lang=both', 0],
] as const) {
  test(`axe: one embedded diagram (${query})`, async ({ page, problems }) => {
    await page.goto(`/embed?v=1&${query}`);
    await ready(page, step);
    expect(await violations(page)).toEqual([]);
    void problems;
  });
}

test('axe: a refused embed URL, and the walkthrough with the Embed panel open', async ({ page, problems }) => {
  await page.goto('/embed?v=1&scenario=descriptor-flow&view=msix&theme=blue');
  await expect(page.getByTestId('embed-refused-en')).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.goto('/walkthrough/kick-call?step=20&lang=zh');
  await ready(page, 20);
  await page.getByTestId('embed-button').click();
  await expect(page.getByTestId('embed-panel')).toBeVisible();
  expect(await violations(page)).toEqual([]);
  void problems;
});

test('axe: the playground, idle, after a run, and in step mode', async ({ page, problems }) => {
  await page.goto('/playground');
  await expect(page.getByTestId('playground')).toHaveAttribute('data-isolated', 'true');
  expect(await violations(page)).toEqual([]);

  await page.getByTestId('frames').fill('300000');
  await page.getByTestId('run').click();
  await expect.poll(async () => Number(await page.getByTestId('stat-frames').getAttribute('data-value')), { timeout: 60_000 }).toBeGreaterThan(5_000);
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'paused', { timeout: 10_000 });
  await page.getByTestId('continue-step').click();
  await expect(page.getByTestId('step-mode')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  expect(await violations(page)).toEqual([]);

  await page.getByTestId('stop').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'stopped', { timeout: 10_000 });
  expect(await violations(page)).toEqual([]);
  void problems;
});

for (const lang of ['en', 'both']) {
  test(`axe: the playground's notification-mode comparison, finished (?lang=${lang})`, async ({ page, problems }) => {
    await page.goto(`/playground?lang=${lang}`);
    await expect(page.getByTestId('playground')).toHaveAttribute('data-isolated', 'true');
    await page.getByTestId('frames').fill('5000');
    await page.getByTestId('compare-run').click();
    await expect(page.getByTestId('compare')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(page.getByTestId('compare-verdict')).toBeVisible();
    await expect(page.getByTestId('compare-ring-event-idx')).toHaveAttribute('data-ok', 'true');
    expect(await violations(page)).toEqual([]);
    void problems;
  });
}
