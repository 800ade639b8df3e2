// The engine's Web Worker: a thin wrapper posting EngineHost's replies. Turbopack starts it as a classic worker; nothing here needs module-worker features.
import { EngineHost } from './engine-host';

const scope = self as unknown as {
  crossOriginIsolated?: boolean;
  onmessage: ((ev: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
};

const host = new EngineHost(scope.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined');

scope.onmessage = (ev: MessageEvent) => {
  for (const reply of host.handle(ev.data)) {
    const transfer = reply.type === 'frame' && reply.bytes ? [reply.bytes] : [];
    scope.postMessage(reply, transfer);
  }
};
