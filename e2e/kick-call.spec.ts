// Why: the kick-and-call walkthrough runs in the browser with the PCI views: under KVM the call reaches the guest's handler through an irqfd; under TCG with a vhost-user netdev and MSI-X it ends in seed 000's QEMU segfault, shown in the prose and the backtrace; and the page passes axe and fits a phone.
import AxeBuilder from '@axe-core/playwright';
import { expect, ready, test, totalOf } from './fixtures';

const PAGE = '/walkthrough/kick-call';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

test('kick-call under KVM: one kick, one call, and the TX queue\'s interrupt counted in /proc/interrupts', async ({ page, problems }) => {
  await page.goto(`${PAGE}?lang=en`);
  await ready(page, 0);
  for (const id of ['prose', 'irq-route', 'proc-interrupts', 'backtrace']) await expect(page.getByTestId(id)).toBeVisible();
  await page.keyboard.press('End');
  await ready(page, await totalOf(page));
  const tx = page.locator('[data-testid="proc-irq"][data-name="virtio0-output.0"]');
  await expect(tx).toHaveAttribute('data-count', '1');
  const axe = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  void problems;
});

test('kick-call under TCG with vhost-user and MSI-X ends in QEMU\'s segfault in kvm_virtio_pci_irqfd_use, with the seed\'s frames', async ({ page, problems }) => {
  await page.goto(`${PAGE}?accel=tcg&backend=vhost-user&lang=en`);
  await ready(page, 0);
  await page.keyboard.press('End');
  await ready(page, await totalOf(page));
  await expect(page.getByTestId('caption-en')).toContainText('kvm_virtio_pci_irqfd_use');
  const bt = page.getByTestId('backtrace');
  for (const fn of ['kvm_virtio_pci_irqfd_use', 'msix_set_vector_notifiers', 'virtio_pci_set_guest_notifiers', 'vhost_net_start', 'virtio_pci_common_write']) await expect(bt).toContainText(fn);
  void problems;
});

test('kick-call with the legacy transport shows seed 000\'s first backtrace: the status write at I/O offset 18 in virtio_ioport_write', async ({ page, problems }) => {
  await page.goto(`${PAGE}?transport=legacy&accel=tcg&backend=vhost-user&lang=en`);
  await ready(page, 0);
  await page.keyboard.press('End');
  await ready(page, await totalOf(page));
  const bt = page.getByTestId('backtrace');
  for (const fn of ['kvm_virtio_pci_irqfd_use', 'virtio_ioport_write', 'virtio_pci_config_write', 'helper_outb']) await expect(bt).toContainText(fn);
  void problems;
});

test('kick-call fits a 390 px screen in Chinese', async ({ page, problems }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${PAGE}?accel=tcg&irq=intx&lang=zh`);
  await ready(page, 0);
  await page.keyboard.press('End');
  await ready(page, await totalOf(page));
  await expect(page.getByTestId('caption-zh')).toContainText(/[\u4e00-\u9fff]/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  void problems;
});
