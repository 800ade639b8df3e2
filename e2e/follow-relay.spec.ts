// Instructor mode through the relay: a presenter in one browser context, two followers in two others (as on other devices); locked and free browsing; the secret required; malformed messages refused.
import { expect, test, totalOf } from './fixtures';
import { expectFollowing, openWatched, presenterStep, roomCode } from './follow-helpers';

test('two browser contexts follow a presenter through the relay', async ({ page, browser, problems }) => {
  await page.goto('/present/descriptor-flow');
  const code = await roomCode(page, 'relay');
  await expect(presenterStep(page)).toHaveAttribute('data-step', '0');
  // The URL keeps the room code for a reload, and never the secret.
  await expect(page).toHaveURL(new RegExp(`room=${code}`));
  const secret = await page.evaluate((c) => sessionStorage.getItem(`virtio-explainer:room-secret:${c}`), code);
  expect(secret).toBeTruthy();

  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext();
  try {
    // One joins by typing the code on the join page, the other through the audience link.
    const a = await openWatched(ctxA, problems);
    await a.goto('/follow');
    await a.getByLabel(/Room code|房间码/).fill(code.toLowerCase().replace(/(...)/, '$1-'));
    await a.getByRole('button', { name: /Follow|跟随/ }).click();
    await expect(a).toHaveURL(new RegExp(`/follow/descriptor-flow\\?room=${code}`));
    const b = await openWatched(ctxB, problems);
    await b.goto(`/follow/descriptor-flow?room=${code}`);
    await expectFollowing(a, 0);
    await expectFollowing(b, 0);

    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect(presenterStep(page)).toHaveAttribute('data-step', '3');
    await expectFollowing(a, 3);
    await expectFollowing(b, 3);
    await expect(a.getByTestId('follow-bar')).toHaveAttribute('data-via', 'relay');
    // The followers show the presenter's step: the same caption.
    await expect(a.getByTestId('caption-en')).toHaveText(await page.getByTestId('current-caption-en').innerText());

    // b browses on its own; a stays locked.
    await b.getByTestId('follow-browse').click();
    await b.keyboard.press('ArrowRight');
    await expectFollowing(b, 4, 'free');
    const end = await totalOf(page);
    expect(end).toBeGreaterThan(10);
    await page.keyboard.press('End');
    await expect(presenterStep(page)).toHaveAttribute('data-step', String(end));
    await expectFollowing(a, end);
    await expectFollowing(b, 4, 'free');
    await expect(b.getByTestId('follow-bar')).toHaveAttribute('data-live-step', String(end));
    await b.getByTestId('follow-live').click();
    await expectFollowing(b, end);

    // The secret is in no audience page nor URL.
    for (const f of [a, b]) {
      expect(f.url()).not.toContain(secret!);
      expect(await f.content()).not.toContain(secret!);
    }

    // Only the secret drives the room; malformed messages are refused and change nothing.
    const api = page.request;
    const url = `/api/relay/rooms/${code}`;
    const move = { scenario: 'descriptor-flow', options: {}, step: 1, seq: Date.now() + 10_000 };
    expect((await api.post(url, { data: move })).status()).toBe(401);
    expect((await api.post(url, { data: move, headers: { 'x-relay-secret': 'guess' } })).status()).toBe(403);
    const bad = await api.post(url, { data: { ...move, step: 99_999 }, headers: { 'x-relay-secret': secret! } });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error).toMatch(/past the end/);
    expect((await api.post(url, { data: { ...move, scenario: 'nope' }, headers: { 'x-relay-secret': secret! } })).status()).toBe(422);
    expect((await api.post(url, { data: Buffer.from('{not json'), headers: { 'x-relay-secret': secret!, 'content-type': 'application/json' } })).status()).toBe(400);
    expect((await (await api.get(url)).json()).state.step).toBe(end);
    await expectFollowing(a, end);

    // Ending the room tells the followers.
    await page.getByTestId('end-room').click();
    await expect(a.getByTestId('follow-over')).toBeVisible();
    expect((await api.get(url)).status()).toBe(404);
  } finally {
    await ctxA.close();
    await ctxB.close();
  }
});
