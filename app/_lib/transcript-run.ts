/**
 * Server side of the print page: run a scenario once with the options a link
 * asks for, and gather its transcript. The same engine and session as the
 * worker's, so the printed steps are the steps the walkthrough shows.
 */
import { buildTranscript, type Transcript } from '@/components/export/transcript';
import { createWorld, SCENARIOS } from '@/engine/scenarios/registry';
import { Session } from '@/engine/session/session';

/** The transcript of `scenario` under `options`, or the engine's reason for refusing them. */
export function runTranscript(scenario: string, options: Record<string, string>, link: string): { ok: true; transcript: Transcript } | { ok: false; error: string } {
  const built = createWorld(scenario, options, false);
  if (!built.ok) return { ok: false, error: built.error };
  const session = new Session(built.world, Number(built.options.seed ?? 1));
  return {
    ok: true,
    transcript: buildTranscript({ scenario, title: SCENARIOS[scenario]!.title, info: built.world.info, trace: session.trace, link }),
  };
}
