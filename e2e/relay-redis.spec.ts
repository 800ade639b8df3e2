// Two relay server instances (two `next start` processes with REDIS_URL) share one room through a real redis-server: a room opened on one is followed, in a browser, from the other. Skipped, saying why, where there is no redis-server.
import { spawn, type ChildProcess } from 'node:child_process';
import { findRedisServer, startRedisServer } from '../scripts/redis-server.mjs';
import { expect, test } from './fixtures';
import { expectFollowing } from './follow-helpers';

const found = findRedisServer();
const base = Number(process.env.APP_PORT || 3000);
const ports = [base + 2, base + 3];

async function startNext(port: number, redisUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, REDIS_URL: redisUrl, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`next start on ${port} exited (${child.exitCode})`);
    if (await fetch(`http://127.0.0.1:${port}/follow`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`next start on ${port} did not answer`);
}

test.describe('relay over Redis', () => {
  test.skip(!found.path, `no redis-server: ${found.why}`);
  let redis: { url: string; stop(): Promise<void> } | null = null;
  const servers: ChildProcess[] = [];

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    redis = await startRedisServer(found.path!);
    for (const p of ports) servers.push(await startNext(p, redis.url));
  });
  test.afterAll(async () => {
    for (const s of servers) s.kill('SIGTERM');
    await redis?.stop();
  });

  test('a room opened on one instance is followed from the other', async ({ page }) => {
    const [one, two] = ports.map((p) => `http://127.0.0.1:${p}`);
    const state = (step: number, seq: number) => ({ scenario: 'msix-vectors', options: {}, step, seq });
    const created = await fetch(`${one}/api/relay/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(state(4, 1)) });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-relay-store')).toBe('redis');
    const { code, secret } = (await created.json()) as { code: string; secret: string };

    // The other instance knows the room, and a browser follows it there.
    const read = await fetch(`${two}/api/relay/rooms/${code}`);
    expect(read.status).toBe(200);
    await page.goto(`${two}/follow/msix-vectors?room=${code}`);
    await expectFollowing(page, 4);

    // The presenter moves through the first instance; the follower on the second follows.
    const move = (step: number, seq: number, s = secret) =>
      fetch(`${one}/api/relay/rooms/${code}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-relay-secret': s }, body: JSON.stringify(state(step, seq)) });
    expect((await move(9, 2)).status).toBe(200);
    await expectFollowing(page, 9);
    await expect(page.getByTestId('follow-bar')).toHaveAttribute('data-via', 'relay');
    // Without the secret, through either instance, nothing moves.
    expect((await move(12, 3, 'wrong')).status).toBe(403);
    const viaTwo = await fetch(`${two}/api/relay/rooms/${code}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(state(12, 3)) });
    expect(viaTwo.status).toBe(401);
    expect((await move(10, 4)).status).toBe(200);
    await expectFollowing(page, 10);

    // Ending it on the first instance reaches the follower on the second.
    const end = await fetch(`${one}/api/relay/rooms/${code}`, { method: 'DELETE', headers: { 'x-relay-secret': secret } });
    expect(end.status).toBe(200);
    await expect(page.getByTestId('follow-over')).toBeVisible();
  });
});
