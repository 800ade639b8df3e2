// Why: the walkthrough's contract with a reader: isolation is on and said, stepping changes ring and prose, revisiting a step shows the same view, deep links open paused in the asked language, the keyboard drives the player, bad links degrade with a message.
import { expect, isolatedIn, ready, stepOf, test, totalOf, viewOf } from './fixtures';

const PAGE = '/walkthrough/descriptor-flow';

test('the walkthrough is cross-origin isolated and says so', async ({ page, problems }) => {
  await page.goto(PAGE);
  await ready(page, 0);
  expect(await isolatedIn(page)).toBe(true);
  const line = page.getByTestId('isolation');
  await expect(line).toHaveCount(1);
  await expect(line).toHaveAttribute('data-isolated', 'true');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  void problems;
});

test('the page states the versions it models, in the reader\'s language, and the embed does too', async ({ page, problems }) => {
  await page.goto(`${PAGE}?lang=en`);
  await ready(page, 0);
  const versions = page.getByTestId('versions');
  await expect(versions).toHaveText(/Modelled on Linux 6\.12 \(LTS\) \(guest and host kernel\) · QEMU 7\.2/);
  await page.goto(`${PAGE}?lang=zh`);
  await ready(page, 0);
  await expect(versions).toHaveText(/^所模拟的版本：Linux 6\.12 \(LTS\)（客户机与宿主机内核） · QEMU 7\.2（虚拟机监控器/);
  await page.goto('/embed/descriptor-flow?lang=en');
  await ready(page, 0);
  await expect(versions).toContainText('Linux 6.12 (LTS)');
  void problems;
});

test('stepping forward changes the ring view and the prose; back then forward returns to the same view', async ({ page, problems }) => {
  // Step 10 builds the first frame; step 11 writes its descriptor.
  await page.goto(`${PAGE}?step=10`);
  await ready(page, 10);
  const at10 = await viewOf(page);

  await page.getByTestId('player-forward').click();
  await ready(page, 11);
  const at11 = await viewOf(page);
  expect(at11.ring).not.toBe(at10.ring);
  expect(at11.prose).not.toBe(at10.prose);

  // Walk on until a descriptor is written, so the ring's own rows change (not only a header field).
  const rows = page.locator('[data-testid^="desc-row-"][data-touched]');
  for (let i = 0; i < 10 && (await rows.count()) === 0; i++) {
    const n = Number(await stepOf(page).getAttribute('data-step'));
    await page.getByTestId('player-forward').click();
    await ready(page, n + 1);
  }
  await expect(rows.first()).toBeVisible();

  const n = Number(await stepOf(page).getAttribute('data-step'));
  const here = await viewOf(page);
  await page.getByTestId('player-back').click();
  await ready(page, n - 1);
  const before = await viewOf(page);
  expect(before.ring).not.toBe(here.ring);
  await page.getByTestId('player-forward').click();
  await ready(page, n);
  expect(await viewOf(page)).toEqual(here);
  await page.getByTestId('player-back').click();
  await ready(page, n - 1);
  expect(await viewOf(page)).toEqual(before);

  // The URL follows the step (history.replaceState).
  await expect(page).toHaveURL(new RegExp(`[?&]step=${n - 1}(&|$)`));
  void problems;
});

test('a deep link opens paused at that step with Chinese prose', async ({ page, problems }) => {
  await page.goto(`${PAGE}?step=12&lang=zh`);
  await ready(page, 12);
  await expect(page.getByTestId('player')).toHaveAttribute('data-state', 'paused');
  await page.waitForTimeout(600); // paused means paused: nothing moves
  await expect(stepOf(page)).toHaveAttribute('data-step', '12');

  const prose = page.getByTestId('prose');
  await expect(prose).toHaveAttribute('data-lang-mode', 'zh');
  await expect(prose.getByTestId('caption-zh')).toBeVisible();
  await expect(prose.getByTestId('caption-en')).toHaveCount(0);
  await expect(prose).toContainText(/[\u4e00-\u9fff]/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page).toHaveURL(/step=12/);
  await expect(page).toHaveURL(/lang=zh/);
  void problems;
});

test('the same link in English and in both languages', async ({ page, problems }) => {
  await page.goto(`${PAGE}?step=12&lang=en`);
  await ready(page, 12);
  await expect(page.getByTestId('caption-en')).toBeVisible();
  await expect(page.getByTestId('caption-zh')).toHaveCount(0);
  await page.getByTestId('lang-both').click();
  await expect(page.getByTestId('caption-zh')).toBeVisible();
  await expect(page.getByTestId('caption-en')).toBeVisible();
  await expect(page).toHaveURL(/lang=both/);
  void problems;
});

test('the keyboard drives the player from inside the bar too; the language switch keeps its arrows', async ({ page, problems }) => {
  await page.goto(PAGE);
  await ready(page, 0);
  const total = await totalOf(page);
  await page.getByTestId('player').focus();

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

  // Space plays and pauses (also when a button inside the player has focus).
  await page.getByTestId('player-forward').focus();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('player')).toHaveAttribute('data-state', 'playing');
  await expect.poll(async () => Number(await stepOf(page).getAttribute('data-step'))).toBeGreaterThan(0);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('player')).toHaveAttribute('data-state', 'paused');
  const stopped = await stepOf(page).getAttribute('data-step');
  await page.waitForTimeout(1200);
  await expect(stepOf(page)).toHaveAttribute('data-step', stopped!);

  // In the language switch (a radio group) the arrows move the language, not the player.
  await page.getByTestId('lang-en').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('lang-zh')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('lang-zh')).toBeFocused();
  await page.waitForTimeout(300);
  await expect(stepOf(page)).toHaveAttribute('data-step', stopped!);
  void problems;
});

test('the scrubber seeks to any step', async ({ page, problems }) => {
  await page.goto(PAGE);
  await ready(page, 0);
  await page.getByTestId('player-scrubber').fill('40');
  await ready(page, 40);
  await expect(page.getByTestId('player')).toHaveAttribute('data-state', 'paused');
  void problems;
});

test('bad URL parameters show one message and fall back to defaults', async ({ page, problems }) => {
  await page.goto(`${PAGE}?qsize=7&bogus=%3Cscript%3Ealert(1)%3C%2Fscript%3E&step=abc&lang=fr&dir=rx`);
  await ready(page, 0);
  const notice = page.getByTestId('notice');
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText('qsize=7');
  await expect(notice).toContainText('bogus');
  await expect(notice).toContainText('step=abc');
  await expect(notice).toContainText('lang=fr');
  // The good parameter still applies; the bad ones were dropped.
  await expect(page.getByTestId('ring-view')).toContainText('queue 0');
  // And the page works.
  const before = await viewOf(page);
  await page.getByTestId('player-forward').click();
  await ready(page, 1);
  const after = await viewOf(page);
  expect(after.event).not.toBe(before.event);
  expect(after.prose).not.toBe(before.prose);
  void problems;
});

test('a step past the end is clamped with a message', async ({ page, problems }) => {
  await page.goto(`${PAGE}?step=999999`);
  const total = await (async () => {
    await expect(page.getByTestId('player')).toHaveAttribute('data-state', 'at end');
    return totalOf(page);
  })();
  await ready(page, total);
  await expect(page.getByTestId('notice')).toContainText(String(total));
  void problems;
});

test('options the engine refuses together fall back to the defaults', async ({ page, problems }) => {
  // Each value is valid alone; the pair is not (this fault needs indirect descriptors).
  await page.goto(`${PAGE}?fault=indirect-loop`);
  await ready(page, 0);
  await expect(page.getByTestId('notice')).toContainText('indirect');
  await page.getByTestId('player-forward').click();
  await ready(page, 1);
  void problems;
});

test('changing an option reloads the run at step 0 and updates the URL', async ({ page, problems }) => {
  await page.goto(`${PAGE}?step=10`);
  await ready(page, 10);
  await page.getByTestId('options').locator('summary').click();
  await page.getByTestId('option-dir').selectOption('rx');
  await ready(page, 0);
  await expect(page.getByTestId('ring-view')).toContainText('queue 0');
  await expect(page).toHaveURL(/dir=rx/);
  await page.getByTestId('option-eventIdx').uncheck();
  await ready(page, 0);
  await expect(page).toHaveURL(/eventIdx=false/);
  void problems;
});

test('an option combination the engine refuses keeps the current run and resets the form', async ({ page, problems }) => {
  await page.goto(`${PAGE}?step=5`);
  await ready(page, 5);
  await page.getByTestId('options').locator('summary').click();
  await page.getByTestId('option-fault').selectOption('nested-indirect'); // needs indirect=on
  await expect(page.getByTestId('notice')).toContainText('indirect');
  await expect(page.getByTestId('option-fault')).toHaveValue('none');
  await expect(page.getByTestId('player')).toHaveAttribute('data-state', 'paused');
  await ready(page, 5);
  await page.getByTestId('player-forward').click();
  await ready(page, 6);
  void problems;
});

test('option help, option errors and refusals are in the reader\'s language, and follow a switch', async ({ page, problems }) => {
  await page.goto(`${PAGE}?lang=zh&qsize=7`);
  await ready(page, 0);
  // The URL's bad value, said in Chinese; the switch to English says it again in English.
  await expect(page.getByTestId('notice')).toContainText('qsize=7：7 不是 2 的幂');
  await page.getByTestId('options').locator('summary').click();
  const form = page.getByTestId('options-form');
  await expect(form).toContainText('队列大小，必须是 2 的幂');
  await page.getByTestId('option-qsize').fill('48');
  await page.getByTestId('option-qsize').blur();
  await expect(form).toContainText('48 不是 2 的幂');
  await page.getByTestId('option-qsize').fill('32');
  await page.getByTestId('option-qsize').blur();
  await expect(form).not.toContainText('不是 2 的幂');
  await page.getByTestId('option-fault').selectOption('nested-indirect');
  await expect(page.getByTestId('notice').last()).toContainText('nested-indirect 需要间接描述符表');
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('notice').first()).toContainText('qsize=7: 7 is not a power of two');
  await expect(page.getByTestId('notice').last()).toContainText('nested-indirect needs an indirect table');
  void problems;
});
