/**
 * The playground's run plumbing on real threads (worker_threads standing in
 * for Web Workers): a run finishes and verifies, pause parks every thread and
 * nothing moves, stop ends it; the sampler's ring reading agrees with the
 * engine's own decoder; the run machine drives all of it.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { runJsRingNode } from '@/bench/js/node';
import { readCounters } from '@/engine/freerun/run';
import { VRING_DESC_F_NEXT } from '@/engine/abi/virtio-ring';
import { KVM_DOORBELL_EXIT_NS } from '@/engine/kvm/exit-cost';
import { readAvailEntry, readDesc, readRingHeader } from '@/engine/session/ring-view';
import { comparePlan } from './compare';
import { chooseVerdict } from './compare-verdict';
import { DEFAULT_OPTIONS, freeRunConfig, parseFrames, sweepOptions, type PlaygroundOptions } from './options';
import { FreeRun, type SpawnWorker, type WorkerLike } from './runner';
import type { RunRing } from './ring-reference';
import { runMachine, phaseOf } from './runMachine';
import { LiveSampler } from './sampler';

const BOOTSTRAP = new URL('../../unit/ts-worker-bootstrap.mjs', import.meta.url);
const ENTRY = new URL('../../engine/freerun/node-worker.ts', import.meta.url).href;

/** A worker_threads worker behind the browser Worker's shape: the first message starts it (node-worker reads workerData). */
const spawnNode: SpawnWorker = () => {
  let w: Worker | null = null;
  const port: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(data) {
      w = new Worker(BOOTSTRAP, { workerData: { ...(data as object), __entry: ENTRY } });
      w.on('message', (m) => port.onmessage?.({ data: m }));
      w.on('error', (e) => port.onerror?.({ message: e.message }));
    },
    terminate() {
      void w?.terminate();
    },
  };
  return port;
};

const opts = (over: Partial<PlaygroundOptions>): PlaygroundOptions => ({ ...DEFAULT_OPTIONS, qsize: 64, frames: 20_000, ...over });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(pred: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(5);
  }
}

describe('playground options', () => {
  it('maps the suppression modes onto eventIdx and suppress', () => {
    expect(freeRunConfig(opts({ suppression: 'event-idx' })).options).toMatchObject({ eventIdx: 'true', suppress: 'true' });
    expect(freeRunConfig(opts({ suppression: 'flags' })).options).toMatchObject({ eventIdx: 'false', suppress: 'true' });
    expect(freeRunConfig(opts({ suppression: 'every' })).options).toMatchObject({ eventIdx: 'false', suppress: 'false' });
    expect(freeRunConfig(opts({ busyloop: true, frames: 300_000 })).options).toMatchObject({ busyloop: '50', packets: '300000' });
    // Batching is TX only.
    expect(freeRunConfig(opts({ dir: 'rx', batch: 16 })).options.batch).toBe('1');
    // Each kick pays the VM exit measured on KVM unless the reader unticks it; the engine's own default is free.
    expect(freeRunConfig(opts({})).options.exitNs).toBe(String(KVM_DOORBELL_EXIT_NS));
    expect(freeRunConfig(opts({ exitCost: false })).options.exitNs).toBe('0');
    expect(sweepOptions(opts({ dir: 'rx' }), 'batch', 16, 1000)).toMatchObject({ dir: 'tx', batch: 16, frames: 1000 });
  });

  it('reads frame counts as people type them', () => {
    expect(parseFrames('2,000,000')).toBe(2_000_000);
    expect(parseFrames(' 300000 ')).toBe(300_000);
    expect(parseFrames('2e6')).toBe(2_000_000);
    expect(parseFrames('0')).toBeNull();
    expect(parseFrames('10000001')).toBeNull();
    expect(parseFrames('1.5')).toBeNull();
    expect(parseFrames('abc')).toBeNull();
  });
});

describe('FreeRun on real threads', () => {
  it('finishes and verifies every frame exactly once', async () => {
    const run = new FreeRun(freeRunConfig(opts({})), spawnNode);
    const outcome = await run.done;
    run.dispose();
    expect(outcome).toMatchObject({ kind: 'finished', ok: true, frames: 20_000, message: '20000 frames, each exactly once, intact' });
    const s = new LiveSampler(run);
    s.sample(performance.now());
    expect(s.stats()!.frames).toBe(20_000);
    expect(s.stats()!.occupancy).toBe(0);
  });

  it('pauses with every thread parked: nothing moves, the sampler reads the ring as the engine decodes it; then resumes to the end', async () => {
    const cfg = freeRunConfig(opts({ frames: 60_000, indirect: false }));
    const run = new FreeRun(cfg, spawnNode);
    await until(() => readCounters(run.buffer, cfg).framesDelivered > 2000);
    run.pause();
    await until(() => run.settled);
    const a = readCounters(run.buffer, cfg);
    await sleep(100);
    expect(readCounters(run.buffer, cfg)).toEqual(a);

    const s = new LiveSampler(run);
    s.sample(performance.now());
    const bytes = new Uint8Array(run.buffer);
    const h = readRingHeader(bytes, run.info);
    const num = run.info.ring.num;
    const inFlight = (h.availIdx - h.usedIdx) & 0xffff;
    expect(s.stats()!.occupancy).toBe(inFlight);
    const want = new Float64Array(num);
    for (let k = 0; k < inFlight; k++) {
      let d = readAvailEntry(bytes, run.info, (h.usedIdx + k) & (num - 1));
      for (;;) {
        want[d]!++;
        const desc = readDesc(bytes, run.info, d)!;
        if (!(desc.flags & VRING_DESC_F_NEXT)) break;
        d = desc.next;
      }
    }
    expect(Array.from(s.heat)).toEqual(Array.from(want));
    expect(s.stats()!.paused).toBe(true);

    run.resume();
    const outcome = await run.done;
    run.dispose();
    expect(outcome).toMatchObject({ kind: 'finished', ok: true, frames: 60_000 });
  });

  it('stops', async () => {
    const cfg = freeRunConfig(opts({ frames: 5_000_000 }));
    const run = new FreeRun(cfg, spawnNode);
    await until(() => readCounters(run.buffer, cfg).framesDelivered > 1000);
    run.stop();
    const outcome = await run.done;
    run.dispose();
    expect(outcome.kind).toBe('stopped');
    if (outcome.kind === 'stopped') expect(outcome.frames).toBeLessThan(5_000_000);
  });

  it('refuses options the scenario refuses', () => {
    expect(() => new FreeRun({ scenario: 'descriptor-flow', options: { qsize: '7' } }, spawnNode)).toThrow(/qsize/);
  });
});

describe('the run machine', () => {
  it('runs, pauses until parked, resumes, and ends with the verification', async () => {
    const actor = createActor(runMachine, { input: { spawn: spawnNode } }).start();
    actor.send({ type: 'RUN', cfg: freeRunConfig(opts({ frames: 60_000 })) });
    await waitFor(actor, (s) => s.context.run !== null && readCounters(s.context.run.buffer, s.context.run.cfg).framesDelivered > 1000, { timeout: 20_000 });
    actor.send({ type: 'PAUSE' });
    const paused = await waitFor(actor, (s) => s.matches({ running: 'paused' }) || s.matches('ended'), { timeout: 20_000 });
    if (paused.matches({ running: 'paused' })) {
      expect(paused.context.run!.settled).toBe(true);
      expect(phaseOf(paused.value, paused.context)).toBe('paused');
      actor.send({ type: 'RESUME' });
    }
    const ended = await waitFor(actor, (s) => s.matches('ended'), { timeout: 30_000 });
    expect(ended.context.outcome).toMatchObject({ kind: 'finished', ok: true });
    expect(phaseOf(ended.value, ended.context)).toBe('finished');
    actor.stop();
  });

  it('says what is wrong when a run cannot start', async () => {
    const actor = createActor(runMachine, { input: { spawn: spawnNode } }).start();
    actor.send({ type: 'RUN', cfg: { scenario: 'descriptor-flow', options: { qsize: '7' } } });
    const ended = await waitFor(actor, (s) => s.matches('ended'));
    expect(ended.context.outcome).toMatchObject({ kind: 'failed' });
    expect(phaseOf(ended.value, ended.context)).toBe('failed');
    actor.stop();
  });

  it('sweeps: one point per value, each with a rate', async () => {
    const actor = createActor(runMachine, { input: { spawn: spawnNode } }).start();
    const runs = [32, 64].map((value) => ({ value, cfg: freeRunConfig(sweepOptions(opts({}), 'qsize', value, 5000)) }));
    actor.send({ type: 'SWEEP', kind: 'qsize', runs });
    const ended = await waitFor(actor, (s) => s.matches('ended'), { timeout: 30_000 });
    const points = ended.context.sweep!.points;
    expect(points.map((p) => p.value)).toEqual([32, 64]);
    for (const p of points) {
      expect(p.ok).toBe(true);
      expect(p.framesPerSec).toBeGreaterThan(0);
    }
    actor.stop();
  });

  it('compares the notification modes: each mode’s engine run with its kicks and calls, then the bare ring in the same mode; then a sentence', async () => {
    // The bare ring on worker_threads, as the bench runs it in Node (bench/js/node.ts over bare-ring/ring.mjs).
    const modes: string[] = [];
    const runRing: RunRing = async (cfg) => {
      modes.push(cfg.mode);
      const r = await runJsRingNode({ ...cfg, buffers: 20_000 });
      return { ok: r.ok, frames: r.buffers, ms: r.ms, kicks: r.counters.kicks!, calls: r.counters.calls!, message: r.message };
    };
    const actor = createActor(runMachine, { input: { spawn: spawnNode, runRing } }).start();
    actor.send({ type: 'COMPARE', plan: comparePlan(opts({ frames: 4000 })) });
    await waitFor(actor, (s) => s.matches('comparing'));
    expect(phaseOf(actor.getSnapshot().value, actor.getSnapshot().context)).toBe('comparing');
    const ended = await waitFor(actor, (s) => s.matches('ended'), { timeout: 60_000 });
    const rows = ended.context.compare!.rows;
    expect(rows.map((r) => r.mode)).toEqual(['every', 'flags', 'event-idx']);
    expect(modes).toEqual(['every', 'flags', 'evidx']);
    for (const r of rows) {
      expect(r.engine, r.mode).toMatchObject({ ok: true, frames: 4000 });
      expect(r.ring, r.mode).toMatchObject({ ok: true, frames: 20_000 });
    }
    // Without suppression a kick for every TX buffer (vhost still signals once per batch of used entries); fewer with event-idx.
    const every = rows[0]!.engine!;
    const evidx = rows[2]!.engine!;
    expect(every.kicks).toBe(4000);
    expect(every.calls).toBeGreaterThan(0);
    expect(evidx.kicks + evidx.calls).toBeLessThan(every.kicks + every.calls);
    expect(rows[0]!.ring!.kicks).toBe(20_000);
    expect(chooseVerdict(rows).kind).not.toBe('incomplete');
    expect(ended.context.compare!.at).toBeNull();
    actor.stop();
  }, 90_000);

  it('a stopped comparison keeps what it measured and draws no conclusion', async () => {
    const runRing: RunRing = (_cfg, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const actor = createActor(runMachine, { input: { spawn: spawnNode, runRing } }).start();
    actor.send({ type: 'COMPARE', plan: comparePlan(opts({ frames: 2000 })) });
    await waitFor(actor, (s) => s.context.compare?.at?.part === 'ring', { timeout: 30_000 });
    actor.send({ type: 'STOP' });
    const ended = await waitFor(actor, (s) => s.matches('ended'), { timeout: 30_000 });
    const rows = ended.context.compare!.rows;
    expect(rows[0]!.engine).toMatchObject({ ok: true, frames: 2000 });
    expect(rows[0]!.ring).toMatchObject({ ok: false, message: 'stopped' });
    expect(rows[2]!.engine).toBeNull();
    expect(chooseVerdict(rows).kind).toBe('incomplete');
    actor.stop();
  }, 60_000);
});
