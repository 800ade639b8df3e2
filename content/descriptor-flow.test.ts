/**
 * The prose covers every beat the engine emits: the descriptor-flow scenario
 * runs headless over many option combinations and faults, and every event
 * must get a real caption in both languages, a phase with a title and a
 * narrative, a cited document, and (for vq_err) an explanation. Beats the
 * scenario cannot currently emit are checked through the catalog.
 */
import { describe, expect, it } from 'vitest';
import { FAULTS, NEEDS_INDIRECT, NEEDS_TWO_ENTRIES, TX_ONLY } from '@/engine/linux-guest/faults';
import { createWorld } from '@/engine/scenarios/registry';
import { Session } from '@/engine/session/session';
import { DOCS, type DocId } from '@/engine/trace/docs';
import { EVENT_INFO, EVENT_TYPES, type TraceEvent, type VqErrKind } from '@/engine/trace/events';
import { CAPTIONS } from './captions';
import { PHASES, PHASE_OF } from './descriptor-flow/phases';
import { ERRORS } from './errors';
import { GLOSSARY, caption, docTitle, errorText, phaseOf, type Lang, type PhaseId } from './index';

const CJK = /[\u3400-\u9fff]/;
const BAD = ['undefined', 'NaN', '[object', 'null', 'Infinity'];
const LANGS: Lang[] = ['en', 'zh'];

function run(options: Record<string, unknown>): TraceEvent[] {
  const built = createWorld('descriptor-flow', options, false);
  if (!built.ok) throw new Error(`${JSON.stringify(options)}: ${built.error}`);
  return new Session(built.world, Number(built.options.seed)).trace;
}

/** Every option set the test runs: the cross product of the switches, plus each fault. */
function combos(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const dir of ['tx', 'rx'])
    for (const eventIdx of [true, false])
      for (const suppress of [true, false])
        for (const indirect of [true, false])
          for (const layout of ['a', 'b'])
            for (const batch of [1, 3])
              out.push({
                dir,
                eventIdx,
                suppress,
                indirect,
                batch,
                packets: 6,
                qsize: dir === 'tx' ? 32 : layout === 'a' ? 8 : 32,
                ...(dir === 'tx' ? { txhdr: layout === 'a' ? 'pushed' : 'separate' } : { rxbuf: layout === 'a' ? 'mergeable' : 'big' }),
              });
  for (const fault of FAULTS)
    for (const dir of ['tx', 'rx'])
      for (const seed of [1, 2, 7]) {
        if (TX_ONLY.has(fault) && dir === 'rx') continue;
        const indirects = NEEDS_INDIRECT.has(fault) ? [true] : [false, true];
        const pieces = NEEDS_TWO_ENTRIES.has(fault);
        for (const indirect of indirects)
          out.push({ dir, fault, indirect, seed, packets: 6, qsize: 32, ...(pieces || indirect ? { txhdr: 'separate', rxbuf: 'big' } : {}) });
      }
  for (const seed of [3, 11, 12345]) out.push({ seed, packets: 9, batch: 2 });
  out.push({ dir: 'rx', rxbuf: 'small', size: 9014, qsize: 8, packets: 3 });
  out.push({ dir: 'rx', size: 9014, qsize: 32, packets: 3, busyloop: 3 });
  out.push({ packets: 40, qsize: 32, batch: 20, msix: 'shared', busyloop: 2 });
  out.push({ dir: 'rx', packets: 300, qsize: 512 });
  return out;
}

/** What is wrong with one beat's caption (empty when nothing); plain checks, so thousands of beats stay fast. */
function captionProblems(e: TraceEvent): string[] {
  const en = caption(e, 'en');
  const zh = caption(e, 'zh');
  const out: string[] = [];
  const bad = (why: string) => out.push(`${e.type} #${e.seq}: ${why}: ${en} / ${zh}`);
  if (!en.trim() || !zh.trim()) bad('empty');
  if (en === zh) bad('same in both languages');
  if (!CJK.test(zh)) bad('no Chinese');
  for (const s of [en, zh]) for (const word of BAD) if (s.includes(word)) bad(`contains ${word}`);
  // Captions are plain strings, 1–3 sentences: no markdown, no runaway length.
  if (/[*`#]/.test(en)) bad('markdown');
  if (en.length >= 1100) bad('too long');
  return out;
}

const SCENARIO = 'descriptor-flow';

function checkPhase(phase: PhaseId): void {
  const p = (PHASES as Partial<Record<PhaseId, (typeof PHASES)[keyof typeof PHASES]>>)[phase];
  expect(p, `phase ${phase}`).toBeDefined();
  if (!p) return;
  for (const l of LANGS) {
    expect(p.title[l].trim().length, `${phase} title ${l}`).toBeGreaterThan(0);
    expect(p.body[l].trim().length, `${phase} body ${l}`).toBeGreaterThan(0);
  }
  expect(p.body.zh).toMatch(CJK);
  const words = p.body.en.split(/\s+/).length;
  expect(words, `${phase}: ${words} words`).toBeGreaterThanOrEqual(60);
  expect(words, `${phase}: ${words} words`).toBeLessThanOrEqual(180);
}

function checkDoc(doc: DocId, e?: TraceEvent): void {
  for (const l of LANGS) expect(docTitle(doc, l, e).trim().length, `${doc} ${l}`).toBeGreaterThan(0);
  // A beat citing the Linux source names the file of the function it happens in.
  if (e && doc === 'linux-source') expect(docTitle(doc, 'en', e)).toMatch(/^Linux 6\.12 source: [a-z]+\//);
}

function checkError(kind: VqErrKind): void {
  for (const l of LANGS) expect(errorText(kind, l).trim().length, `${kind} ${l}`).toBeGreaterThan(0);
  expect(errorText(kind, 'zh')).toMatch(CJK);
  expect(errorText(kind, 'en')).not.toBe(errorText(kind, 'zh'));
}

describe('descriptor-flow prose', () => {
  it('captions, phases, docs and errors cover every event of every run', () => {
    const seenTypes = new Set<string>();
    const seenKinds = new Set<string>();
    const seenPhases = new Set<PhaseId>();
    const problems: string[] = [];
    let events = 0;
    for (const o of combos()) {
      const trace = run(o);
      expect(trace.length, JSON.stringify(o)).toBeGreaterThan(0);
      for (const e of trace) {
        problems.push(...captionProblems(e));
        seenPhases.add(phaseOf(e, SCENARIO));
        const doc = EVENT_INFO[e.type].doc;
        if (!docTitle(doc, 'en', e).trim() || !docTitle(doc, 'zh', e).trim()) problems.push(`${e.type}: no title for ${doc}`);
        // A beat citing the Linux source names the file of the function it happens in.
        if (doc === 'linux-source' && !/^Linux 6\.12 source: [a-z]+\//.test(docTitle(doc, 'en', e))) problems.push(`${e.type}: ${docTitle(doc, 'en', e)}`);
        if (e.type === 'vq_err') seenKinds.add(e.f.kind);
        seenTypes.add(e.type);
        events++;
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    for (const phase of seenPhases) checkPhase(phase);
    for (const kind of seenKinds) checkError(kind as VqErrKind);
    for (const doc of new Set(EVENT_TYPES.map((t) => EVENT_INFO[t].doc))) checkDoc(doc);
    expect(events).toBeGreaterThan(1000);
    // The runs reach the fault beats, not only the happy path.
    expect(seenTypes).toContain('vq_err');
    expect(seenTypes).toContain('guest_corrupt');
    expect(seenKinds.size).toBeGreaterThan(5);
    // Every event type this walkthrough's phase table lists is reached and captioned.
    expect(Object.keys(PHASE_OF).filter((t) => !seenTypes.has(t))).toEqual([]);
    // And every beat it reached is in its phase table.
    expect([...seenTypes].filter((t) => !Object.prototype.hasOwnProperty.call(PHASE_OF, t))).toEqual([]);
  });

  it('every event type in the catalog has a caption entry, and each of this walkthrough\'s has a phase', () => {
    for (const t of EVENT_TYPES) {
      expect(CAPTIONS[t], t).toBeDefined();
      expect(typeof CAPTIONS[t].en, t).toBe('function');
      expect(typeof CAPTIONS[t].zh, t).toBe('function');
    }
    for (const phase of Object.values(PHASE_OF)) checkPhase(phase);
    expect(Object.keys(CAPTIONS).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('every vq_err kind and every document has prose in both languages', () => {
    for (const kind of Object.keys(ERRORS) as VqErrKind[]) checkError(kind);
    for (const doc of Object.keys(DOCS) as DocId[]) checkDoc(doc);
    expect(docTitle('seed-000', 'en')).toBe('qemu + dpdk vq->callfd');
    expect(docTitle('seed-000', 'zh')).toBe('qemu + dpdk vq->callfd');
  });

  it('every phase has a title and a narrative in both languages', () => {
    for (const phase of Object.keys(PHASES) as PhaseId[]) checkPhase(phase);
  });

  it('the glossary has both languages for every term', () => {
    expect(GLOSSARY.length).toBeGreaterThan(10);
    for (const g of GLOSSARY) {
      for (const s of [g.en, g.zh, g.note.en, g.note.zh]) expect(s.trim().length, g.en).toBeGreaterThan(0);
      expect(g.note.zh, g.en).toMatch(CJK);
    }
  });

  it('a kick caption says why, with the vring_need_event arguments', () => {
    const trace = run({ packets: 4 });
    const kp = trace.find((e) => e.type === 'virtqueue_kick_prepare' && e.f.needsKick);
    expect(kp).toBeDefined();
    if (kp?.type !== 'virtqueue_kick_prepare') return;
    expect(caption(kp, 'en')).toContain(`vring_need_event(avail_event ${kp.f.availEvent}, new ${kp.f.new}, old ${kp.f.old}) is true`);
    expect(caption(kp, 'zh')).toContain(`vring_need_event(avail_event ${kp.f.availEvent}, new ${kp.f.new}, old ${kp.f.old}) 为真`);
  });
});
