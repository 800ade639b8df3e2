// Why: the instructor-mode specs drive a presenter and followers in several pages and contexts; these helpers read their state and collect every page's console errors.
import { expect, type BrowserContext, type Page } from '@playwright/test';

/** Collect console errors and page errors of a page that is not the fixture's own. */
export function watch(page: Page, problems: string[]): Page {
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()} @ ${msg.location().url}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return page;
}

/** A new page in `context`, watched. */
export async function openWatched(context: BrowserContext, problems: string[]): Promise<Page> {
  return watch(await context.newPage(), problems);
}

/** The presenter's room code once the room is open (`kind`: relay or local). */
export async function roomCode(presenter: Page, kind: 'relay' | 'local'): Promise<string> {
  const room = presenter.getByTestId('room');
  await expect(room).toHaveAttribute('data-room-state', kind);
  const code = await room.getAttribute('data-room');
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
  return code!;
}

/** The step the presenter's page shows. */
export const presenterStep = (presenter: Page) => presenter.getByTestId('current-step');

/** Expect a follower page to show `step` (following live unless said otherwise). */
export async function expectFollowing(follower: Page, step: number, mode: 'live' | 'free' = 'live'): Promise<void> {
  const bar = follower.getByTestId('follow-bar');
  await expect(bar).toHaveAttribute('data-follow-mode', mode);
  await expect(bar).toHaveAttribute('data-shown-step', String(step));
}
