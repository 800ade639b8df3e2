// Why: the protective headers must be on every route (a CSP with a per-request nonce, frame-ancestors * only on /embed, nosniff, Referrer-Policy, COOP/COEP as before), the pages must still hydrate under that CSP with no violation, and the embed must still run inside a page on another origin while the other routes refuse to be framed there.
import { test as base } from '@playwright/test';
import { SCENARIO_IDS } from '../engine/scenarios/registry';
import { viewsFor } from '../components/views/view-meta';
import { kindOfScenario } from '../components/walkthrough/scenario-kind';
import { expect, ready, test } from './fixtures';

const HOST = `http://127.0.0.1:${process.env.EMBED_PORT || 3001}/`;

/** A CSP header as directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

const pages = ['/', '/playground', '/sources', '/glossary', '/docs/embedding', ...SCENARIO_IDS.flatMap((id) => [`/walkthrough/${id}`, `/walkthrough/${id}/print`])];
// The whole-page embeds, one diagram of each scenario, and a refused embed URL (still a page other sites frame).
const embeds = [
  ...SCENARIO_IDS.map((id) => `/embed/${id}`),
  ...SCENARIO_IDS.map((id) => `/embed?v=1&scenario=${id}&view=${viewsFor(kindOfScenario(id))[0]!.id}`),
  '/embed?v=1&scenario=nope',
];
// The instructor's presenter and audience views: whatever they answer (a page, or a 404 for a bad path), another origin must never frame them.
const neverFramed = ['/present', '/follow', '/no-such-page', ...SCENARIO_IDS.flatMap((id) => [`/present/${id}`, `/follow/${id}`])];

for (const path of [...pages, ...embeds, ...neverFramed]) {
  test(`headers of ${path}`, async ({ request }) => {
    const res = await request.get(path);
    if (!neverFramed.includes(path)) expect(res.status(), path).toBe(200);
    const h = res.headers();
    const embed = path.startsWith('/embed/') || path.startsWith('/embed?');

    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');

    const csp = directives(h['content-security-policy'] ?? '');
    expect(csp.get('default-src')).toEqual(["'self'"]);
    const script = csp.get('script-src') ?? [];
    const nonce = script.find((s) => s.startsWith("'nonce-"));
    expect(nonce, 'script-src has a nonce').toBeDefined();
    expect(script).toContain("'strict-dynamic'");
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    expect(csp.get('style-src')).toEqual(["'self'", nonce]);
    expect(csp.get('worker-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(embed ? ['*'] : ["'self'"]);

    if (embed) {
      expect(h['cross-origin-opener-policy']).toBeUndefined();
      expect(h['cross-origin-embedder-policy']).toBe('credentialless');
      expect(h['cross-origin-resource-policy']).toBe('cross-origin');
      expect(h['x-frame-options']).toBeUndefined();
    } else {
      expect(h['cross-origin-opener-policy']).toBe('same-origin');
      expect(h['cross-origin-embedder-policy']).toBe('require-corp');
      expect(h['x-frame-options']).toBe('SAMEORIGIN');
    }

    if (res.status() === 200) {
      // Every script tag Next wrote carries this response's nonce; there is no inline script without it.
      const html = await res.text();
      const tags = html.match(/<script\b[^>]*>/g) ?? [];
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) expect(tag, tag).toContain(`nonce="${nonce!.slice(7, -1)}"`);
    }
  });
}

test('each response gets its own nonce', async ({ request }) => {
  const a = (await request.get('/')).headers()['content-security-policy'];
  const b = (await request.get('/')).headers()['content-security-policy'];
  expect(a).not.toBe(b);
});

test('static files get nosniff too', async ({ request }) => {
  const res = await request.get('/icon.svg');
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
});

/** Record CSP violations in the page (the console shows them too, and the fixture fails on those). */
const watchViolations = () =>
  addEventListener('securitypolicyviolation', (e) => {
    const w = window as unknown as { __cspViolations?: string[] };
    (w.__cspViolations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
  });

for (const id of SCENARIO_IDS) {
  test(`the walkthrough of ${id} hydrates and starts its engine worker under the CSP`, async ({ page, problems }) => {
    await page.addInitScript(watchViolations);
    await page.goto(`/walkthrough/${id}?step=3`);
    await ready(page, 3);
    await page.getByTestId('player-forward').click();
    await ready(page, 4);
    expect(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])).toEqual([]);
    void problems;
  });
}

test('the catalogue, the playground and a print page hydrate with no CSP violation', async ({ page, problems }) => {
  await page.addInitScript(watchViolations);
  for (const path of ['/', '/playground', `/walkthrough/${SCENARIO_IDS[0]}/print?lang=en`]) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []), path).toEqual([]);
  }
  // Hydrated: the print button is a client component that calls window.print.
  await page.evaluate(() => {
    (window as unknown as { __printed: number }).__printed = 0;
    window.print = () => void ((window as unknown as { __printed: number }).__printed += 1);
  });
  await page.getByTestId('print-button').click();
  expect(await page.evaluate(() => (window as unknown as { __printed: number }).__printed)).toBe(1);
  void problems;
});

for (const id of SCENARIO_IDS) {
  test(`the embed of ${id} runs inside a page on another origin under its CSP`, async ({ page, problems }) => {
    await page.goto(`${HOST}?src=${encodeURIComponent(`/embed/${id}?step=2&lang=en`)}`);
    const embed = page.frameLocator('#embed');
    await ready(embed, 2);
    await embed.getByTestId('player-forward').click();
    await ready(embed, 3);
    void problems;
  });
}

// The base test: a refused frame is a console error, which is what this test expects.
base('the walkthrough refuses to be framed by another origin', async ({ page }) => {
  const refused: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /frame-ancestors/.test(m.text())) refused.push(m.text());
  });
  await page.goto(`${HOST}?src=${encodeURIComponent(`/walkthrough/${SCENARIO_IDS[0]}`)}`);
  await expect.poll(() => refused.length).toBeGreaterThan(0);
  await expect(page.frameLocator('#embed').getByTestId('player')).toHaveCount(0);
});
