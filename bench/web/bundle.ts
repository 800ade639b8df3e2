// Why: one esbuild pass snapshots the engine's free-run code for a whole bench run (others may be editing engine/ meanwhile) and turns it into files Node workers and Chromium can load.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Writes bench/out/node/engine-run.mjs + engine-worker.mjs (Node: the API for the main thread, the worker_threads entry)
 * and bench/out/web/engine-page.js + engine-worker.js (Chromium: the page module, a classic worker).
 */
export async function bundleEngine(): Promise<void> {
  const common = { bundle: true, minify: false, sourcemap: false, target: 'es2022', logLevel: 'silent' as const };
  await Promise.all([
    build({
      ...common,
      platform: 'node',
      format: 'esm',
      entryPoints: { 'engine-run': here('../../engine/freerun/run.ts'), 'engine-worker': here('../../engine/freerun/node-worker.ts') },
      outdir: here('../out/node'),
      outExtension: { '.js': '.mjs' },
    }),
    build({ ...common, entryPoints: [here('../../engine/freerun/freerun.worker.ts')], outfile: here('../out/web/engine-worker.js'), format: 'iife' }),
    build({ ...common, entryPoints: [here('./engine-page.ts')], outfile: here('../out/web/engine-page.js'), format: 'esm' }),
  ]);
}
