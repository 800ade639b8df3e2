#!/usr/bin/env node
// Why: one command (`npm start`) that installs deps, builds, and serves the production app on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.PORT || '3000';
const url = `http://127.0.0.1:${port}/`;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const nextBin = 'node_modules/next/dist/bin/next';

ensureDeps();
// The free-run build of the actors (engine/free/) follows the sources: regenerate it before building.
const freeBuild = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'tools/free-build/generate.ts'], { cwd: root, env, stdio: 'inherit' });
if (freeBuild.status !== 0) process.exit(freeBuild.status ?? 1);
const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, env, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// Run the real next binary (not npx) so signals reach next-server and nothing is orphaned.
const child = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', port], { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));

// Print the URL once the server actually answers.
for (let i = 0; i < 300 && child.exitCode === null; i++) {
  const ok = await fetch(url).then((r) => r.ok, () => false);
  if (ok) {
    console.log(`\n  Open ${url}\n`);
    break;
  }
  await new Promise((r) => setTimeout(r, 200));
}
