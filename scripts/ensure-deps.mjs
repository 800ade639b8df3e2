#!/usr/bin/env node
// Why: `npm test` / `npm start` must work from a fresh clone, so install node_modules from the lockfile when it is stale.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixLockfile } from './fix-lockfile.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const lockFile = `${root}package-lock.json`;
const stampFile = `${root}node_modules/.deps-stamp`;

const npm = (...args) =>
  spawnSync('npm', [...args, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;
// Stamp = hash of the lockfile + the dependency fields of package.json (editing scripts doesn't force a reinstall).
const digest = () => {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
  const deps = ['dependencies', 'devDependencies', 'optionalDependencies', 'overrides'].map((k) => pkg[k] ?? null);
  return createHash('sha256').update(JSON.stringify(deps)).update(readFileSync(lockFile)).digest('hex');
};

/** Installs dependencies unless node_modules already matches package.json + package-lock.json. */
export function ensureDeps() {
  if (!existsSync(lockFile)) {
    console.log('ensure-deps: no package-lock.json, running npm install');
    if (!npm('install')) throw new Error('npm install failed');
  }
  fixLockfile(lockFile); // idempotent; re-adds @next/swc-* stubs if an `npm install` dropped them
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest()) return;
  console.log('ensure-deps: node_modules missing or stale, running npm ci');
  if (!npm('ci')) {
    console.warn('ensure-deps: npm ci failed, falling back to npm install');
    if (!npm('install')) throw new Error('npm install failed');
    fixLockfile(lockFile);
  }
  writeFileSync(stampFile, digest());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    ensureDeps();
    console.log('ensure-deps: ok');
  } catch (err) {
    console.error(`ensure-deps: ${err.message}`);
    process.exit(1);
  }
}
