// Why: the path overview is drawn from the engine's topology and trace: a kick beat lights the vCPU and sends a kick token vcpu0 → ioeventfd, a call beat lights the call path, nodes lead to their panels, reduced motion shows the end state still, a phone gets a layout that fits, zh gets Chinese captions, and the embed shows it without links or errors.
import type { Locator, Page } from '@playwright/test';
import { expect, ready, stepOf, test, type Scope } from './fixtures';

const PAGE = '/walkthrough/descriptor-flow';
const HOST = `http://127.0.0.1:${process.env.EMBED_PORT || 3001}/`;

const topology = (scope: Scope): Locator => scope.getByTestId('topology');

/** Step forward until the overview's flows contain `flow` (a `kind:from>to` key or a prefix of one). */
async function stepUntilFlow(scope: Scope, flow: string, max = 80): Promise<number> {
  for (let i = 0; i < max; i++) {
    const flows = (await topology(scope).getAttribute('data-flows')) ?? '';
    if (flows.split(' ').some((f) => f.startsWith(flow))) return Number(await stepOf(scope).getAttribute('data-step'));
    const n = Number(await stepOf(scope).getAttribute('data-step'));
    await scope.getByTestId('player-forward').click();
    await ready(scope, n + 1);
    await expect(topology(scope)).toHaveAttribute('data-step', String(n + 1));
  }
  throw new Error(`no beat with ${flow} within ${max} steps`);
}

/** The centre of an element's box on screen. */
async function centreOf(l: Locator): Promise<{ x: number; y: number }> {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Whether point `p` lies on `node`'s box, give or take `slack` px. */
async function onNode(p: { x: number; y: number }, node: Locator, slack = 10): Promise<boolean> {
  const b = (await node.locator('rect').first().boundingBox())!;
  return p.x >= b.x - slack && p.x <= b.x + b.width + slack && p.y >= b.y - slack && p.y <= b.y + b.height + slack;
}

/** The call eventfd's node id, from the topology itself. */
async function callFdNode(page: Page): Promise<string> {
  const id = await page.locator('[data-testid^="topo-node-"][data-role="call-eventfd"]').getAttribute('data-node');
  expect(id).toMatch(/^fd:\d+$/);
  return id!;
}

test('a kick beat lights the vCPU, names vp_notify() and sends a kick token from vcpu0 to the ioeventfd', async ({ page, problems }) => {
  await page.goto(`${PAGE}?step=12&lang=en`);
  await ready(page, 12);
  await stepUntilFlow(page, 'kick:vcpu0>ioeventfd');

  const view = topology(page);
  await expect(view).toHaveAttribute('data-active-node', 'vcpu0');
  await expect(page.getByTestId('topo-node-vcpu0')).toHaveAttribute('data-active', 'true');
  await expect(page.locator('[data-testid^="topo-node-"][data-active]')).toHaveCount(1);
  // The function on the node is the prose panel's function.
  await expect(page.getByTestId('topo-function')).toHaveText('vp_notify()');
  await expect(page.getByTestId('topo-function')).toHaveText((await page.getByTestId('prose-function').innerText()).trim());

  const lit = page.getByTestId('topo-lit-link');
  await expect(lit).toHaveCount(1);
  await expect(lit).toHaveAttribute('data-link', 'vcpu0|ioeventfd');
  await expect(lit).toHaveAttribute('data-kind', 'kick');

  const token = page.locator('[data-testid="topo-token"][data-flow="kick:vcpu0>ioeventfd"]');
  await expect(token).toHaveCount(1);
  await expect(token).toHaveAttribute('data-state', 'arrived');
  expect(await onNode(await centreOf(token), page.getByTestId('topo-node-ioeventfd'))).toBe(true);
  await expect(page.getByTestId('topo-summary')).toContainText('Kick: vCPU → ioeventfd');
  void problems;
});

test('a call beat lights the call path: vhost → call eventfd, then irqfd → LAPIC, then LAPIC → vCPU', async ({ page, problems }) => {
  await page.goto(`${PAGE}?step=25&lang=en`);
  await ready(page, 25);
  const call = await callFdNode(page);

  await stepUntilFlow(page, `call:vhost>${call}`);
  await expect(topology(page)).toHaveAttribute('data-active-node', call);
  await expect(page.getByTestId(`topo-node-${call}`)).toHaveAttribute('data-active', 'true');
  await expect(page.getByTestId('topo-lit-link')).toHaveAttribute('data-link', `vhost|${call}`);
  await expect(page.getByTestId('topo-lit-link')).toHaveAttribute('data-kind', 'call');
  await expect(page.locator(`[data-testid="topo-token"][data-flow="call:vhost>${call}"]`)).toHaveCount(1);

  await stepUntilFlow(page, `irq:${call}>irqfd`, 3);
  await expect(topology(page)).toHaveAttribute('data-flows', `irq:${call}>irqfd irq:irqfd>lapic`);
  await expect(page.getByTestId('topo-node-lapic')).toHaveAttribute('data-active', 'true');
  await expect(page.locator('[data-testid="topo-lit-link"][data-kind="irq"]')).toHaveCount(2);
  // Tokens go one after the other; both end up where their links end.
  const second = page.locator('[data-testid="topo-token"][data-flow="irq:irqfd>lapic"]');
  await expect(second).toHaveAttribute('data-state', 'arrived');
  expect(await onNode(await centreOf(second), page.getByTestId('topo-node-lapic'))).toBe(true);

  await stepUntilFlow(page, 'irq:lapic>vcpu0', 40);
  await expect(page.getByTestId('topo-node-vcpu0')).toHaveAttribute('data-active', 'true');
  void problems;
});

test('a node leads to its panel: a click on the ring, Enter on the memory; nodes take no player keys', async ({ page, problems }) => {
  await page.setViewportSize({ width: 1280, height: 520 });
  await page.goto(`${PAGE}?step=22&lang=en`);
  await ready(page, 22);
  const ring = page.getByTestId('ring-view');
  await expect(ring).not.toBeInViewport();

  const ringNode = page.getByTestId('topo-node-ring').getByRole('link');
  await expect(ringNode).toHaveAccessibleName(/vring.*output\.0.*Split virtqueue/);
  await ringNode.click();
  await expect(ring).toBeInViewport();
  await expect(ring).toBeFocused();
  await expect(page).not.toHaveURL(/#/); // no jump to a fragment: the page scrolled itself

  // Keyboard: Space and the arrows on a focused node do nothing to it (they are the player's keys, and the player is elsewhere).
  await page.evaluate(() => window.scrollTo(0, 0));
  const memoryNode = page.getByTestId('topo-node-buffers').getByRole('link');
  await memoryNode.focus();
  await page.keyboard.press('ArrowRight');
  await expect(stepOf(page)).toHaveAttribute('data-step', '22');
  await expect(memoryNode).toBeFocused();
  await page.keyboard.press('Enter');
  const memory = page.getByTestId('memory');
  await expect(memory).toBeInViewport();
  await expect(memory).toBeFocused();
  await expect(page.getByTestId('player')).toHaveAttribute('data-state', 'paused');
  void problems;
});

test('with reduced motion the token is drawn where it arrives, and nothing moves', async ({ page, problems }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${PAGE}?step=21&lang=en`);
  await ready(page, 21);
  await page.getByTestId('player-forward').click();
  await ready(page, 22);
  await expect(topology(page)).toHaveAttribute('data-motion', 'reduced');
  const token = page.locator('[data-testid="topo-token"][data-flow="kick:vcpu0>ioeventfd"]');
  await expect(token).toHaveAttribute('data-state', 'arrived');
  const first = await centreOf(token);
  expect(await onNode(first, page.getByTestId('topo-node-ioeventfd'))).toBe(true);
  await page.waitForTimeout(300);
  expect(await centreOf(token)).toEqual(first);
  await expect(page.locator('[data-testid="topo-lit-link"][data-link="vcpu0|ioeventfd"]')).toHaveCount(1);
  const running = await page.evaluate(() => {
    const view = document.querySelector('[data-testid="topology"]')!;
    return document.getAnimations().filter((a) => a.playState === 'running' && a.effect instanceof KeyframeEffect && a.effect.target && view.contains(a.effect.target)).length;
  });
  expect(running).toBe(0);
  void problems;
});

test('with motion the token travels: it starts away from the ioeventfd and arrives there', async ({ page, problems }) => {
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await page.goto(`${PAGE}?step=21&lang=en`);
  await ready(page, 21);
  await page.getByTestId('player-forward').click();
  await ready(page, 22);
  await expect(topology(page)).toHaveAttribute('data-motion', 'full');
  const token = page.locator('[data-testid="topo-token"][data-flow="kick:vcpu0>ioeventfd"]');
  // State and place read together, while it travels (it takes 0.9 s).
  const early = await token.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { state: el.getAttribute('data-state'), x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  expect(early.state).toBe('moving');
  expect(await onNode(early, page.getByTestId('topo-node-ioeventfd'), 2)).toBe(false);
  await expect(token).toHaveAttribute('data-state', 'arrived');
  expect(await onNode(await centreOf(token), page.getByTestId('topo-node-ioeventfd'))).toBe(true);
  void problems;
});

test('at 390 px the overview stacks its groups, adds no horizontal overflow and scales to its panel', async ({ page, problems }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${PAGE}?step=22&lang=both`);
  await ready(page, 22);
  const view = topology(page);
  await expect(view).toHaveAttribute('data-orientation', 'bands');
  const { shown, hidden } = await page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-testid="topology-panel"]')!;
    const shown = document.documentElement.scrollWidth;
    el.style.display = 'none';
    const hidden = document.documentElement.scrollWidth;
    el.style.display = '';
    return { shown, hidden };
  });
  expect(shown).toBe(hidden);
  // In a phone-wide panel the picture scales down and nothing in the panel overflows it.
  const fit = await page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-testid="topology-panel"]')!;
    el.style.width = '350px';
    const svg = el.querySelector('svg')!.getBoundingClientRect();
    const panel = el.getBoundingClientRect();
    return { svgRight: svg.right, panelRight: panel.right, overflow: el.scrollWidth - el.clientWidth };
  });
  expect(fit.overflow).toBe(0);
  expect(fit.svgRight).toBeLessThanOrEqual(fit.panelRight);
  void problems;
});

test('in Chinese the role captions, groups and legend are Chinese, and node names say where they lead', async ({ page, problems }) => {
  await page.goto(`${PAGE}?step=22&lang=zh`);
  await ready(page, 22);
  const view = topology(page);
  await expect(page.getByTestId('topology-panel').getByRole('heading')).toHaveText('路径总览');
  await expect(page.getByTestId('topo-node-vcpu0')).toContainText('virtio-net 驱动');
  await expect(page.getByTestId('topo-node-vcpu0')).not.toContainText('driver');
  await expect(page.getByTestId('topo-node-buffers')).toContainText('缓冲区');
  await expect(page.getByTestId('topo-node-vhost')).toContainText('QEMU 里的 vhost_task');
  await expect(view.getByTestId('topology-svg')).toContainText('宿主机内核');
  await expect(view.getByTestId('topo-legend')).toContainText('中断');
  await expect(view.getByTestId('topo-legend')).not.toContainText('interrupt');
  await expect(page.getByTestId('topo-node-vcpu0').getByRole('link')).toHaveAccessibleName(/virtio-net 驱动.*在面板中查看.*线程/);
  await expect(page.getByTestId('topo-summary')).toContainText('kick：vCPU → ioeventfd');

  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('topo-node-vcpu0')).toContainText('virtio-net driver');
  await expect(page.getByTestId('topo-node-vcpu0').getByRole('link')).toHaveAccessibleName(/virtio-net driver.*show in the panel.*Threads/);
  void problems;
});

test('the embed shows the overview, nodes are plain (no panels to go to), stepping drives it, no console errors', async ({ page, problems }) => {
  await page.goto(`${HOST}?src=${encodeURIComponent('/embed/descriptor-flow?step=21&lang=en')}`);
  const embed = page.frameLocator('#embed');
  await ready(embed, 21);
  const view = topology(embed);
  await expect(view).toBeVisible();
  await expect(view.getByRole('link')).toHaveCount(0);
  await expect(view.locator('[data-panel]')).toHaveCount(0);
  await stepUntilFlow(embed, 'kick:vcpu0>ioeventfd', 3);
  await expect(embed.getByTestId('topo-node-vcpu0')).toHaveAttribute('data-active', 'true');
  await embed.getByTestId('topo-node-ring').click();
  await expect(stepOf(embed)).toHaveAttribute('data-step', '22');
  void problems;
});
