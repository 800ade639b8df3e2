// Why: the catalogue is the entry point: the runnable walkthrough must be a link, the planned ones listed without links.
import { expect, test } from './fixtures';

test('the catalogue links the descriptor-flow walkthrough and lists the planned scenarios', async ({ page, problems }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'virtio explainer' })).toBeVisible();
  const card = page.getByTestId('scenario-descriptor-flow');
  await expect(card.getByRole('link', { name: 'Descriptor flow through a split virtqueue' })).toHaveAttribute('href', '/walkthrough/descriptor-flow');
  for (const id of ['kick-call-plumbing', 'vhost-user-negotiation', 'vhost-net-kernel', 'msix', 'ifcvf-vdpa']) {
    const planned = page.getByTestId(`scenario-${id}`);
    await expect(planned).toContainText('planned');
    await expect(planned.getByRole('link')).toHaveCount(0);
  }
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  await card.getByRole('link', { name: 'Open the walkthrough →' }).click();
  await expect(page).toHaveURL(/\/walkthrough\/descriptor-flow$/);
  void problems;
});
