/**
 * What each walkthrough draws from each source document, read off the
 * engine's runs: every beat cites one document (TraceEvent.doc), so per
 * document and scenario this counts the beats, notes the first one (to link
 * to), and lists the functions they happen in. Pure over the runs.
 */
import type { DocId } from '@/engine/trace/docs';
import { frameName } from '@/engine/trace/frames';
import { innermost } from '@/engine/trace/format';
import type { ScenarioRun } from './scenario-runs';

/** One scenario's use of one document. */
export interface DocUse {
  scenario: string;
  /** Beats citing the document. */
  beats: number;
  /** The step that shows the first such beat (its index + 1). */
  firstStep: number;
  /** The functions those beats happen in, in order of first appearance. */
  functions: string[];
}

/** Per document, the scenarios that cite it (scenarios that do not are left out). */
export function docUsage(runs: ReadonlyArray<{ id: string; run: ScenarioRun }>): Partial<Record<DocId, DocUse[]>> {
  const out: Partial<Record<DocId, DocUse[]>> = {};
  for (const { id, run } of runs) {
    const per = new Map<DocId, DocUse>();
    run.trace.forEach((e, i) => {
      let use = per.get(e.doc);
      if (!use) {
        use = { scenario: id, beats: 0, firstStep: i + 1, functions: [] };
        per.set(e.doc, use);
      }
      use.beats++;
      const fn = innermost(e);
      const name = fn ? frameName(fn) : null;
      if (name && !use.functions.includes(name)) use.functions.push(name);
    });
    for (const [doc, use] of per) (out[doc] ??= []).push(use);
  }
  return out;
}
