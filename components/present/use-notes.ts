'use client';
/** The speaker notes of the step on screen (and the phase of every beat, worked out once per run). */
import { useMemo } from 'react';
import type { Lang } from '@/content/types';
import { useProse } from '../prose/use-prose';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { phaseRuns, speakerNotes, type SpeakerNotes } from './speaker-notes';

export function useNotes(langs: readonly Lang[]): Array<{ lang: Lang; notes: SpeakerNotes }> | null {
  const prose = useProse();
  const trace = useExplainer((s) => s.trace);
  const scenario = useExplainer((s) => s.scenario);
  const step = useExplainer((s) => s.frame?.step ?? null);
  const phases = useMemo(() => (prose ? phaseRuns(prose, scenario, trace) : []), [prose, scenario, trace]);
  return useMemo(() => {
    if (!prose || step === null) return null;
    return langs.map((lang) => ({ lang, notes: speakerNotes(prose, scenario, trace, phases, step, lang) }));
  }, [prose, scenario, trace, phases, step, langs]);
}
