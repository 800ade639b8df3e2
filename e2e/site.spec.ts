// Why: the site around the walkthroughs: the catalogue's live thumbnails (drawn from the engine's runs), the sources page,
// the glossary the captions link to, and one language choice that holds across every route and is remembered.
import { DOC_CITATIONS } from '../content/docs';
import { SCENARIO_IDS } from '../engine/scenarios/registry';
import { expect, ready, test } from './fixtures';

test('the catalogue shows a live thumbnail for every scenario, opening its walkthrough at the marked step', async ({ page, problems }) => {
  await page.goto('/?lang=en');
  for (const id of SCENARIO_IDS) {
    const thumb = page.getByTestId(`scenario-${id}`).getByTestId('thumbnail');
    await expect(thumb, id).toBeVisible();
    const step = Number(await thumb.getAttribute('data-step'));
    const total = Number(await thumb.getAttribute('data-total'));
    expect(step).toBeGreaterThan(0);
    expect(step).toBeLessThanOrEqual(total);
    await expect(thumb.locator('svg')).toHaveAttribute('aria-label', new RegExp(`^Open the walkthrough at step: ${step} / ${total}\\. .{10,}`));
    await expect(thumb.locator('figcaption')).not.toBeEmpty();
  }
  const thumb = page.getByTestId('scenario-descriptor-flow').getByTestId('thumbnail');
  const step = await thumb.getAttribute('data-step');
  await thumb.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/walkthrough/descriptor-flow\\?step=${step}&lang=en$`));
  await ready(page, Number(step));
  // The thumbnail's caption is the caption the walkthrough shows at that step.
  await page.goBack();
  const shown = (await page.getByTestId('scenario-descriptor-flow').locator('figcaption').innerText()).trim();
  await page.goto(`/walkthrough/descriptor-flow?step=${step}&lang=en`);
  await ready(page, Number(step));
  await expect(page.getByTestId('caption-en')).toHaveText(shown);
  void problems;
});

test('the sources page lists every source document by title, with what each walkthrough draws from it', async ({ page, problems }) => {
  await page.goto('/sources?lang=en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sources');
  for (const [id, c] of Object.entries(DOC_CITATIONS)) {
    await expect(page.getByTestId(`doc-${id}`).getByRole('heading', { level: 2 })).toHaveText(c.title.en);
  }
  const use = page.getByTestId('use-virtio-spec-descriptor-flow');
  await expect(use).toContainText(/\d+ steps, from step \d+/);
  await use.getByRole('link').click();
  await expect(page).toHaveURL(/\/walkthrough\/descriptor-flow\?step=\d+&lang=en$/);
  await expect(page.getByTestId('prose')).toContainText('VIRTIO');
  void problems;
});

test('captions link to the glossary, which explains the term in the reader’s language', async ({ page, problems }) => {
  await page.goto('/walkthrough/kick-call?lang=en');
  await ready(page, 0);
  await page.getByTestId('player-end').click();
  const links = page.getByTestId('glossary-links-en');
  await expect(links.getByRole('link').first()).toHaveAttribute('href', '/glossary?lang=en');
  // Find a step whose caption names a glossary term.
  let href: string | null = null;
  for (let i = 0; i < 40 && !href; i++) {
    await page.getByTestId('player-back').click();
    const n = await links.getByRole('link').count();
    if (n > 1) href = await links.getByRole('link').nth(1).getAttribute('href');
  }
  expect(href).toMatch(/^\/glossary\?lang=en#[a-z0-9-]+$/);
  await page.goto(href!);
  const slug = href!.split('#')[1]!;
  await expect(page.getByTestId(`term-${slug}`)).toBeVisible();
  await expect(page.getByTestId(`term-${slug}`)).not.toContainText(/[\u4e00-\u9fff]/);
  for (const t of ['kick', 'irqfd', 'ioeventfd', 'vring', 'PBA', 'vDPA']) await expect(page.locator('dt', { hasText: t }).first()).toBeVisible();
  void problems;
});

test('a language chosen anywhere holds on every route and is remembered', async ({ page, problems }) => {
  await page.goto('/glossary');
  await page.getByTestId('lang-zh').click();
  await expect(page).toHaveURL(/\/glossary\?lang=zh$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('术语表');
  // A page opened without ?lang takes the remembered language.
  await page.goto('/');
  await expect(page).toHaveURL(/\/\?lang=zh$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('virtio 图解');
  await page.goto('/sources');
  await expect(page).toHaveURL(/\/sources\?lang=zh$/);
  await page.goto('/walkthrough/descriptor-flow');
  await ready(page, 0);
  await expect(page.getByTestId('prose')).toHaveAttribute('data-lang-mode', 'zh');
  // The walkthrough's switch is remembered for the server pages too.
  await page.getByTestId('lang-en').click();
  await page.goto('/glossary');
  await expect(page).toHaveURL(/\/glossary\?lang=en$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Glossary');
  // A link's language is followed but not remembered.
  await page.goto('/sources?lang=both');
  await page.goto('/docs/embedding');
  await expect(page).toHaveURL(/\/docs\/embedding\?lang=en$/);
  await expect(page.getByTestId('embed-params')).toContainText('origin');
  void problems;
});
