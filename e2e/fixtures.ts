// Why: every e2e test must also prove the page logged no console errors and threw no page errors; this fixture collects them.
import { test as base, expect, type Frame, type FrameLocator, type Locator, type Page } from '@playwright/test';

export const test = base.extend<{ problems: string[] }>({
  problems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()} @ ${msg.location().url}`);
    });
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    await use(problems);
    expect(problems, 'console errors / page errors').toEqual([]);
  },
});

export { expect };

/** Where views live: the page itself or an embed's iframe. */
export type Scope = Page | FrameLocator;

/** The step shown (data-step of "step N / M"). */
export const stepOf = (scope: Scope): Locator => scope.getByTestId('step');

/** Wait until the engine answered and the player is usable at `step`. */
export async function ready(scope: Scope, step: number): Promise<void> {
  await expect(stepOf(scope)).toHaveAttribute('data-step', String(step));
  await expect(scope.getByTestId('player')).not.toHaveAttribute('data-state', 'loading');
}

/** What the ring view and the prose show, to compare two visits of a step. */
export async function viewOf(scope: Scope): Promise<{ ring: string | null; event: string | null; prose: string }> {
  const ring = scope.getByTestId('ring-view');
  return {
    ring: await ring.getAttribute('data-fingerprint'),
    event: await ring.getAttribute('data-event'),
    prose: (await scope.getByTestId('prose').innerText()).trim(),
  };
}

/** The total number of steps, from "step N / M". */
export async function totalOf(scope: Scope): Promise<number> {
  const text = await stepOf(scope).innerText();
  const m = /\/\s*(\d+)/.exec(text);
  if (!m) throw new Error(`no total in ${JSON.stringify(text)}`);
  return Number(m[1]);
}

/** crossOriginIsolated as seen by a frame. */
export const isolatedIn = (frame: Page | Frame) => frame.evaluate(() => self.crossOriginIsolated);
