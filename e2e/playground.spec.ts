// Why: the playground's contract: free-run on real workers in an isolated page; the live counters move while it runs and stand still while paused; every frame arrives exactly once; stop ends it; a paused run continues in step mode with captioned beats; without isolation it says so and links out.
import { expect, isolatedIn, test, type Scope } from './fixtures';
import type { Locator, Page } from '@playwright/test';

const PAGE = '/playground';
/** A run of 300,000 frames takes a few seconds here; leave room for a loaded machine. */
const RUN_TIMEOUT = 120_000;

const framesOf = async (page: Page): Promise<number> => Number(await page.getByTestId('stat-frames').getAttribute('data-value'));
const state = (page: Page): Locator => page.getByTestId('run-state');

async function open(page: Page, frames: string, suppression: 'event-idx' | 'flags' | 'every' = 'event-idx'): Promise<void> {
  await page.goto(PAGE);
  await expect(page.getByTestId('playground')).toHaveAttribute('data-isolated', 'true');
  await page.getByTestId('frames').fill(frames);
  await page.getByTestId(`sup-${suppression}`).check();
}

/** Wait until the run has delivered more than `n` frames. */
async function past(page: Page, n: number): Promise<number> {
  await expect.poll(() => framesOf(page), { timeout: RUN_TIMEOUT }).toBeGreaterThan(n);
  return framesOf(page);
}

async function pauseAndSettle(page: Page): Promise<void> {
  await page.getByTestId('pause').click();
  await expect(state(page)).toHaveAttribute('data-state', 'paused', { timeout: 10_000 });
}

test('the playground is isolated; 300,000 frames with event-idx: the counters move while it runs and every frame arrives exactly once', async ({ page, problems }) => {
  await open(page, '300000', 'event-idx');
  expect(await isolatedIn(page)).toBe(true);
  await expect(page.getByTestId('backend-vhost-net')).toBeChecked();
  await expect(page.getByTestId('backend-dpdk')).toBeDisabled();
  await expect(page.getByTestId('backend-ifcvf')).toBeDisabled();

  await page.getByTestId('run').click();
  const a = await past(page, 0);
  await expect(state(page)).toHaveAttribute('data-state', /running|finished/);
  // Moving: a later sample shows more frames (unless the run was already done).
  await expect.poll(async () => (await framesOf(page)) > a || (await framesOf(page)) === 300_000, { timeout: RUN_TIMEOUT }).toBe(true);
  expect(Number(await page.getByTestId('stat-kicks').getAttribute('data-value'))).toBeGreaterThan(0);

  await expect(page.getByTestId('verify-message')).toHaveText('300000 frames, each exactly once, intact', { timeout: RUN_TIMEOUT });
  await expect(page.getByTestId('verify')).toHaveAttribute('data-ok', 'true');
  await expect(state(page)).toHaveAttribute('data-state', 'finished');
  expect(await framesOf(page)).toBe(300_000);
  await expect(page.getByTestId('run')).toBeEnabled();
  void problems;
});

test('pause parks every thread and nothing moves; resume (from the keyboard) runs on to the end, exactly once', async ({ page, problems }) => {
  // Long enough (seconds, not a fraction of one) that the pause always lands while the run is going.
  await open(page, '3000000', 'flags');
  await page.getByTestId('run').click();
  await past(page, 10_000);
  await pauseAndSettle(page);
  await page.waitForTimeout(400); // the numbers re-render five times a second: let the last one land
  const still = await framesOf(page);
  expect(still).toBeLessThan(3_000_000);
  await page.waitForTimeout(800);
  expect(await framesOf(page)).toBe(still);
  await expect(page.getByTestId('cpu-vcpu0')).toContainText(/parked|已停靠/);

  await page.getByTestId('resume').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('verify-message')).toHaveText('3000000 frames, each exactly once, intact', { timeout: RUN_TIMEOUT });
  void problems;
});

test('stop ends a run at once; the counters stay where it stopped', async ({ page, problems }) => {
  await open(page, '2,000,000');
  await page.getByTestId('run').click();
  await past(page, 10_000);
  await page.getByTestId('stop').click();
  await expect(state(page)).toHaveAttribute('data-state', 'stopped', { timeout: 10_000 });
  await expect(page.getByTestId('verify')).toHaveAttribute('data-ok', 'stopped');
  const at = await framesOf(page);
  expect(at).toBeLessThan(2_000_000);
  await page.waitForTimeout(500);
  expect(await framesOf(page)).toBe(at);
  await expect(page.getByTestId('run')).toBeEnabled();
  await expect(page.getByTestId('pause')).toBeDisabled();
  void problems;
});

test('continue in step mode after a pause: the next beats, with captions, and a slider over them', async ({ page, problems }) => {
  await open(page, '300000');
  await expect(page.getByTestId('continue-step')).toBeDisabled();
  await page.getByTestId('run').click();
  await past(page, 5_000);
  await pauseAndSettle(page);
  await page.getByTestId('continue-step').click();

  const section = page.getByTestId('step-mode');
  await expect(section).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  const beats = section.getByTestId('beat');
  await expect(beats).toHaveCount(300);
  const first = beats.first().getByTestId('beat-caption-en');
  await expect(first).toBeVisible();
  expect((await first.innerText()).trim().length).toBeGreaterThan(10);
  await expect(beats.first().getByTestId('beat-caption-zh')).toContainText(/[\u4e00-\u9fff]/);

  // The walkthrough's player, ring view and prose, over the resumed run.
  const scope: Scope = page;
  await expect(scope.getByTestId('step')).toHaveAttribute('data-step', '0');
  await scope.getByTestId('player-scrubber').fill('40');
  await expect(scope.getByTestId('step')).toHaveAttribute('data-step', '40');
  await expect(beats.nth(39)).toHaveAttribute('aria-current', 'step');
  await expect(scope.getByTestId('ring-view')).toBeVisible();
  await expect(scope.getByTestId('prose').getByTestId('caption-en')).toHaveText((await beats.nth(39).getByTestId('beat-caption-en').innerText()).trim());
  // Picking a beat in the list seeks to it.
  await beats.nth(9).getByRole('button').click();
  await expect(scope.getByTestId('step')).toHaveAttribute('data-step', '10');

  // The free run is still paused and can be stopped.
  await page.getByTestId('stop').click();
  await expect(state(page)).toHaveAttribute('data-state', 'stopped', { timeout: 10_000 });
  void problems;
});

test('a sweep over queue sizes plots one rate per value', async ({ page, problems }) => {
  await open(page, '300000');
  await page.getByTestId('sweep-qsize').check();
  await page.getByTestId('sweep-frames').fill('20000');
  await page.getByTestId('sweep-run').click();
  for (const q of [32, 64, 256, 1024]) {
    const point = page.getByTestId(`sweep-point-${q}`);
    await expect(point).toHaveAttribute('data-ok', 'true', { timeout: RUN_TIMEOUT });
    expect(Number(await point.getAttribute('data-fps'))).toBeGreaterThan(0);
  }
  await expect(state(page)).toHaveAttribute('data-state', 'finished');
  void problems;
});

test('without cross-origin isolation (served with no COOP/COEP, as a static host would) it says so in one line and links to the full page', async ({ page, problems }) => {
  // Only /embed may be framed by another origin (the CSP's frame-ancestors), so the page is made non-isolated by dropping its isolation headers.
  await page.route(`**${PAGE}`, async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
  await page.goto(PAGE);
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
  await expect(page.getByTestId('isolation')).toHaveAttribute('data-isolated', 'false');
  await expect(page.getByTestId('open-isolated')).toHaveAttribute('href', PAGE);
  await expect(page.getByTestId('run')).toHaveCount(0);
  void problems;
});
