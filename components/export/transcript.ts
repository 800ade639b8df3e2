/**
 * A whole walkthrough as text: every step of the engine's run with the
 * thread that ran it, its function stack (innermost first), its caption in
 * either or both languages, and the source document it illustrates. Pure —
 * no React, no DOM — so it runs over any scenario's session in Node tests,
 * on the server (the print page) and in the browser (the Markdown download).
 * `buildTranscript` gathers the facts; `transcriptMarkdown` writes them out.
 */
import { caption, docTitle, phaseProse } from '@/content/prose';
import type { Lang } from '@/content/types';
import type { WorldInfoBase } from '@/engine/scenarios/world';
import { EVENT_INFO, type TraceEvent } from '@/engine/trace/events';
import { FRAMES, frameName } from '@/engine/trace/frames';
import { describe, functionColumn } from '@/engine/trace/format';
import { langsOf, t1, type Bilingual, type LangMode, type UiKey } from '../i18n/ui-text';
import { xt, xt1, type ExportKey } from './export-text';

/** What a transcript is made from: the scenario, its title, what the engine built, and its whole trace. */
export interface TranscriptInput {
  scenario: string;
  title: Bilingual;
  info: Pick<WorldInfoBase, 'versions' | 'threads' | 'options'>;
  trace: readonly TraceEvent[];
  /** Where the walkthrough is (an absolute URL or a path), cited in the header. */
  link?: string;
}

/** One function of a step's stack. */
export interface TranscriptFrame {
  fn: string;
  file: string;
}

/** One step: step N shows the N-th event of the trace (step 0 is the state before any). */
export interface TranscriptStep {
  step: number;
  actor: string;
  /** The thread's name as the threads panel shows it (CPU 0/KVM, vhost-4242). */
  thread: string;
  /** Innermost first. */
  stack: TranscriptFrame[];
  /** The function column of the trace line (`vp_notify()`, or `vring_interrupt ›` for a label inside it). */
  where: string;
  caption: Bilingual;
  source: Bilingual;
  phase: Bilingual;
}

/** A whole walkthrough. */
export interface Transcript {
  scenario: string;
  title: Bilingual;
  versions: Array<{ role: string; name: string; what: Bilingual }>;
  options: Array<[string, string]>;
  link?: string;
  steps: TranscriptStep[];
}

/**
 * A beat's caption; one whose prose is not written yet (a scenario's events
 * can land before their captions) reads as its trace line, as on the page.
 */
function captionOf(e: TraceEvent, lang: Lang): string {
  try {
    const text = caption(e, lang);
    if (typeof text === 'string' && text.length > 0) return text;
  } catch {
    // No caption for this type yet.
  }
  return `${functionColumn(e)} ${describe(e) ?? ''}`.trim();
}

const both = (f: (lang: Lang) => string): Bilingual => ({ en: f('en'), zh: f('zh') });

/** Gather a transcript's facts from a run. */
export function buildTranscript(input: TranscriptInput): Transcript {
  const names = new Map(input.info.threads.map((th) => [th.id, th.name]));
  return {
    scenario: input.scenario,
    title: input.title,
    versions: input.info.versions.map((v) => ({ role: v.role, name: v.name, what: both((l) => t1(`version_${v.role}` as UiKey, l)) })),
    options: Object.entries(input.info.options).map(([k, v]) => [k, String(v)]),
    ...(input.link ? { link: input.link } : {}),
    steps: input.trace.map((e, i) => {
      const phase = phaseProse(input.scenario, e).title;
      return {
        step: i + 1,
        actor: e.actor,
        thread: names.get(e.actor) ?? e.actor,
        stack: [...e.stack].reverse().map((id) => ({ fn: frameName(id), file: FRAMES[id].file })),
        where: functionColumn(e),
        caption: both((l) => captionOf(e, l)),
        source: both((l) => docTitle(EVENT_INFO[e.type].doc, l, e)),
        phase: { en: phase.en, zh: phase.zh },
      };
    }),
  };
}

/**
 * Prose made safe for Markdown: characters that would start emphasis, links,
 * HTML or code are escaped; an underscore inside a word (vring_interrupt)
 * cannot start emphasis in CommonMark, so it stays readable.
 */
export function mdText(s: string): string {
  return s
    .replace(/[\\`*[\]<>|]/g, (c) => `\\${c}`)
    .replace(/(^|[^\p{L}\p{N}])_|_(?=$|[^\p{L}\p{N}])/gu, (m) => m.replace('_', '\\_'))
    .replace(/^(\s*)([#>+-]|\d+\.)(?=\s)/, (_m, sp: string, mark: string) => `${sp}\\${mark}`);
}

/** A code span that holds `s` whatever backticks it contains. */
function code(s: string): string {
  const ticks = '`'.repeat(Math.max(0, ...Array.from(s.matchAll(/`+/g), (m) => m[0].length)) + 1);
  return s.includes('`') ? `${ticks} ${s} ${ticks}` : `${ticks}${s}${ticks}`;
}

/** A text in a mode: one language, or Chinese then English (once when equal). */
function inLangs(text: Bilingual, mode: LangMode, sep: string): string {
  const parts = langsOf(mode).map((l) => text[l]);
  return parts[1] === undefined || parts[0] === parts[1] ? parts[0]! : parts.join(sep);
}

/** The functions of a step, innermost first, each with its file. */
export function stackLine(stack: readonly TranscriptFrame[], lang: Lang): string {
  if (stack.length === 0) return xt1('noFunction', lang);
  return stack.map((f) => `${code(`${f.fn}()`)} (${f.file})`).join(' ← ');
}

/** The transcript as Markdown, with the prose in one language or both (Chinese first, as on the page). */
export function transcriptMarkdown(tr: Transcript, mode: LangMode): string {
  const langs = langsOf(mode);
  const lead = langs[0]!;
  const label = (k: ExportKey) => xt(k, mode);
  const out: string[] = [];
  out.push(`# ${mdText(inLangs(tr.title, mode, ' / '))}`, '');
  out.push(...langs.map((l) => `> ${mdText(xt1('generatedBy', l))}`).join('\n>\n').split('\n'), '');
  out.push(`- **${label('scenario')}**: ${code(tr.scenario)}`);
  out.push(`- **${label('versions')}**: ${tr.versions.map((v) => `${mdText(v.name)} (${mdText(inLangs(v.what, mode, ' · '))})`).join('; ')}`);
  out.push(`- **${label('options')}**: ${tr.options.length ? tr.options.map(([k, v]) => code(`${k}=${v}`)).join(', ') : '—'}`);
  if (tr.link) out.push(`- **${label('link')}**: <${tr.link}>`);
  out.push(`- **${label('steps')}**: ${tr.steps.length}`, '');
  let phase = '';
  for (const s of tr.steps) {
    const p = inLangs(s.phase, mode, ' · ');
    if (p && p !== phase) {
      out.push(`## ${label('phase')}: ${mdText(p)}`, '');
      phase = p;
    }
    out.push(`### ${xt('stepN', mode, { n: s.step })} — ${mdText(s.thread)} (${code(s.actor)})`, '');
    out.push(`**${label('functions')}**: ${stackLine(s.stack, lead)}`, '');
    for (const l of langs) out.push(mdText(s.caption[l]), '');
    out.push(`*${label('source')}*: ${mdText(inLangs(s.source, mode, ' · '))}`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** A file name for a scenario's transcript or diagram: `descriptor-flow-step-12-ring.svg`. */
export function exportFileName(scenario: string, what: string, ext: string, step?: number): string {
  const safe = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return [safe(scenario), step === undefined ? null : `step-${step}`, safe(what) || null].filter(Boolean).join('-') + `.${ext}`;
}
