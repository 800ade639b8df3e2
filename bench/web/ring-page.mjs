// Why: the page side of the bare JS ring in Chromium: two fresh module Web Workers over one SharedArrayBuffer, results posted back.
import { createRing, verify } from '../js/ring.mjs';

/** Runs one ring; resolves to { v, lat } (lat: per-round µs as a plain array, when cfg.lat). */
export async function runRing(cfg) {
  if (!self.crossOriginIsolated) throw new Error('page is not cross-origin isolated: no SharedArrayBuffer');
  const sab = createRing(cfg);
  const side = (role) =>
    new Promise((resolve, reject) => {
      const w = new Worker(new URL('./ring-worker.mjs', import.meta.url), { type: 'module' });
      w.onmessage = (e) => (resolve(e.data), w.terminate());
      w.onerror = (e) => reject(new Error(`ring worker: ${e.message}`));
      w.postMessage({ sab, cfg, role });
    });
  const [drv] = await Promise.all([side('driver'), side('device')]);
  return { v: verify(sab, cfg), lat: drv.lat ? Array.from(drv.lat) : null };
}
