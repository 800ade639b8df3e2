// Why: the vhost-user negotiation walkthrough runs in the browser with its own views: the message sequence built from
// the trace, the byte inspector (bytes ↔ fields, fds sender → receiver), DPDK's log in each era's exact format, the
// back-end's device state and both sides' stacks; the option switches rebuild it (era, topology, queues, fault); the
// page passes axe and fits a phone.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, ready, test, totalOf, type Scope } from './fixtures';

const PAGE = '/walkthrough/vhost-user';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const SOCK = '/var/run/openvswitch/vhost-user0';

async function toEnd(page: Page): Promise<void> {
  await ready(page, 0);
  await page.keyboard.press('End');
  await ready(page, await totalOf(page));
}

const rows = (page: Scope) => page.getByTestId('vu-sequence').getByTestId('vu-row');
const messageRow = (page: Scope, request: string) => page.locator(`[data-testid="vu-row"][data-kind="message"][data-request="${request}"]`);

test('vhost-user, seed era: the negotiation as a message sequence, DPDK 19.11’s log, and the device running at the end', async ({ page, problems }) => {
  await page.goto(`${PAGE}?lang=en`);
  await ready(page, 0);
  for (const id of ['prose', 'vu-sequence', 'vu-inspector', 'vu-log', 'vu-stack-qemu', 'vu-stack-dpdk', 'vu-backend']) await expect(page.getByTestId(id)).toBeVisible();
  await expect(page.getByTestId('versions')).toContainText('QEMU 5.0');
  await expect(page.getByTestId('versions')).toContainText('DPDK 19.11');
  await expect(page.getByTestId('vu-stack-dpdk')).toContainText('DPDK 19.11');
  await page.keyboard.press('End');
  await ready(page, await totalOf(page));
  // Every message QEMU sends to start the device is a row, each read by DPDK by the end.
  for (const request of ['VHOST_USER_GET_FEATURES', 'VHOST_USER_SET_MEM_TABLE', 'VHOST_USER_SET_VRING_ADDR', 'VHOST_USER_SET_VRING_KICK', 'VHOST_USER_SET_VRING_CALL']) {
    await expect(messageRow(page, request).first()).toHaveAttribute('data-stage', 'read');
  }
  expect(await rows(page).count()).toBeGreaterThan(15);
  const log = page.getByTestId('vu-log');
  await expect(log).toContainText('VHOST_CONFIG: read message VHOST_USER_SET_VRING_KICK');
  await expect(log).toContainText('virtio is now ready for processing');
  // 19.11 prints no socket path in its VHOST_CONFIG lines.
  await expect(log).not.toContainText(`VHOST_CONFIG: (${SOCK})`);
  await expect(page.getByTestId('vu-backend')).toHaveAttribute('data-running', 'true');
  await expect(page.getByTestId('vu-stack-dpdk')).toContainText('lib/librte_vhost/');
  const axe = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  void problems;
});

test('vhost-user: picking a message opens its bytes; a field lights its bytes; the fds show the receiver’s new numbers', async ({ page, problems }) => {
  await page.goto(`${PAGE}?lang=en`);
  await toEnd(page);
  const table = messageRow(page, 'VHOST_USER_SET_MEM_TABLE').first();
  const msg = await table.getAttribute('data-msg');
  // Keyboard: focus the row's button and press Enter.
  await table.getByRole('button').focus();
  await page.keyboard.press('Enter');
  const inspector = page.getByTestId('vu-inspector');
  await expect(inspector).toHaveAttribute('data-pinned', 'true');
  await expect(inspector.getByTestId('vu-inspected')).toHaveAttribute('data-msg', msg ?? '');
  await expect(inspector.getByTestId('vu-fields')).toContainText('VHOST_USER_SET_MEM_TABLE (5)');
  await expect(inspector.getByTestId('vu-fields')).toContainText('regions[0].guest_phys_addr');
  // Each region's fd: the sender's number and DPDK's new one, both present and different processes' numbers.
  const fd = inspector.getByTestId('vu-fd').first();
  await expect(fd).toHaveAttribute('data-send', /\d+/);
  await expect(fd).toHaveAttribute('data-recv', /\d+/);
  await expect(fd).toContainText('guest memory region 0');
  // Hovering a field lights exactly its bytes; hovering a byte lights its field.
  await inspector.locator('tr[data-field="header.request"]').hover();
  await expect(inspector.locator('[data-byte][data-lit]')).toHaveCount(4);
  await inspector.locator('[data-byte="8"]').hover();
  await expect(inspector.locator('tr[data-field="header.size"]')).toHaveAttribute('data-lit', 'true');
  // The accessible name says who sent what, with the fds.
  await expect(table.getByRole('button')).toHaveAccessibleName(/^Message \d+: QEMU to DPDK, VHOST_USER_SET_MEM_TABLE, fd \d+ → \d+/);
  // Back to following the step.
  await inspector.getByTestId('vu-follow').click();
  await expect(inspector).not.toHaveAttribute('data-pinned', 'true');
  void problems;
});

test('vhost-user, modern era: QEMU 7.2 with DPDK 22.11, whose lines name the socket', async ({ page, problems }) => {
  await page.goto(`${PAGE}?era=modern&lang=en`);
  await toEnd(page);
  await expect(page.getByTestId('versions')).toContainText('QEMU 7.2');
  await expect(page.getByTestId('versions')).toContainText('DPDK 22.11');
  const log = page.getByTestId('vu-log');
  await expect(log).toContainText(`VHOST_CONFIG: (${SOCK}) read message VHOST_USER_SET_VRING_KICK`);
  await expect(messageRow(page, 'VHOST_USER_SET_VRING_ERR').first()).toBeVisible();
  await expect(page.getByTestId('vu-stack-dpdk')).toContainText('lib/vhost/');
  void problems;
});

test('vhost-user with a spoiled message: DPDK rejects it, the row is crossed out and the log says why', async ({ page, problems }) => {
  await page.goto(`${PAGE}?fault=fd-count&lang=en`);
  await toEnd(page);
  const bad = page.locator('[data-testid="vu-row"][data-kind="message"][data-fault="fd-count"]');
  await expect(bad).toHaveCount(1);
  await expect(bad).toHaveAttribute('data-stage', 'rejected');
  await expect(page.locator('[data-testid="vu-log-line"][data-level="ERR"]').first()).toBeVisible();
  void problems;
});

test('vhost-user with DPDK as the server and two queue pairs: DPDK listens, and four vrings come up', async ({ page, problems }) => {
  await page.goto(`${PAGE}?topology=dpdk-server&queues=2&lang=en`);
  await toEnd(page);
  await expect(page.locator('[data-testid="vu-row"][data-kind="socket"][data-side="dpdk"][data-op="listen"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="vu-row"][data-kind="socket"][data-side="qemu"][data-op="connect"]').first()).toBeVisible();
  await expect(page.getByTestId('vu-vring-3')).toHaveAttribute('data-ready', 'true');
  void problems;
});

test('vhost-user: the options panel offers the era, topology, queues, fault and disconnect switches', async ({ page, problems }) => {
  await page.goto(`${PAGE}?lang=en`);
  await ready(page, 0);
  for (const name of ['era', 'topology', 'queues', 'fault', 'disconnect']) await expect(page.getByTestId(`option-${name}`)).toBeAttached();
  await page.getByTestId('options').locator('summary').click();
  await page.getByTestId('option-era').selectOption('modern');
  await ready(page, 0);
  await expect(page.getByTestId('versions')).toContainText('DPDK 22.11');
  void problems;
});

test('vhost-user fits a 390 px screen in Chinese, with motion reduced', async ({ page, problems }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${PAGE}?lang=zh`);
  await toEnd(page);
  await expect(page.getByTestId('vu-sequence')).toContainText('消息时序图');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  void problems;
});
