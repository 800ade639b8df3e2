/**
 * The engine side of the worker protocol, free of any worker API so it runs
 * in Node tests too. It owns at most one session; a failed load keeps the
 * previous session untouched.
 */
import { checkScenario, createWorld } from '../scenarios/registry';
import { Session } from '../session/session';
import type { FromWorker, ToWorker } from './protocol';
import { parseToWorker } from './protocol';

/** Holds the current session and answers messages. */
export class EngineHost {
  private session: Session | null = null;

  constructor(
    /** Whether to back the arena with a SharedArrayBuffer (the worker is cross-origin isolated). */
    private readonly shared: boolean,
  ) {}

  /** Handle one raw message; returns the replies to post, in order. */
  handle(data: unknown): FromWorker[] {
    const msg = parseToWorker(data);
    if ('error' in msg) return [{ type: 'error', id: msg.id, message: msg.error }];
    try {
      if (msg.type === 'load') return this.load(msg);
      if (msg.type === 'resume') return this.resume(msg);
      return this.seek(msg);
    } catch (err) {
      // An engine bug, not bad input: report it and keep the worker alive.
      return [{ type: 'error', id: msg.id, message: `engine failure: ${err instanceof Error ? err.message : String(err)}` }];
    }
  }

  private load(msg: Extract<ToWorker, { type: 'load' }>): FromWorker[] {
    const built = createWorld(msg.scenario, msg.options, this.shared);
    if (!built.ok) return [{ type: 'error', id: msg.id, message: built.error, ...(built.problem ? { problem: built.problem } : {}) }];
    const session = new Session(built.world, Number(built.options.seed ?? 1));
    this.session = session;
    session.seek(msg.step);
    return this.loadedReplies(msg.id);
  }

  private loadedReplies(id: number): FromWorker[] {
    const s = this.session!;
    const buffer = s.world.arena.buffer;
    return [
      {
        type: 'loaded',
        id,
        info: s.world.info,
        trace: s.trace,
        memory: typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer ? buffer : null,
      },
      this.frame(id),
    ];
  }

  private resume(msg: Extract<ToWorker, { type: 'resume' }>): FromWorker[] {
    const c = checkScenario(msg.scenario, msg.options, 'free');
    if (!c.ok) return [{ type: 'error', id: msg.id, message: c.error, ...(c.problem ? { problem: c.problem } : {}) }];
    const size = c.def.arenaSize(c.options);
    if (msg.bytes.byteLength !== size) return [{ type: 'error', id: msg.id, message: `resume: arena is ${msg.bytes.byteLength} bytes, these options need ${size}` }];
    // Work on our own copy, shared with the page when we can be.
    const backing = this.shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size);
    new Uint8Array(backing).set(new Uint8Array(msg.bytes));
    const world = c.def.build(c.options, backing);
    this.session = new Session(world, Number(c.options.seed ?? 1), msg.steps);
    this.session.seek(0);
    return this.loadedReplies(msg.id);
  }

  private seek(msg: Extract<ToWorker, { type: 'seek' }>): FromWorker[] {
    if (!this.session) return [{ type: 'error', id: msg.id, message: 'seek before any scenario was loaded' }];
    this.session.seek(msg.step);
    return [this.frame(msg.id)];
  }

  private frame(id: number): FromWorker {
    const s = this.session!;
    const arena = s.world.arena;
    return { type: 'frame', id, snapshot: s.snapshot(), bytes: arena.shared ? null : arena.u8.slice().buffer };
  }
}
