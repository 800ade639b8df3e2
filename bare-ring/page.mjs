// Why: the page side of the bare JS ring: two fresh Web Workers over one SharedArrayBuffer, results posted back. The bench's Chromium runs and the playground's reference bar both call runRing.
import { createRing, verify } from './ring.mjs';

/**
 * @typedef {{ mode: 'evidx' | 'flags' | 'every' | 'poll', buffers: number, qsize: number, inflight?: number, lat?: boolean }} RingConfig
 * @typedef {{ ok: boolean, message: string, ms: number, kicks: number, calls: number, driverWaits: number, deviceWaits: number }} Verified
 */

/**
 * Runs one ring; resolves to { v, lat } (lat: per-round µs as a plain array, when cfg.lat).
 * Aborting `signal` terminates both workers and rejects: a spinning or sleeping side cannot be asked to stop.
 * @param {RingConfig} cfg
 * @param {{ signal?: AbortSignal }} [opts]
 * @returns {Promise<{ v: Verified, lat: number[] | null }>}
 */
export async function runRing(cfg, opts = {}) {
  if (!self.crossOriginIsolated) throw new Error('page is not cross-origin isolated: no SharedArrayBuffer');
  const { signal } = opts;
  signal?.throwIfAborted();
  const sab = createRing(cfg);
  const workers = [];
  const side = (role) =>
    new Promise((resolve, reject) => {
      const w = new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' });
      workers.push(w);
      w.onmessage = (e) => (resolve(e.data), w.terminate());
      w.onerror = (e) => reject(new Error(`ring worker: ${e.message}`));
      w.postMessage({ sab, cfg, role });
    });
  const aborted = new Promise((_, reject) => {
    signal?.addEventListener('abort', () => (workers.forEach((w) => w.terminate()), reject(signal.reason)), { once: true });
  });
  const [drv] = await Promise.race([Promise.all([side('driver'), side('device')]), aborted]);
  return { v: verify(sab, cfg), lat: drv.lat ? Array.from(drv.lat) : null };
}
