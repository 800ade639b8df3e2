/**
 * The engine side of the worker protocol, free of any worker API so it runs
 * in Node tests too. It owns at most one session; a failed load keeps the
 * previous session untouched.
 */
import { createWorld } from '../scenarios/registry';
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
      return msg.type === 'load' ? this.load(msg) : this.seek(msg);
    } catch (err) {
      // An engine bug, not bad input: report it and keep the worker alive.
      return [{ type: 'error', id: msg.id, message: `engine failure: ${err instanceof Error ? err.message : String(err)}` }];
    }
  }

  private load(msg: Extract<ToWorker, { type: 'load' }>): FromWorker[] {
    const built = createWorld(msg.scenario, msg.options, this.shared);
    if (!built.ok) return [{ type: 'error', id: msg.id, message: built.error }];
    const session = new Session(built.world, Number(built.options.seed ?? 1));
    this.session = session;
    session.seek(msg.step);
    const buffer = built.world.arena.buffer;
    return [
      {
        type: 'loaded',
        id: msg.id,
        info: built.world.info,
        trace: session.trace,
        memory: typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer ? buffer : null,
      },
      this.frame(msg.id),
    ];
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
