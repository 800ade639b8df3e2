#!/usr/bin/env node
// Why: the relay's shared-rooms test needs a real redis-server; install Debian's package as ensure-chromium.mjs installs Chromium, or say why not.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SYSTEM_REDIS = '/usr/bin/redis-server';

/** Returns { path } of a redis-server, or { path: null, why } when none can be had here (the Redis tests then skip, saying why). */
export function ensureRedis() {
  const fromEnv = process.env.REDIS_SERVER;
  if (fromEnv && existsSync(fromEnv)) return { path: fromEnv };
  if (existsSync(SYSTEM_REDIS)) return { path: SYSTEM_REDIS };
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) return { path: null, why: 'no redis-server, and no apt-get to install it (not Debian)' };
  if (process.getuid?.() !== 0) return { path: null, why: 'no redis-server, and installing Debian\'s redis-server needs root' };
  console.log('ensure-redis: installing Debian redis-server via apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
  if (!run(['install', '-y', '-o', 'DPkg::Lock::Timeout=900', 'redis-server']) && !(run(['update']) && run(['install', '-y', '-o', 'DPkg::Lock::Timeout=900', 'redis-server']))) {
    return { path: null, why: 'apt-get install redis-server failed' };
  }
  return existsSync(SYSTEM_REDIS) ? { path: SYSTEM_REDIS } : { path: null, why: `apt-get installed redis-server but ${SYSTEM_REDIS} is missing` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = ensureRedis();
  console.log(r.path ?? `(none: ${r.why})`);
}
