// Why: one diagram per iframe, configured by URL and driven by postMessage from a page on another origin; bad URLs,
// malformed messages and forged origins must change nothing; several embeds on a page must not fight over the keyboard.
import type { ConsoleMessage, Page } from '@playwright/test';
import { SCENARIO_IDS } from '../engine/scenarios/registry';
import { viewsFor } from '../components/views/view-meta';
import { kindOfScenario } from '../components/walkthrough/scenario-kind';
import { expect, ready, test } from './fixtures';

const PORT = process.env.EMBED_PORT || 3001;
const HOST = `http://127.0.0.1:${PORT}/`;
const OTHER = `http://localhost:${PORT}`; // the same server under another origin

interface HostEvent {
  from: string | null;
  data: { type: string; step?: number; total?: number; height?: number; code?: string; message?: string; caption?: { en: string; zh: string }; id?: string };
}
const events = (page: Page): Promise<HostEvent[]> => page.evaluate(() => (window as unknown as { events: HostEvent[] }).events);
const eventsOf = async (page: Page, from: string, type: string) => (await events(page)).filter((e) => e.from === from && e.data.type === type);
const send = (page: Page, k: string, msg: Record<string, unknown>) => page.evaluate(([k, msg]) => (window as unknown as { send: (k: string, m: unknown) => void }).send(k as string, msg), [k, msg] as const);
const sendRaw = (page: Page, k: string, data: unknown) => page.evaluate(([k, data]) => (window as unknown as { sendRaw: (k: string, d: unknown) => void }).sendRaw(k as string, data), [k, data] as const);

/** Console warnings of the page and its frames. */
function warnings(page: Page): string[] {
  const out: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'warning' && m.text().includes('[virtio-explainer embed]')) out.push(m.text());
  });
  return out;
}

async function openThree(page: Page, query = '') {
  await page.goto(`${HOST}three${query}`);
  const a = page.frameLocator('#a');
  const b = page.frameLocator('#b');
  const c = page.frameLocator('#c');
  // Three engines start at once on a shared machine: give the first answers time.
  for (const f of [a, b, c]) await expect(f.locator('[data-testid="player"], [data-testid^="embed-refused"]').first()).not.toHaveAttribute('data-state', 'loading', { timeout: 30_000 });
  return { a, b, c };
}

test('three diagrams on a plain host page: ready, stepChanged with its caption, height; the first driven by postMessage', async ({ page, problems }) => {
  const { a, b, c } = await openThree(page);
  await ready(a, 10);
  await ready(b, 5);
  await ready(c, 3);
  await expect(a.getByTestId('embed-view')).toHaveAttribute('data-view', 'ring');
  await expect(a.getByTestId('ring-view')).toBeVisible();
  await expect(b.getByTestId('embed-view')).toHaveAttribute('data-view', 'msix');
  await expect(c.getByTestId('prose')).toBeVisible();
  await expect(c.getByTestId('player')).toBeHidden(); // controls=0
  // Not isolated in a plain host page, and it says so.
  await expect(a.getByTestId('isolation')).toHaveAttribute('data-isolated', 'false');
  // theme=dark on b only.
  expect(await b.getByTestId('embed-view').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(18, 22, 30)');
  expect(await a.getByTestId('embed-view').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(246, 247, 249)');

  await expect.poll(async () => (await events(page)).filter((e) => e.data.type === 'ready').map((e) => e.from).sort()).toEqual(['a', 'b', 'c']);
  const [readyA] = await eventsOf(page, 'a', 'ready');
  expect(readyA!.data).toMatchObject({ source: 'virtio-explainer', v: 1, id: 'a', scenario: 'descriptor-flow', view: 'ring', step: 10, lang: 'en' });

  // The host's own button drives a through postMessage; a stepChanged carries the caption in both languages.
  await page.locator('#next').click();
  await ready(a, 11);
  await expect.poll(async () => (await eventsOf(page, 'a', 'stepChanged')).map((e) => e.data.step)).toContain(11);
  const at11 = (await eventsOf(page, 'a', 'stepChanged')).find((e) => e.data.step === 11)!;
  expect(at11.data.caption!.en.length).toBeGreaterThan(10);
  expect(at11.data.caption!.zh).toMatch(/[\u4e00-\u9fff]/);
  const at10 = (await eventsOf(page, 'a', 'stepChanged')).find((e) => e.data.step === 10)!;
  expect(at10.data.caption!.en).not.toBe(at11.data.caption!.en);

  await send(page, 'a', { type: 'seek', step: 3 });
  await ready(a, 3);
  await send(page, 'a', { type: 'step', by: -1 });
  await ready(a, 2);
  await send(page, 'a', { type: 'setLanguage', lang: 'zh' });
  await expect.poll(() => page.frame({ url: /id=a/ })!.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  await send(page, 'a', { type: 'play' });
  await expect(a.getByTestId('player')).toHaveAttribute('data-state', 'playing');
  await expect.poll(async () => Number(await a.getByTestId('step').getAttribute('data-step'))).toBeGreaterThan(2);
  await send(page, 'a', { type: 'pause' });
  await expect(a.getByTestId('player')).toHaveAttribute('data-state', 'paused');

  // b never moved.
  await expect(b.getByTestId('step')).toHaveAttribute('data-step', '5');

  // c plays its range 3..6 and loops inside it.
  await send(page, 'c', { type: 'play' });
  const seen = new Set<number>();
  await expect
    .poll(async () => {
      seen.add(Number(await c.getByTestId('step').getAttribute('data-step')));
      return seen.has(6) && [...seen].length >= 3;
    }, { timeout: 15_000, intervals: [100] })
    .toBe(true);
  await expect.poll(async () => (await eventsOf(page, 'c', 'stepChanged')).map((e) => e.data.step).slice(-6).includes(3) ? 'looped' : 'not yet', { timeout: 15_000 }).toBe('looped');
  for (const e of await eventsOf(page, 'c', 'stepChanged')) expect(e.data.step! >= 3 && e.data.step! <= 6, `step ${e.data.step}`).toBe(true);

  // Height events size the host's iframe to the content.
  const heights = await eventsOf(page, 'a', 'height');
  expect(heights.length).toBeGreaterThan(0);
  const last = heights[heights.length - 1]!.data.height!;
  expect(last).toBeGreaterThan(150);
  await expect(page.locator('#a')).toHaveAttribute('height', String(last));
  void problems;
});

test('several embeds on one page: keys go only to the one with focus, from the first click into it', async ({ page, problems }) => {
  const { a, b } = await openThree(page);
  await ready(a, 10);
  await ready(b, 5);
  await a.getByTestId('embed-view').click({ position: { x: 3, y: 3 } });
  await page.keyboard.press('ArrowRight');
  await ready(a, 11);
  await expect(b.getByTestId('step')).toHaveAttribute('data-step', '5');
  await b.getByTestId('embed-view').click({ position: { x: 3, y: 3 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await ready(b, 7);
  await expect(a.getByTestId('step')).toHaveAttribute('data-step', '11');
  // Outside every frame, the host page keeps its keys.
  await page.locator('h1').click();
  await page.keyboard.press('ArrowRight');
  await expect(a.getByTestId('step')).toHaveAttribute('data-step', '11');
  await expect(b.getByTestId('step')).toHaveAttribute('data-step', '7');
  void problems;
});

test('malformed and unknown messages are ignored with a warning, never half-applied', async ({ page, problems }) => {
  const warned = warnings(page);
  const { a } = await openThree(page);
  await ready(a, 10);
  await expect.poll(async () => (await eventsOf(page, 'a', 'ready')).length).toBe(1);
  const env = { source: 'virtio-explainer', v: 1 };
  const bad: unknown[] = [
    'seek 2',
    { type: 'seek', step: 2 },
    { ...env, v: 2, type: 'seek', step: 2 },
    { ...env, type: 'seek', step: '2' },
    { ...env, type: 'seek', step: 2, lang: 'zh' },
    { ...env, type: 'step', by: 5 },
    { ...env, type: 'setLanguage', lang: 'fr' },
    { ...env, type: 'explode' },
  ];
  for (const m of bad) await sendRaw(page, 'a', m);
  await expect.poll(() => warned.length).toBe(bad.length);
  expect(warned.every((w) => w.includes('ignored a malformed message'))).toBe(true);
  await expect.poll(async () => (await eventsOf(page, 'a', 'error')).length).toBe(bad.length);
  expect((await eventsOf(page, 'a', 'error')).every((e) => e.data.code === 'bad-message')).toBe(true);
  // Nothing moved, nothing changed language.
  await expect(a.getByTestId('step')).toHaveAttribute('data-step', '10');
  expect(await page.frame({ url: /id=a/ })!.evaluate(() => document.documentElement.lang)).toBe('en');
  // And a good one still works afterwards.
  await send(page, 'a', { type: 'seek', step: 4 });
  await ready(a, 4);
  void problems;
});

test('forged origins are ignored: an origin the URL does not allow, and a window that is not the embedding page', async ({ page, problems }) => {
  const warned = warnings(page);
  // a allows only the other origin, so its own host may not drive it, and gets no events either.
  const only = encodeURIComponent(`/embed?v=1&scenario=descriptor-flow&view=ring&step=10&lang=en&id=a&origin=${OTHER}`);
  // And a frame from the other origin tries to seek a, posting from a window that is not a's parent.
  const { a } = await openThree(page, `?a=${only}&evil=${encodeURIComponent(OTHER)}`);
  await ready(a, 10);
  await page.frame({ url: /\/evil/ })!.evaluate(() => (window as unknown as { forge: () => void }).forge());
  await send(page, 'a', { type: 'seek', step: 2 });
  await expect.poll(() => warned.filter((w) => w.includes('not allowed')).length).toBe(1);
  await expect.poll(() => warned.filter((w) => w.includes('did not come from the embedding page')).length).toBe(1);
  await expect(a.getByTestId('step')).toHaveAttribute('data-step', '10');
  expect(await eventsOf(page, 'a', 'ready')).toEqual([]); // events go only to allowed origins
  // The same embed hosted on the allowed origin is driven as usual.
  await page.goto(`${OTHER}/three?a=${only}`);
  const a2 = page.frameLocator('#a');
  await ready(a2, 10);
  await expect.poll(async () => (await eventsOf(page, 'a', 'ready')).length).toBe(1);
  await send(page, 'a', { type: 'seek', step: 2 });
  await ready(a2, 2);
  void problems;
});

test('a bad embed URL shows what is wrong and nothing else, and tells the host', async ({ page, problems }) => {
  const badA = encodeURIComponent('/embed?v=1&scenario=descriptor-flow&view=msix&theme=blue&id=a');
  const { a, b } = await openThree(page, `?a=${badA}`);
  await ready(b, 5);
  const refused = a.getByTestId('embed-refused-en');
  await expect(refused).toContainText('view=msix: scenario descriptor-flow has no such diagram');
  await expect(refused).toContainText('theme=blue: expected light or dark');
  await expect(a.getByTestId('embed-refused-zh')).toContainText('theme=blue：应为 light 或 dark');
  await expect(a.getByTestId('player')).toHaveCount(0);
  await expect(a.getByTestId('ring-view')).toHaveCount(0);
  await expect.poll(async () => (await eventsOf(page, 'a', 'error')).map((e) => e.data.code)).toEqual(['bad-params']);

  await page.goto('/embed?scenario=descriptor-flow&view=ring&lang=en');
  await expect(page.getByTestId('embed-refused-en')).toContainText('missing the version parameter: add v=1');
  await expect(page.getByTestId('embed-refused-zh')).toHaveCount(0);
  void problems;
});

test('every registered scenario embeds in every view that fits it', async ({ page, problems }) => {
  test.setTimeout(180_000);
  for (const id of SCENARIO_IDS) {
    for (const v of viewsFor(kindOfScenario(id))) {
      await page.goto(`/embed?v=1&scenario=${id}&view=${v.id}&step=3&lang=en`);
      await ready(page, 3);
      await expect(page.getByTestId('embed-view'), `${id} ${v.id}`).toHaveAttribute('data-view', v.id);
      await expect(page.getByTestId('embed-view').locator('section').first(), `${id} ${v.id}`).toBeVisible();
    }
  }
  void problems;
});

test('the walkthrough’s Embed button writes a snippet for this view and step that works on another origin', async ({ page, context, problems }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/walkthrough/descriptor-flow?step=7&lang=en');
  await ready(page, 7);
  const button = page.getByTestId('embed-button');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await page.getByTestId('embed-view-select').selectOption('memory');
  const snippet = page.getByTestId('embed-snippet');
  await expect(snippet).toHaveValue(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\?v=1&#38;scenario=descriptor-flow&#38;view=memory&#38;step=7&#38;lang=en" title="Guest memory · /);
  await page.getByTestId('embed-copy').click();
  await expect(page.getByTestId('embed-copy-status')).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await snippet.inputValue());
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('embed-panel')).toHaveCount(0);
  await expect(button).toBeFocused();

  // Paste it into a page on another origin.
  const src = new URL(/src="([^"]+)"/.exec(copied)![1]!.replace(/&#38;/g, '&'));
  await page.goto(`${HOST}?src=${encodeURIComponent(src.pathname + src.search)}`);
  const frame = page.frameLocator('#embed');
  await ready(frame, 7);
  await expect(frame.getByTestId('embed-view')).toHaveAttribute('data-view', 'memory');
  await expect(frame.getByTestId('memory')).toBeVisible();
  void problems;
});

test('the Embed button speaks Chinese too', async ({ page, problems }) => {
  await page.goto('/walkthrough/msix-vectors?lang=zh');
  await ready(page, 0);
  await expect(page.getByTestId('embed-button')).toHaveText('嵌入');
  await page.getByTestId('embed-button').click();
  await expect(page.getByTestId('embed-panel')).toContainText('在此步嵌入一个图');
  await expect(page.getByTestId('embed-view-select').locator('option').first()).toHaveText('MSI-X 表与中断路由');
  await expect(page.getByTestId('embed-snippet')).toHaveValue(/view=msix&#38;lang=zh/);
  void problems;
});
