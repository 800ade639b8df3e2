// Why: the MSI-X walkthrough lays out the PCI views (MSI-X table, interrupt route, /proc/interrupts, config space) from its own kind of world; at the end of a run /proc/interrupts lists the IRQs the guest's vector allocation gave it, a masked entry shows masked, and the page passes axe and fits a phone.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { runScenario } from '../engine/testing/run';
import { expect, ready, test, totalOf } from './fixtures';

const PAGE = '/walkthrough/msix-vectors';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? v.help}`));
}

/** The IRQ names /proc/interrupts shows now. */
const irqNames = (page: Page) => page.getByTestId('proc-irq').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));

test('msix-vectors: the PCI views, and /proc/interrupts at the end lists a vector per queue', async ({ page, problems }) => {
  await page.goto(PAGE);
  await ready(page, 0);
  for (const id of ['prose', 'topology-panel', 'msix-table', 'irq-route', 'proc-interrupts', 'config-space', 'backtrace', 'threads']) await expect(page.getByTestId(id)).toBeVisible();
  await expect(page.getByTestId('ring-view')).toHaveCount(0);
  const total = await totalOf(page);
  // Driven from the keyboard, as a reader would: a few steps, then to the end.
  await page.keyboard.press('ArrowRight');
  await ready(page, 1);
  await page.keyboard.press('End');
  await ready(page, total);
  expect(await irqNames(page)).toEqual(['virtio0-config', 'virtio0-input.0', 'virtio0-output.0']);
  for (const row of await page.getByTestId('proc-irq').all()) await expect(row).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('device-status')).toContainText('DRIVER_OK');
  await expect(page.getByTestId('msix-enable')).toHaveAttribute('data-on', 'true');
  await expect(page.getByTestId('fallback-ladder').locator('[data-policy="each"]')).toHaveAttribute('data-state', 'ok');
  expect(await violations(page)).toEqual([]);
  void problems;
});

test('msix-vectors with two vectors: the queues share virtio0-virtqueues', async ({ page, problems }) => {
  await page.goto(`${PAGE}?vectors=2`);
  await ready(page, 0);
  await page.keyboard.press('End');
  await ready(page, await totalOf(page));
  expect(await irqNames(page)).toEqual(['virtio0-config', 'virtio0-virtqueues']);
  await expect(page.getByTestId('fallback-ladder').locator('[data-policy="shared"]')).toHaveAttribute('data-state', 'ok');
  void problems;
});

test('msix-vectors with mask=1: the MSI-X table shows entry 1 masked, and the route says where the call waits', async ({ page, problems }) => {
  // Where the guest's Vector Control write masks entry 1, from the same deterministic run the page makes.
  const s = runScenario('msix-vectors', { mask: 1 });
  const mask = s.trace.findIndex((e) => e.type === 'guest_msix_mask' && e.f.mask);
  const write = mask + s.trace.slice(mask).findIndex((e) => e.type === 'msix_table_write' && e.f.entry === 1 && e.f.field === 'vector_ctrl');
  const held = s.trace.findIndex((e) => e.type === 'vhost_signal_call' && e.f.to === 'masked-notifier');
  await page.goto(`${PAGE}?mask=1&step=${write + 1}`);
  await ready(page, write + 1);
  await expect(page.getByTestId('msix-row-1')).toHaveAttribute('data-masked', 'true');
  await expect(page.getByTestId('msix-row-1')).toHaveAttribute('data-touched', 'true');
  await expect(page.getByTestId('msix-row-2')).toHaveAttribute('data-masked', 'false');
  // Step on to vhost's signal of the masked queue: held in the masked notifier.
  for (let step = write + 2; step <= held + 1; step++) {
    await page.keyboard.press('ArrowRight');
    await ready(page, step);
  }
  await expect(page.getByTestId('route-held')).toBeVisible();
  await expect(page.getByTestId('irq-route')).toHaveAttribute('data-hop', 'msix-1:callfd');
  expect(await violations(page)).toEqual([]);
  void problems;
});

test('msix-vectors in Chinese and both languages passes axe mid-run', async ({ page, problems }) => {
  for (const lang of ['zh', 'both']) {
    await page.goto(`${PAGE}?step=650&lang=${lang}`);
    await ready(page, 650);
    expect(await violations(page)).toEqual([]);
  }
  void problems;
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  for (const path of [`${PAGE}?step=650`, `${PAGE}?step=650&lang=both`, `/embed/msix-vectors?step=650`]) {
    test(`no sideways scroll at 390 px: ${path}`, async ({ page, problems }) => {
      await page.goto(path);
      await ready(page, 650);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      void problems;
    });
  }
});

test('the msix-vectors embed shows the compact PCI set', async ({ page, problems }) => {
  await page.goto('/embed/msix-vectors?step=650');
  await ready(page, 650);
  for (const id of ['prose', 'topology-panel', 'msix-table', 'irq-route']) await expect(page.getByTestId(id)).toBeVisible();
  await expect(page.getByTestId('config-space')).toHaveCount(0);
  void problems;
});

test('the overview’s PCI nodes lead to the PCI panels', async ({ page, problems }) => {
  await page.goto(`${PAGE}?step=650&lang=en`);
  await ready(page, 650);
  await expect(page.getByTestId('topo-node-msix')).toHaveAttribute('data-panel', 'pci');
  await expect(page.getByTestId('topo-node-lapic')).toHaveAttribute('data-panel', 'irqs');
  await page.getByTestId('topo-node-msix').getByRole('link').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#panel-pci')).toBeFocused();
  await page.getByTestId('topo-node-routing').getByRole('link').click();
  await expect(page.locator('#panel-irqs')).toBeFocused();
  await expect(page.getByTestId('step')).toHaveAttribute('data-step', '650');
  void problems;
});
