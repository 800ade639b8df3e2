/**
 * Free-run mode's API: prepare one SharedArrayBuffer for a scenario, run each
 * actor on its own thread over it, read the shared counters while it runs,
 * pause / resume / stop it, verify afterwards that every frame arrived exactly
 * once, and hand a paused run to step mode.
 */
import { expectedFrameHash } from '../linux-host/tap';
// Everything here comes from the free build (validation included), so a free-run bundle carries one copy of the actors.
import { FREE_SCENARIOS, checkFreeScenario } from '../free/scenarios/free-capable';
import type { ScenarioDef } from '../free/scenarios/scenario';
import type { VirtqueueInfo, VirtqueueLive, World as AnyWorld } from '../free/scenarios/world';

/** Free-run scenarios are virtqueue worlds (free-capable.ts lists only those). */
type World = AnyWorld<VirtqueueInfo, VirtqueueLive>;
import type { OptionTable } from '../scenarios/options';
import { ActorContext, Leave } from '../sched/free-actor';
import { CONTROL_SIZE, FreeRunControl } from '../sched/free-run';
import type { CounterName } from '../trace/counters';

/** Which scenario, with which options (strings, as on a command line or in a URL). */
export interface FreeRunConfig {
  scenario: 'descriptor-flow';
  options: Record<string, string>;
}

/** A scenario's option table (the same table as step mode's). */
export function optionTable(scenario: FreeRunConfig['scenario']): OptionTable {
  return FREE_SCENARIOS[scenario]!.options;
}

/** The options checked, and the scenario's free-run build (engine/free/, generated from the same sources as step mode). */
function resolve(cfg: FreeRunConfig): { def: ScenarioDef; options: Record<string, unknown> } {
  const c = checkFreeScenario(cfg.scenario, cfg.options);
  if (!c.ok) throw new Error(c.error);
  return { def: c.def, options: c.options };
}

// One world per buffer and thread: building allocates, and a sampler asks sixty times a second.
const worlds = new WeakMap<SharedArrayBuffer, { key: string; world: World }>();

/** The world over `buffer` (every thread builds the same one over the same memory). */
export function worldOver(buffer: SharedArrayBuffer, cfg: FreeRunConfig): World {
  const key = JSON.stringify(cfg);
  const hit = worlds.get(buffer);
  if (hit && hit.key === key) return hit.world;
  const { def, options } = resolve(cfg);
  const built = def.build(options, buffer);
  if (built.info.kind !== 'virtqueue') throw new Error(`free-run: ${cfg.scenario} did not build a virtqueue world`);
  const world = built as World;
  worlds.set(buffer, { key, world });
  return world;
}

/** Check the options and say what is wrong, without throwing. */
export function checkFreeRun(cfg: FreeRunConfig): string | undefined {
  const c = checkFreeScenario(cfg.scenario, cfg.options);
  return c.ok ? undefined : c.error;
}

/** A zeroed arena for `cfg`, a control block, and the actor ids to run (one thread each). */
export function prepareFreeRun(cfg: FreeRunConfig): { buffer: SharedArrayBuffer; control: SharedArrayBuffer; actors: string[] } {
  const { def, options } = resolve(cfg);
  const buffer = new SharedArrayBuffer(def.arenaSize(options));
  const world = def.build(options, buffer);
  return { buffer, control: new SharedArrayBuffer(CONTROL_SIZE), actors: world.actors.map((a) => a.id) };
}

/** The control block of a run. */
export function controlOf(buffer: SharedArrayBuffer, control: SharedArrayBuffer, cfg: FreeRunConfig): FreeRunControl {
  const world = worldOver(buffer, cfg);
  return new FreeRunControl(new Int32Array(control), 0, world.arena.i32, world.doneSlot);
}

/** Run `actorId` on this thread (blocks) until it finishes, the run is over, or it is stopped. */
export function runActor(buffer: SharedArrayBuffer, cfg: FreeRunConfig, actorId: string, control?: SharedArrayBuffer): 'done' | 'finished' | 'stopped' {
  const world = worldOver(buffer, cfg);
  const spec = world.actors.find((a) => a.id === actorId);
  if (!spec) throw new Error(`no actor ${JSON.stringify(actorId)} in ${cfg.scenario} (actors: ${world.actors.map((a) => a.id).join(', ')})`);
  const ctl = new FreeRunControl(new Int32Array(control ?? new SharedArrayBuffer(CONTROL_SIZE)), 0, world.arena.i32, world.doneSlot);
  try {
    spec.body(new ActorContext(spec.id, world.arena.i32, ctl, world.actors.indexOf(spec), world.spendsTime ?? false));
    return 'done';
  } catch (err) {
    // A stop, or the end of the run seen while blocked, unwinds the thread from wherever it waited.
    if (err instanceof Leave) return err.why;
    throw err;
  } finally {
    ctl.exit();
  }
}

/** The shared counters, read live (any thread, any time). */
export function readCounters(buffer: SharedArrayBuffer, cfg: FreeRunConfig): Record<CounterName, number> {
  return worldOver(buffer, cfg).counters();
}

/** After a run: did every frame 0..n-1 arrive exactly once and intact? */
export function verify(buffer: SharedArrayBuffer, cfg: FreeRunConfig): { ok: boolean; message: string } {
  const world = worldOver(buffer, cfg);
  const c = world.live().counters;
  const n = world.info.frames;
  const want = expectedFrameHash(n);
  const problems: string[] = [];
  if (c.framesDelivered !== n) problems.push(`${c.framesDelivered} of ${n} frames delivered`);
  if (c.framesCorrupt !== 0) problems.push(`${c.framesCorrupt} corrupt frames`);
  if (c.frameHash !== want) problems.push(`frame checksum 0x${(c.frameHash >>> 0).toString(16)}, expected 0x${(want >>> 0).toString(16)} (a frame lost or duplicated)`);
  if (c.framesDropped) problems.push(`${c.framesDropped} frames dropped on the way`);
  // Every used buffer came back to the driver; a transmit run also used every buffer it added (a receive ring stays full of empty ones).
  if (c.buffersReclaimed !== c.buffersUsed) problems.push(`${c.buffersUsed} buffers used but ${c.buffersReclaimed} reclaimed`);
  if (world.info.dir === 'tx' && c.buffersUsed !== c.buffersAdded) problems.push(`${c.buffersAdded} buffers added but ${c.buffersUsed} used`);
  return problems.length ? { ok: false, message: problems.join('; ') } : { ok: true, message: `${n} frames, each exactly once, intact` };
}
