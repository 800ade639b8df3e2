// Why: `npm run bench:profile -- [mode] [buffers]` shows where the engine's free-run time goes: a V8 CPU profile of each actor
// thread (its worker started with --cpu-prof), its self time summed by source module (engine/...) and by function, for the
// note that explains what stands between the engine and the bare ring.
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prepareFreeRun } from '../engine/freerun/run';
import { writeFreeBuild } from '../tools/free-build/generate';
import { engineOptions, MODES, type Mode } from './lib/modes';
import { table } from './lib/table';
import { runEngineNode } from './engine/node';
import { bundleEngine } from './web/bundle';

const OUT = fileURLToPath(new URL('./out/profile/', import.meta.url));
const BUNDLE = fileURLToPath(new URL('./out/node/engine-worker.mjs', import.meta.url));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The bundle's module markers ("// engine/…/x.ts" lines), so a line of the bundle names its source module. */
function moduleMap(): (line: number) => string {
  const starts: Array<[number, string]> = [];
  readFileSync(BUNDLE, 'utf8')
    .split('\n')
    .forEach((l, i) => {
      const m = /^\/\/ ((?:engine|bench)\/\S+\.ts)$/.exec(l);
      if (m) starts.push([i, m[1]!.replace('engine/free/', 'engine/')]);
    });
  return (line) => {
    let name = '(runtime)';
    for (const [at, m] of starts) if (at <= line) name = m;
    return name;
  };
}

/** Self time per key over one profile, in ms, and the profile's total. */
function selfTimes(p: CpuProfile, key: (n: ProfileNode) => string): { total: number; by: Map<string, number> } {
  const dt = new Map<number, number>();
  p.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const by = new Map<string, number>();
  let total = 0;
  for (const n of p.nodes) {
    const t = (dt.get(n.id) ?? 0) / 1000;
    total += t;
    const k = key(n);
    by.set(k, (by.get(k) ?? 0) + t);
  }
  return { total, by };
}

function classify(moduleOf: (line: number) => string) {
  return (n: ProfileNode): string => {
    const f = n.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)' || f.functionName === '(garbage collector)') return f.functionName;
    if (f.url.endsWith('engine-worker.mjs')) return moduleOf(f.lineNumber);
    if (f.functionName === 'wait' || f.functionName === 'notify') return `Atomics.${f.functionName}`;
    return '(node internals)';
  };
}

async function main() {
  const mode = (process.argv[2] ?? 'evidx') as Mode;
  if (!MODES.includes(mode)) throw new Error(`mode must be one of ${MODES.join(', ')}`);
  const buffers = Number(process.argv[3] ?? 2_000_000);
  console.log(writeFreeBuild());
  await bundleEngine();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const cfg = { scenario: 'descriptor-flow' as const, options: engineOptions(mode, buffers, 256) };
  const run = await runEngineNode(mode, cfg, ['--cpu-prof', `--cpu-prof-dir=${OUT}`]);
  console.log(`${mode}, ${buffers.toLocaleString('en-US')} buffers: ${run.mbps.toFixed(3)} M/s under the profiler; ${run.message}`);
  const { actors } = prepareFreeRun(cfg);
  const moduleOf = moduleMap();
  // One profile per actor's worker, named CPU.<date>.<time>.<pid>.<thread id>.<n>: thread ids follow the start order, the actors' order.
  const files = readdirSync(OUT)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort((a, b) => Number(a.split('.').at(-3)) - Number(b.split('.').at(-3)));
  files.forEach((f, i) => {
    const p = JSON.parse(readFileSync(OUT + f, 'utf8')) as CpuProfile;
    const mods = selfTimes(p, classify(moduleOf));
    const fns = selfTimes(p, (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.endsWith('engine-worker.mjs') ? moduleOf(n.callFrame.lineNumber) : ''}`.trim());
    const pct = (t: number) => `${((100 * t) / mods.total).toFixed(1)} %`;
    const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
    console.log(`\nthread ${actors[i] ?? i}: ${mods.total.toFixed(0)} ms sampled, per buffer ${((mods.total * 1000) / buffers).toFixed(3)} µs`);
    console.log(table(['self time by module', 'share', 'µs / buffer'], top(mods.by, 16).map(([k, t]) => [k, pct(t), ((t * 1000) / buffers).toFixed(3)])));
    console.log(table(['self time by function', 'share'], top(fns.by, 14).map(([k, t]) => [k, pct(t)])));
  });
  console.log(`\nprofiles: ${OUT} (open them in Chrome DevTools' Performance panel)`);
}

await main();
