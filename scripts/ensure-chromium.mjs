#!/usr/bin/env node
// Why: Playwright cannot download browsers on offline/registry-only machines, so use (or apt-install) a system Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

/** Returns a Chromium executable path, or undefined meaning "use Playwright's own downloaded browser". */
export function ensureChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    console.log('ensure-chromium: installing Debian chromium via apt-get');
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', '-o', 'DPkg::Lock::Timeout=900', 'chromium'], { DEBIAN_FRONTEND: 'noninteractive' });
    if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
    throw new Error(`apt-get installed chromium but ${SYSTEM_CHROMIUM} is missing`);
  }
  console.log('ensure-chromium: no system chromium, running npx playwright install chromium');
  run('npx', ['playwright', 'install', 'chromium']);
  return undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureChromium() ?? '(playwright-managed chromium)');
  } catch (err) {
    console.error(`ensure-chromium: ${err.message}`);
    process.exit(1);
  }
}
