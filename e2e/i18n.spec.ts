// Why: the chrome speaks the reader's language: each route's <title> and description follow ?lang, in English nothing Chinese shows but the language switch, and in Chinese every heading, column title, button, label and tooltip of ours is Chinese (names from the sources, such as addr or used_event, stay as the code spells them).
import { expect, ready, test } from './fixtures';
import type { Page } from '@playwright/test';

const CJK = /[\u3400-\u9fff]/;

const ROUTES = [
  { path: '/walkthrough/descriptor-flow', ready: true },
  { path: '/embed/descriptor-flow', ready: true },
  { path: '/', ready: false },
  { path: '/playground', ready: false },
  { path: '/sources', ready: false },
  { path: '/glossary', ready: false },
  { path: '/docs/embedding', ready: false },
  { path: '/embed?v=1&scenario=descriptor-flow&view=memory', ready: true },
] as const;

/** Open `path` in `lang` and wait until it has drawn. */
async function open(page: Page, path: string, lang: string, engine: boolean): Promise<void> {
  await page.goto(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  if (engine) await ready(page, 0);
  else await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  if (path === '/playground') await expect(page.getByTestId('run')).toBeVisible();
}

const head = async (page: Page) => ({
  title: await page.title(),
  description: (await page.locator('meta[name="description"]').getAttribute('content')) ?? '',
  ogTitle: (await page.locator('meta[property="og:title"]').getAttribute('content')) ?? '',
});

for (const route of ROUTES) {
  test(`title and description follow ?lang: ${route.path}`, async ({ page, problems }) => {
    await open(page, route.path, 'en', route.ready);
    const en = await head(page);
    for (const v of Object.values(en)) {
      expect(v.length).toBeGreaterThan(5);
      expect(v).not.toMatch(CJK);
    }
    await open(page, route.path, 'zh', route.ready);
    const zh = await head(page);
    for (const v of Object.values(zh)) expect(v).toMatch(CJK);
    expect(zh.title).not.toBe(en.title);
    await open(page, route.path, 'both', route.ready);
    const bothLangs = await head(page);
    expect(bothLangs.title).toMatch(CJK);
    expect(bothLangs.title).toMatch(/[A-Za-z]{4,}/);
    void problems;
  });
}

/** Every text of ours a reader sees or hears: visible text, and the accessible names and tooltips. */
async function chromeTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    // What the engine says in its own words (the free run's check) is marked data-engine-text. Stack frames (data-space) are
    // function names and files from the engine's frame table, and <code> is code, the same in every language; so are a cited
    // work's title (<cite>, as its author wrote it) and a defined term (<dfn>, named as the field names it).
    const engine = '[data-engine-text], [data-space], code, cite, dfn, [data-testid="prose"] [data-lang], [data-testid^="caption"], [data-testid="verify-message"]';
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.closest(engine) || el.closest('[role="radiogroup"], nav [aria-current], [data-testid^="lang-"]')) continue;
      for (const a of ['aria-label', 'title', 'aria-valuetext']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
      for (const n of el.childNodes) if (n.nodeType === Node.TEXT_NODE && n.textContent!.trim() && el.checkVisibility()) out.push(n.textContent!.trim());
    }
    return out;
  });
}

for (const route of ROUTES) {
  test(`in English nothing of ours is Chinese: ${route.path}`, async ({ page, problems }) => {
    await open(page, route.path, 'en', route.ready);
    if (route.ready) await page.keyboard.press('End'); // every counter, thread state and marker drawn
    const chinese = (await chromeTexts(page)).filter((s) => CJK.test(s));
    expect(chinese).toEqual([]);
    void problems;
  });

  test(`in Chinese every word of ours is Chinese: ${route.path}`, async ({ page, problems }) => {
    await open(page, route.path, 'zh', route.ready);
    if (route.ready) await page.keyboard.press('End');
    const untranslated = (await chromeTexts(page)).filter((s) => !CJK.test(s) && !identifiersOnly(s));
    expect(untranslated).toEqual([]);
    void problems;
  });
}

test('the playground’s finished comparison: every word of ours Chinese in Chinese, none in English', async ({ page, problems }) => {
  await open(page, '/playground', 'zh', false);
  await page.getByTestId('frames').fill('5000');
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const ours = async () => (await chromeTexts(page)).filter((s) => s.length > 0);
  expect((await ours()).filter((s) => !CJK.test(s) && !identifiersOnly(s))).toEqual([]);
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('compare-verdict-en')).toBeVisible();
  expect((await ours()).filter((s) => CJK.test(s))).toEqual([]);
  void problems;
});

/**
 * Names from the sources and proper names, which stay as they are in every
 * language (TERMS.md): struct fields, flags, products, units.
 */
const IDENTIFIERS = new Set(
  (
    'virtio vhost vhost-net vhost-user virtqueue split avail used desc idx flags next addr len head id ring ring[] num queue ' +
    'write fd gpa hva qemu kvm cpu tx rx kick call eventfd irqfd ioeventfd qsize batch event-idx b kib mib gib s ' +
    'msi-x ifcvf vdpa dpdk pmd english vq host guest notifier ' + // "host notifier" is QEMU's name, kept in Chinese writing too
    'pid at ' + // ps's pid, gdb's "#0 fn () at file"
    'vcpu vring lapic tap worker pushed separate mergeable big small ' + // the overview's component names; buffer layouts are option values
    'linux lts ' + // the modelled version, Linux 6.12 (LTS)
    'k m g' // SI prefixes of rates (33.8 k, 4.20 M), written so in Chinese technical text too
  ).split(' '),
);

/** Whether every token of `s` is a name from the sources, a number, a hex value, a path or a symbol. */
function identifiersOnly(s: string): boolean {
  const tokens = s.toLowerCase().match(/[a-z0-9_][a-z0-9_\-.\/[\]>]*/g) ?? [];
  return tokens.every(
    (w) =>
      IDENTIFIERS.has(w) ||
      /^[0-9.,]+$/.test(w) || // numbers
      /^0x[0-9a-f]+$/.test(w) || // hex
      /[_/.>]|\d/.test(w), // field names (used_event), paths (drivers/vhost/net.c), members (avail->idx), process names (vhost-4242)
  );
}
