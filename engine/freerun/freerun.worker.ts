// The browser worker for free-run mode: one actor per worker, started by a message, reporting how it ended. A thin wrapper over runActor.
import { runActor, type FreeRunConfig } from './run';

const scope = self as unknown as { onmessage: ((ev: MessageEvent) => void) | null; postMessage(message: unknown): void };

scope.onmessage = (ev: MessageEvent) => {
  const { buffer, cfg, actorId, control } = ev.data as { buffer: SharedArrayBuffer; cfg: FreeRunConfig; actorId: string; control?: SharedArrayBuffer };
  const t0 = performance.now();
  try {
    const how = runActor(buffer, cfg, actorId, control);
    scope.postMessage({ done: true, how, ms: performance.now() - t0 });
  } catch (err) {
    scope.postMessage({ done: false, error: err instanceof Error ? err.message : String(err) });
  }
};
