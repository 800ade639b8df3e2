import { describe, expect, it } from 'vitest';
import type { Snapshot } from '@/engine/scenarios/world';
import { EngineHost } from '@/engine/worker/engine-host';
import type { FromWorker, ToWorker } from '@/engine/worker/protocol';
import { decodeAnyFrame } from '../frame/decode';
import { EngineBridge, type WorkerPort } from './engine-bridge';

/** A worker double: the real EngineHost, answering asynchronously like postMessage does. */
class HostPort implements WorkerPort {
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  readonly sent: ToWorker[] = [];
  private readonly host: EngineHost;
  constructor(shared: boolean) {
    this.host = new EngineHost(shared);
  }
  postMessage(message: ToWorker): void {
    this.sent.push(message);
    const replies = this.host.handle(structuredClone(message));
    setTimeout(() => {
      for (const r of replies) this.onmessage?.({ data: r } as MessageEvent<FromWorker>);
    }, 0);
  }
  terminate(): void {}
}

const tick = () => new Promise((r) => setTimeout(r, 5));

function harness(shared: boolean) {
  const port = new HostPort(shared);
  const frames: Array<{ snapshot: Snapshot; fingerprint: string; first: boolean }> = [];
  const errors: string[] = [];
  let run: { info: Parameters<typeof decodeAnyFrame>[0]; trace: Parameters<typeof decodeAnyFrame>[1] } | null = null;
  const bridge = new EngineBridge(port, {
    loaded: (info, trace) => (run = { info, trace }),
    frame: (snapshot, bytes, first) => frames.push({ snapshot, first, fingerprint: decodeAnyFrame(run!.info, run!.trace, snapshot, bytes).fingerprint }),
    error: (m) => errors.push(m),
  });
  return { port, bridge, frames, errors };
}

describe('EngineBridge', () => {
  for (const shared of [true, false]) {
    it(`loads, seeks, and shows identical frames on revisits (${shared ? 'shared' : 'copied'} memory)`, async () => {
      const h = harness(shared);
      h.bridge.load('descriptor-flow', {}, 5);
      await tick();
      expect(h.frames.at(-1)?.snapshot.step).toBe(5);
      expect(h.frames.at(-1)?.first).toBe(true);
      const at5 = h.frames.at(-1)!.fingerprint;
      h.bridge.seek(6);
      await tick();
      expect(h.frames.at(-1)?.snapshot.step).toBe(6);
      h.bridge.seek(5);
      await tick();
      expect(h.frames.at(-1)?.fingerprint).toBe(at5);
    });
  }

  it('keeps one request in flight and sends only the newest pending seek', async () => {
    const h = harness(false);
    h.bridge.load('descriptor-flow', {}, 0);
    for (let i = 1; i <= 20; i++) h.bridge.seek(i);
    await tick();
    await tick();
    expect(h.port.sent.map((m) => m.type)).toEqual(['load', 'seek']);
    expect(h.frames.map((f) => f.snapshot.step)).toEqual([0, 20]);
  });

  it('drops answers to requests a newer load replaced', async () => {
    const h = harness(false);
    h.bridge.load('descriptor-flow', {}, 0);
    await tick();
    h.bridge.seek(10);
    h.bridge.load('descriptor-flow', { dir: 'rx' }, 2);
    await tick();
    await tick();
    expect(h.frames.map((f) => f.snapshot.step)).toEqual([0, 2]);
  });

  it('reports a refused load and keeps working', async () => {
    const h = harness(false);
    h.bridge.load('descriptor-flow', { qsize: '7' }, 0);
    await tick();
    expect(h.errors[0]).toMatch(/power of two/);
    h.bridge.load('descriptor-flow', {}, 1);
    await tick();
    expect(h.frames.at(-1)?.snapshot.step).toBe(1);
  });
});
