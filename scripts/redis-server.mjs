// Why: the relay's Redis tests need a real redis-server of their own: find Debian's binary and start a throwaway one on a free loopback port.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

const SYSTEM_REDIS = '/usr/bin/redis-server';

/** The redis-server binary to use (REDIS_SERVER, else Debian's), or null with why not. */
export function findRedisServer() {
  const fromEnv = process.env.REDIS_SERVER;
  if (fromEnv && existsSync(fromEnv)) return { path: fromEnv };
  if (existsSync(SYSTEM_REDIS)) return { path: SYSTEM_REDIS };
  return { path: null, why: process.env.REDIS_SKIP_REASON || `no redis-server (${SYSTEM_REDIS} is missing; scripts/ensure-redis.mjs installs Debian's package as root)` };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function ping(port) {
  return new Promise((resolve) => {
    const c = createConnection({ host: '127.0.0.1', port });
    c.once('connect', () => c.write('*1\r\n$4\r\nPING\r\n'));
    c.once('data', (d) => (c.destroy(), resolve(d.toString().startsWith('+PONG'))));
    c.once('error', () => resolve(false));
  });
}

/** Start a redis-server with no persistence on a free port; resolves to { url, stop() } once it answers PING. */
export async function startRedisServer(path) {
  const port = await freePort();
  const child = spawn(path, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${stderr}`);
    if (await ping(port)) {
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))),
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not answer PING within 5 s');
}
