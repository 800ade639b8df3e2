// Why: the catalogue is the entry point: the runnable walkthrough must be a link, the planned ones listed without links, in the language the URL names (both by default), and that language goes along to the walkthrough and back.
import { expect, test } from './fixtures';

test('the catalogue links the descriptor-flow walkthrough and lists the planned scenarios', async ({ page, problems }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'virtio explainer' })).toBeVisible();
  const card = page.getByTestId('scenario-descriptor-flow');
  // Both languages by default, Chinese first (as everywhere on the site).
  await expect(card.getByRole('link', { name: 'split virtqueue 中的描述符流转' })).toHaveAttribute('href', '/walkthrough/descriptor-flow');
  await expect(card).toContainText('Descriptor flow through a split virtqueue');
  // The MSI-X vectors, kick-and-call and vhost-user walkthroughs are runnable too.
  await expect(page.getByTestId('scenario-msix-vectors').getByRole('link', { name: 'Open the walkthrough →' })).toHaveAttribute('href', '/walkthrough/msix-vectors');
  await expect(page.getByTestId('scenario-kick-call').getByRole('link', { name: 'Open the walkthrough →' })).toHaveAttribute('href', '/walkthrough/kick-call');
  await expect(page.getByTestId('scenario-vhost-user').getByRole('link', { name: 'Open the walkthrough →' })).toHaveAttribute('href', '/walkthrough/vhost-user');
  for (const id of ['vhost-net-kernel', 'ifcvf-vdpa']) {
    const planned = page.getByTestId(`scenario-${id}`);
    await expect(planned).toContainText('planned');
    await expect(planned.getByRole('link')).toHaveCount(0);
  }
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  await card.getByRole('link', { name: 'Open the walkthrough →' }).click();
  await expect(page).toHaveURL(/\/walkthrough\/descriptor-flow$/);
  void problems;
});

test('a language picked on the catalogue shows only that language and goes along to the walkthrough and back', async ({ page, problems }) => {
  await page.goto('/');
  await page.getByTestId('lang-en').click();
  await expect(page).toHaveURL(/\/\?lang=en$/);
  await expect(page.getByTestId('lang-en')).toHaveAttribute('aria-current', 'true');
  const card = page.getByTestId('scenario-descriptor-flow');
  await expect(card.getByRole('link', { name: 'Descriptor flow through a split virtqueue' })).toHaveAttribute('href', '/walkthrough/descriptor-flow?lang=en');
  await expect(card).not.toContainText('描述符');
  await expect(page.getByTestId('scenario-ifcvf-vdpa')).toHaveText(/planned/);
  await expect(page.getByTestId('scenario-ifcvf-vdpa')).not.toContainText('计划中');

  await card.getByRole('link', { name: 'Open the walkthrough →' }).click();
  await expect(page).toHaveURL(/\/walkthrough\/descriptor-flow\?lang=en$/);
  await expect(page.getByTestId('prose')).toHaveAttribute('data-lang-mode', 'en');
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').click();
  await expect(page).toHaveURL(/\/\?lang=en$/);

  await page.getByTestId('lang-zh').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('virtio 图解');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('scenario-ifcvf-vdpa')).toContainText('计划中');
  void problems;
});
