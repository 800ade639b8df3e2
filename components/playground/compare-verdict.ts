/**
 * The one sentence under the comparison: what the reader should notice,
 * chosen from the measured numbers only. It compares event-idx with every
 * buffer (the two ends of suppression), in the engine and in the bare ring,
 * and never claims more than the figures show: if event-idx is not ahead,
 * it says so.
 */
import { pt1Fill, type PlaygroundKey } from '../i18n/ui-text';
import type { CompareRow } from './compare';
import { perFrame } from './compare';
import { ratio } from './format';

/** event-idx ÷ every buffer throughput at or above this is "ahead"; below BEHIND is "behind"; between, level. */
export const AHEAD = 1.1;
export const BEHIND = 0.9;
/** The engine keeps the bare ring's lesson when its gain is at least this share of the ring's (the 0.85). */
export const KEEPS_PACE = 0.85;
/** event-idx "saved notifications" when it sent fewer than this share of every buffer's per frame. */
export const SAVED = 0.9;

/** Which sentence the numbers call for. */
export type VerdictKind =
  | 'incomplete'
  | 'noSaving'
  | 'aheadLikeRing'
  | 'aheadLessThanRing'
  | 'aheadRingNot'
  | 'levelRingAhead'
  | 'levelRingLevel'
  | 'behind';

/** The figures a sentence quotes (event-idx vs every buffer). */
export interface VerdictFigures {
  /** Engine throughput gain, event-idx ÷ every buffer. */
  gain: number;
  /** The bare ring's gain from the same change. */
  ringGain: number;
  kicksEvidx: number;
  callsEvidx: number;
  kicksEvery: number;
  callsEvery: number;
}

export type Verdict = { kind: 'incomplete' } | { kind: Exclude<VerdictKind, 'incomplete'>; figures: VerdictFigures };

/** Choose the sentence from the rows (any order; every mode must have a verified engine and ring run). */
export function chooseVerdict(rows: readonly CompareRow[]): Verdict {
  const at = (mode: CompareRow['mode']) => rows.find((r) => r.mode === mode);
  const evidx = at('event-idx');
  const every = at('every');
  if (!evidx || !every || rows.some((r) => !r.engine?.ok || !r.ring?.ok)) return { kind: 'incomplete' };
  const e = perFrame(evidx.engine);
  const v = perFrame(every.engine);
  const re = perFrame(evidx.ring);
  const rv = perFrame(every.ring);
  if (!e.framesPerSec || !v.framesPerSec || !re.framesPerSec || !rv.framesPerSec) return { kind: 'incomplete' };
  const figures: VerdictFigures = {
    gain: e.framesPerSec / v.framesPerSec,
    ringGain: re.framesPerSec / rv.framesPerSec,
    kicksEvidx: e.kicksPerFrame!,
    callsEvidx: e.callsPerFrame!,
    kicksEvery: v.kicksPerFrame!,
    callsEvery: v.callsPerFrame!,
  };
  const { gain, ringGain } = figures;
  const sent = (k: number, c: number) => k + c;
  if (sent(figures.kicksEvidx, figures.callsEvidx) >= SAVED * sent(figures.kicksEvery, figures.callsEvery)) return { kind: 'noSaving', figures };
  if (gain >= AHEAD) {
    if (ringGain < AHEAD) return { kind: 'aheadRingNot', figures };
    return { kind: gain >= KEEPS_PACE * ringGain ? 'aheadLikeRing' : 'aheadLessThanRing', figures };
  }
  if (gain >= BEHIND) return { kind: ringGain >= AHEAD ? 'levelRingAhead' : 'levelRingLevel', figures };
  return { kind: 'behind', figures };
}

/** A gain as the sentence writes it: 1.31× (English), 1.31 倍 (Chinese). */
export function times(x: number, lang: 'en' | 'zh'): string {
  const n = x.toFixed(x < 10 ? 2 : 1);
  return lang === 'zh' ? `${n} 倍` : `${n}×`;
}

/** The text-table key of each sentence. */
export const VERDICT_KEY: Record<VerdictKind, PlaygroundKey> = {
  incomplete: 'verdictIncomplete',
  noSaving: 'verdictNoSaving',
  aheadLikeRing: 'verdictAheadLikeRing',
  aheadLessThanRing: 'verdictAheadLessThanRing',
  aheadRingNot: 'verdictAheadRingNot',
  levelRingAhead: 'verdictLevelRingAhead',
  levelRingLevel: 'verdictLevelRingLevel',
  behind: 'verdictBehind',
};

/** The sentence in one language, its numbers filled in. */
export function verdictSentence(v: Verdict, lang: 'en' | 'zh'): string {
  if (v.kind === 'incomplete') return pt1Fill(VERDICT_KEY.incomplete, lang, {});
  const f = v.figures;
  return pt1Fill(VERDICT_KEY[v.kind], lang, {
    g: times(f.gain, lang),
    gr: times(f.ringGain, lang),
    ke: ratio(f.kicksEvidx),
    ce: ratio(f.callsEvidx),
    kv: ratio(f.kicksEvery),
    cv: ratio(f.callsEvery),
    ne: ratio(f.kicksEvidx + f.callsEvidx),
    nv: ratio(f.kicksEvery + f.callsEvery),
  });
}
