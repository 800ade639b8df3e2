/**
 * The notification handshake under many interleavings, in step mode: no lost wake-up.
 *
 * Two races decide whether a split virtqueue can fall asleep with work in it:
 *   - kick: vhost finds the avail ring empty; the guest publishes a buffer and
 *     asks (virtqueue_kick_prepare) whether to kick while NO_NOTIFY, or a stale
 *     avail_event, still says "don't"; only then vhost re-enables notifications.
 *     vhost_enable_notify must read avail->idx again after enabling, or nobody
 *     wakes vhost.
 *   - call: the guest finds the used ring empty; vhost uses a buffer and asks
 *     (vhost_notify) whether to call while the guest still has callbacks off;
 *     only then the guest re-enables them. virtqueue_enable_cb must look at the
 *     used ring again (virtqueue_poll after enable_cb_prepare, or the delayed
 *     variant's used->idx check), or nobody wakes the guest.
 * Every case runs the whole scenario under many seeds of the step scheduler and
 * requires: scenario_done is reached, every frame arrived exactly once, and at
 * the end the guest has finished and vhost sleeps on an empty work list with
 * nothing unread (no thread left blocked with work pending). The traces are
 * also searched for the dangerous interleavings themselves, so a scheduler
 * that stopped producing them fails here instead of passing quietly.
 *
 * Stickiness: 0.75 is what Session uses (what a reader steps through, and what
 * `npm run trace` prints for the same seed). The call race needs vhost to run a
 * whole handle_rx pass (about a dozen beats) inside the few beats between the
 * guest's last look at the used ring and its enable_cb, which 0.75 almost never
 * does; longer streaks (0.9, 0.97) do. So the scheduler is driven directly.
 *
 * Shown to fail (each mutation made by hand in a local copy, this file run,
 * then the source restored with git checkout; none of it committed):
 *   A. engine/linux-host/vhost/vhost.ts, enableNotifyBody: the re-read
 *        const r = yield* this.getAvailIdx(ctx);
 *        return r > 0;
 *      replaced by `return false;`. 19 of the 48 cases red (TX at every
 *      stickiness, RX with flags), e.g. "rx qsize 2 flags mergeable,
 *      stickiness 0.9: 2 of 40 seeds lost a wake-up or a frame: seed 15:
 *      scenario_done reached 0 times; 2 of 64 frames delivered; vcpu0 ended
 *      blocked on interrupt; threads: vcpu0 blocked on interrupt, vhost blocked
 *      on work_list; ring {availIdx 4, usedIdx 2, ...}".
 *   B. engine/linux-guest/virtio-ring.ts, poll (virtqueue_poll_split), the
 *      re-check after virtqueue_enable_cb_prepare:
 *        const more = (opaque & 0xffff) !== usedIdx;
 *      replaced by `const more = false && (opaque & 0xffff) !== usedIdx;`.
 *      12 RX cases red, all at stickiness 0.9 or 0.97 (none at 0.75), and the
 *      race-count test, e.g. "rx qsize 2 event-idx mergeable, stickiness 0.9:
 *      10 of 40 seeds ...: seed 5: 4 of 64 frames delivered; 6 buffers used
 *      but 4 reclaimed; vcpu0 ended blocked on interrupt; ... #236 vcpu0
 *      virtqueue_enable_cb {usedEvent 4, usedIdx 6} #237 vcpu0 virtqueue_poll
 *      {lastUsed 4, usedIdx 6, more false} #238 vcpu0 guest_halt".
 *   C. engine/linux-guest/virtio-ring.ts, enableCbDelayed: the used->idx check
 *        const ok = ((usedIdx - last) & 0xffff) <= bufs;
 *      replaced by `const ok = true;`. 4 TX cases red (batch 4, where the
 *      queue stops with a burst in flight), e.g. "tx qsize 32 event-idx batch 4
 *      inflight 0, stickiness 0.75: 3 of 40 seeds ...: seed 6: 26 of 64 frames
 *      delivered; 26 buffers used but 12 reclaimed; vcpu0 ended blocked on
 *      interrupt; ... vhost_notify {old 25, new 26, notify false, usedEvent 22}".
 */
import { describe, expect, it } from 'vitest';
import { StepScheduler, type ActorState } from '../sched/step-scheduler';
import { readRingHeader } from '../session/ring-view';
import { MAX_STEPS } from '../session/session';
import type { TraceEvent } from '../trace/events';
import { flowWorld } from '../testing/run';

type Options = Record<string, string | number | boolean>;

/** The dangerous interleavings one run went through (each rescued by a re-check, or the run would have stalled). */
interface Races {
  /** vhost's re-read after vhost_enable_notify found a buffer the guest had published without kicking, after vhost last saw the ring empty. */
  kick: number;
  /** The guest's re-check after enabling callbacks found a buffer vhost had used without calling, after the guest last looked at the used ring. */
  call: number;
}

interface Outcome {
  problems: string[];
  races: Races;
}

/** Run the scenario once under the step scheduler to the end (every thread done or blocked), and check how it ended. */
function runOnce(options: Options, stickiness: number): Outcome {
  const built = flowWorld(options);
  const world = built.world;
  const sched = new StepScheduler(world.arena, world.actors, Number(built.options.seed), stickiness);
  const t: TraceEvent[] = [];
  const problems: string[] = [];
  for (let ev = sched.step(); ev; ev = sched.step()) {
    t.push(ev);
    if (t.length > MAX_STEPS) {
      problems.push(`no end after ${MAX_STEPS} steps (a livelock)`);
      break;
    }
  }
  const threads: ActorState[] = sched.states();
  const live = world.live();
  const ring = readRingHeader(world.arena.u8, world.info);
  const packets = world.info.frames;
  const c = live.counters;

  const done = t.filter((e) => e.type === 'scenario_done').length;
  if (done !== 1) problems.push(`scenario_done reached ${done} times`);
  const missing = live.arrivals.flatMap((n, i) => (n === 0 ? [i] : []));
  const twice = live.arrivals.flatMap((n, i) => (n > 1 ? [i] : []));
  if (missing.length) problems.push(`frames that never arrived: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ` … (${missing.length})` : ''}`);
  if (twice.length) problems.push(`frames that arrived more than once: ${twice.slice(0, 8).join(', ')}`);
  if (c.framesDelivered !== packets) problems.push(`${c.framesDelivered} of ${packets} frames delivered`);
  if (c.framesCorrupt || c.framesDropped || c.vqErrors) problems.push(`corrupt ${c.framesCorrupt}, dropped ${c.framesDropped}, vq_err ${c.vqErrors}`);
  if (c.buffersReclaimed !== c.buffersUsed) problems.push(`${c.buffersUsed} buffers used but ${c.buffersReclaimed} reclaimed`);
  if (world.info.dir === 'tx' && c.buffersAdded !== c.buffersUsed) problems.push(`${c.buffersAdded} buffers added but ${c.buffersUsed} used`);

  // Nobody asleep with work waiting: the guest and the host stack finished; vhost sleeps on an empty work list.
  for (const a of threads) {
    if (a.id === 'vhost') {
      if (a.status !== 'blocked' || a.on !== 'work_list') problems.push(`vhost ended ${a.status}${a.on ? ` on ${a.on}` : ''}, not asleep on its work list`);
    } else if (a.status !== 'done') {
      problems.push(`${a.id} ended ${a.status}${a.on ? ` on ${a.on}` : ''}${a.id === 'vcpu0' && a.on === 'interrupt' ? ' (halted, waiting for an interrupt that never came)' : ''}`);
    }
  }
  if (live.work !== 0) problems.push(`vhost's work list still holds 0x${live.work.toString(16)}`);
  if (world.info.dir === 'tx' && ring.availIdx !== live.device.lastAvailIdx) problems.push(`avail->idx ${ring.availIdx} but vhost's last_avail_idx ${live.device.lastAvailIdx}: buffers left unread`);
  if (ring.usedIdx !== live.driver.lastUsedIdx) problems.push(`used->idx ${ring.usedIdx} but the driver's last_used_idx ${live.driver.lastUsedIdx}: used buffers never reclaimed`);

  if (problems.length) {
    // The handshake's two parties; the host stack only queues frames on tap0.
    const tail = t
      .filter((e) => e.actor !== 'hoststack')
      .slice(-12)
      .map((e) => `      #${e.seq} ${e.actor} ${e.type} ${JSON.stringify(e.f)}`);
    problems.push(
      `threads: ${threads.map((a) => `${a.id} ${a.status}${a.on ? ` on ${a.on}` : ''}`).join(', ')}; ring ${JSON.stringify(ring)}; irq pending ${live.irqPending}; counters ${JSON.stringify(c)}`,
      `last events:\n${tail.join('\n')}`,
      stickiness === 0.75
        ? `the same run, step by step: npm run trace -- descriptor-flow ${Object.entries(options)
            .map(([k, v]) => `--${k} ${v}`)
            .join(' ')}`
        : `reproduce: runOnce(${JSON.stringify(options)}, ${stickiness}) in this file`,
    );
  }
  return { problems, races: racesIn(t) };
}

/** Find the dangerous interleavings in a trace (see Races). */
function racesIn(t: readonly TraceEvent[]): Races {
  const races: Races = { kick: 0, call: 0 };
  // Kick: vhost read avail->idx and found nothing new → the guest published and chose not to kick → vhost_enable_notify → re-read finds it.
  let vhostSawEmpty = false;
  let quietKick = false;
  let enabled: 'no' | 'quiet-kick' | 'plain' = 'no';
  // Call: the guest consumed used buffers; its next beat includes the look that found no more → vhost used one and chose
  // not to call → the guest's virtqueue_enable_cb → its re-check finds it.
  let guestConsumed = false;
  let windowOpen = false;
  let quietCall = false;
  let quietCallAtEnable = false;
  for (const e of t) {
    if (e.actor === 'vhost') {
      if (e.type === 'vhost_get_avail_idx') {
        if (enabled === 'quiet-kick' && e.f.pending > 0) races.kick++;
        enabled = 'no';
        vhostSawEmpty = e.f.pending === 0;
        quietKick = false;
      } else if (e.type === 'vhost_enable_notify') enabled = vhostSawEmpty && quietKick ? 'quiet-kick' : 'plain';
      else if (e.type === 'vhost_notify' && !e.f.notify && windowOpen) quietCall = true;
    } else if (e.actor === 'vcpu0') {
      if (e.type === 'virtqueue_kick_prepare' && !e.f.needsKick && vhostSawEmpty) quietKick = true;
      if (guestConsumed && !windowOpen) {
        windowOpen = true;
        quietCall = false;
      }
      if (e.type === 'receive_buf' || e.type === 'virtnet_tx_done' || e.type === 'napi_schedule') {
        guestConsumed = true;
        windowOpen = false;
      } else if (e.type === 'virtqueue_enable_cb') {
        quietCallAtEnable = windowOpen && quietCall;
        if (e.f.delayed && !e.f.ok && quietCallAtEnable) races.call++;
        guestConsumed = false;
        windowOpen = false;
      } else if (e.type === 'virtqueue_poll' && e.f.more && quietCallAtEnable) races.call++;
    }
  }
  return races;
}

/** Scheduler stickiness: Session's 0.75, and longer streaks (see the top of the file). */
const STICKINESS = [0.75, 0.9, 0.97];
const SEEDS = 40;

// RX on the tiniest rings (TX cannot go below 32: virtio-net stops a TX queue below 19 free descriptors).
// Big buffers (with indirect, so they fit) make the guest's refill many beats long, another shape of window.
const RX_CASES = [2, 4].flatMap((qsize) =>
  [true, false].flatMap((eventIdx) =>
    [{ rxbuf: 'mergeable' }, { rxbuf: 'big', indirect: true }].map((buf) => ({
      name: `rx qsize ${qsize} ${eventIdx ? 'event-idx' : 'flags'} ${buf.rxbuf}`,
      options: { dir: 'rx', qsize, eventIdx, ...buf, packets: 64, size: 64 } as Options,
    })),
  ),
);
// TX at 32: single frames, bursts (xmit_more) and senders that wait for completions put a different side to sleep.
const TX_CASES = [true, false].flatMap((eventIdx) =>
  [
    { batch: 1, inflight: 0 },
    { batch: 4, inflight: 0 },
    { batch: 1, inflight: 1 },
    { batch: 1, inflight: 3 },
  ].map(({ batch, inflight }) => ({
    name: `tx qsize 32 ${eventIdx ? 'event-idx' : 'flags'} batch ${batch} inflight ${inflight}`,
    options: { dir: 'tx', qsize: 32, eventIdx, batch, inflight, packets: 64, size: 64 } as Options,
  })),
);
const CASES = [...RX_CASES, ...TX_CASES].flatMap((c) => STICKINESS.map((stickiness) => ({ ...c, stickiness })));

const totals: Races & { runs: number } = { kick: 0, call: 0, runs: 0 };

describe('kick vs vhost_enable_notify, call vs virtqueue_enable_cb: no lost wake-up in any interleaving', () => {
  it.each(CASES.map((c) => [`${c.name}, stickiness ${c.stickiness}`, c] as const))(`%s, ${SEEDS} seeds`, (_name, c) => {
    const failures: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const out = runOnce({ ...c.options, seed }, c.stickiness);
      totals.kick += out.races.kick;
      totals.call += out.races.call;
      if (out.problems.length) failures.push(failures.length < 2 ? `seed ${seed}:\n    ${out.problems.join('\n    ')}` : `seed ${seed}`);
    }
    totals.runs++;
    expect(failures, `${failures.length} of ${SEEDS} seeds lost a wake-up or a frame:\n  ${failures.join('\n  ')}`).toEqual([]);
  });

  it('those schedules went through both races many times (else the test above proves nothing)', (ctx) => {
    if (totals.runs < CASES.length) ctx.skip(); // only some cases ran (a -t filter)
    expect(totals.kick, 'kick races: vhost re-read avail->idx after enabling and found a buffer the guest did not kick for').toBeGreaterThanOrEqual(100);
    expect(totals.call, 'call races: the guest re-checked the used ring after enabling callbacks and found a buffer vhost did not call for').toBeGreaterThanOrEqual(20);
  });
});

// A burst cut short by the inflight limit: frame k must not go with xmit_more when the application may not send frame
// k + 1 yet (start_xmit with xmit_more neither kicks nor re-enables callbacks, trusting the stack to call again at once).
// This stalled every batch > 1 whose inflight limit cut a burst, until guestTx ended the burst there.
describe('a burst cut short by the inflight limit', () => {
  it.each([
    [2, 1],
    [2, 3],
    [2, 5],
    [4, 3],
    [8, 5],
  ])('tx batch %i inflight %i completes on every seed', (batch, inflight) => {
    for (let seed = 1; seed <= 10; seed++) {
      const out = runOnce({ dir: 'tx', qsize: 32, batch, inflight, packets: 40, size: 64, seed }, 0.75);
      expect(out.problems, `seed ${seed}: ${out.problems.join('\n')}`).toEqual([]);
    }
  });
});
