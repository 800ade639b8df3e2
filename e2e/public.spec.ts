// Why: the static files in public/ are served by `next start` (under the COOP/COEP headers of next.config.ts), the social card is a 1200×630 PNG that every page's Open Graph and Twitter tags point at, and an isolated page can still show it.
import { expect, ready, test } from './fixtures';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the social card, the icons, the manifest and robots.txt are served', async ({ request }) => {
  const card = await request.get('/social-preview.png');
  expect(card.status()).toBe(200);
  expect(card.headers()['content-type']).toBe('image/png');
  expect(pngSize(await card.body())).toEqual({ width: 1200, height: 630 });
  // Other sites, cross-origin isolated ones too, may show the card and the icons.
  expect(card.headers()['cross-origin-resource-policy']).toBe('cross-origin');

  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  const icons = ((await manifest.json()) as { icons: Array<{ src: string; sizes: string }> }).icons;
  expect(icons.length).toBeGreaterThan(0);
  for (const icon of icons) {
    const res = await request.get(icon.src);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()['cross-origin-resource-policy'], icon.src).toBe('cross-origin');
    if (icon.src.endsWith('.png')) {
      const [w, h] = icon.sizes.split('x').map(Number);
      expect(pngSize(await res.body()), icon.src).toEqual({ width: w, height: h });
    }
  }
  expect((await request.get('/apple-touch-icon.png')).status()).toBe(200);
  const robots = await request.get('/robots.txt');
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toContain('User-agent: *');
});

for (const path of ['/', '/walkthrough/descriptor-flow?lang=zh', '/embed/descriptor-flow', '/playground?lang=en']) {
  test(`${path} points its social cards at the image, and the page can load it`, async ({ page, problems }) => {
    await page.goto(path);
    for (const tag of ['meta[property="og:image"]', 'meta[name="twitter:image"]']) {
      expect(await page.locator(tag).first().getAttribute('content')).toMatch(/\/social-preview\.png$/);
    }
    await expect(page.locator('meta[property="og:image:width"]')).toHaveAttribute('content', '1200');
    await expect(page.locator('meta[property="og:image:height"]')).toHaveAttribute('content', '630');
    await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
    // Under this page's COEP the image still loads (same origin), at its full size.
    const width = await page.evaluate(async () => {
      const img = new Image();
      img.src = '/social-preview.png';
      await img.decode();
      return img.naturalWidth;
    });
    expect(width).toBe(1200);
    void problems;
  });
}

test('the walkthrough still starts with the manifest and icons declared (no console errors from them)', async ({ page, problems }) => {
  await page.goto('/walkthrough/descriptor-flow');
  await ready(page, 0);
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute('href', '/apple-touch-icon.png');
  void problems;
});
