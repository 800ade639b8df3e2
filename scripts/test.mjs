#!/usr/bin/env node
// Why: the single CI entry point: typecheck, lint, unit, build, e2e in order; fail fast; print a parseable summary.
import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureRedis } from './ensure-redis.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
ensureDeps();
const chromium = ensureChromium();

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PATH: `${root}node_modules/.bin${delimiter}${process.env.PATH}` };
if (chromium) env.CHROMIUM_PATH = chromium;
// The relay's shared-rooms tests start their own redis-server from this binary; without one they skip, saying why.
const redis = ensureRedis();
if (redis.path) env.REDIS_SERVER = redis.path;
else {
  env.REDIS_SKIP_REASON = redis.why;
  console.log(`ensure-redis: ${redis.why}; the Redis relay tests will be skipped`);
}

// Each stage is a list of commands. `next typegen` writes next-env.d.ts + route types (both gitignored) for tsc.
// `generated` fails when engine/free/ (the free-run build of the actors) is not what the sources give: run `npm run free-build`.
const stages = [
  ['generated', [['tsx', ['tools/free-build/generate.ts', '--check']]]],
  ['typecheck', [['next', ['typegen']], ['tsc', ['--noEmit']]]],
  ['lint', [['eslint', ['.']]]],
  ['unit', [['vitest', ['run']]]],
  ['build', [['next', ['build']]]],
  ['e2e', [['playwright', ['test']]]],
];

const run = (cmd, args) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('error', (err) => (console.error(err.message), resolve(1)));
    child.on('exit', (code) => resolve(code ?? 1));
  });

let passed = 0;
let failed = 0;
const timings = [];
for (const [name, cmds] of stages) {
  console.log(`\n=== ${name}: ${cmds.map(([c, a]) => [c, ...a].join(' ')).join(' && ')}`);
  const t0 = performance.now();
  let code = 0;
  for (const [cmd, args] of cmds) if ((code = await run(cmd, args)) !== 0) break;
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  timings.push(`${name} ${code === 0 ? 'ok' : `FAILED (exit ${code})`} ${secs}s`);
  console.log(`=== ${name}: ${code === 0 ? 'ok' : 'FAILED'} in ${secs}s`);
  if (code === 0) passed++;
  else {
    failed++;
    break;
  }
}

console.log(`\n${timings.join('\n')}`);
if (passed + failed < stages.length) console.log(`(${stages.length - passed - failed} stage(s) skipped after failure)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
