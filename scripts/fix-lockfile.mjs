#!/usr/bin/env node
// Why: this registry 404s the darwin/win32 @next/swc-* binaries, so npm leaves them out of
// package-lock.json and `npm ci` then refuses the lockfile; add platform-tagged stubs npm skips on linux.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PLATFORM_RE = /(darwin|linux|win32|freebsd|android)-(arm64|x64|ia32|arm)(?:-(gnu|musl|msvc))?$/;

/** Adds a stub entry for every exact-version optionalDependency missing from the lockfile. Returns the added names. */
export function fixLockfile(lockPath = new URL('../package-lock.json', import.meta.url)) {
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  const pkgs = lock.packages ?? {};
  const added = [];
  for (const [path, entry] of Object.entries(pkgs)) {
    for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
      if (pkgs[`${path}/node_modules/${name}`] || pkgs[`node_modules/${name}`]) continue;
      if (!/^\d+\.\d+\.\d+/.test(spec)) continue; // only exact pins can be stubbed safely
      const m = PLATFORM_RE.exec(name);
      // Same key order npm itself writes, so a later `npm install` leaves the file untouched.
      const stub = { version: spec };
      if (m) stub.cpu = [m[2]];
      if (m?.[3] === 'gnu' || m?.[3] === 'musl') stub.libc = [m[3] === 'gnu' ? 'glibc' : 'musl'];
      Object.assign(stub, { license: entry.license ?? 'MIT', optional: true });
      if (m) stub.os = [m[1]];
      stub.engines = { node: '>= 10' };
      pkgs[`node_modules/${name}`] = stub;
      added.push(name);
    }
  }
  if (added.length) {
    lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
    writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
  }
  return added;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const added = fixLockfile();
  console.log(added.length ? `fix-lockfile: added stubs for ${added.join(', ')}` : 'fix-lockfile: nothing to do');
}
