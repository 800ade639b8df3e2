'use client';
/**
 * What the current beat means, in words: the caption of the event, the
 * narrative of its phase, the document it illustrates, and the real
 * functions and files involved. Chinese and English side by side, or either
 * alone. The captions sit in a polite live region (quiet while playing).
 */
import { useMemo } from 'react';
import type { Lang } from '@/content/types';
import { EVENT_INFO, type TraceEvent } from '@/engine/trace/events';
import { FRAMES, frameName } from '@/engine/trace/frames';
import { describe, functionColumn } from '@/engine/trace/format';
import { htmlLang, langsOf, t, t1 } from '../i18n/ui-text';
import { PlayerContext } from '../player/PlayerContext';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import styles from './ProsePanel.module.css';
import { useProse, type Prose } from './use-prose';

/**
 * The caption of a beat; a beat whose caption is not written yet (a new
 * scenario's events land in the engine before their prose in content/) is
 * shown as its trace line rather than breaking the page.
 */
function captionOf(prose: Prose, event: TraceEvent, lang: Lang): string {
  try {
    const text = prose.caption(event, lang);
    if (typeof text === 'string') return text;
  } catch {
    // No caption for this type yet: fall through to the trace line.
  }
  return `${functionColumn(event)} ${describe(event) ?? ''}`.trim();
}

/** The glossary entries the caption mentions, each a link to its definition (in a new tab, so an embed stays put). */
function Terms({ prose, text, lang }: { prose: Prose; text: string; lang: Lang }) {
  const terms = prose.glossaryTermsIn(text);
  return (
    <p className={styles.source} data-testid={`glossary-links-${lang}`}>
      <a href={`/glossary?lang=${lang}`} target="_blank" rel="noopener" className={styles.label}>
        {t1('glossary', lang)}
      </a>{' '}
      {terms.map((g, i) => (
        <span key={g.en}>
          {i > 0 ? ' · ' : null}
          <a href={`/glossary?lang=${lang}#${prose.glossarySlug(g)}`} target="_blank" rel="noopener">
            {g[lang]}
          </a>
        </span>
      ))}
    </p>
  );
}

function Column({ prose, event, lang, scenario }: { prose: Prose; event: TraceEvent | null; lang: Lang; scenario: string }) {
  const { docTitle, phaseProse } = prose;
  const phase = phaseProse(scenario, event);
  const text = event ? captionOf(prose, event, lang) : t1('noEvent', lang);
  const body = phase.body[lang];
  return (
    <div className={styles.column} lang={htmlLang(lang)} data-lang={lang}>
      <div className={styles.phase}>
        <span className={styles.label}>{t1('phase', lang)}</span> {phase.title[lang]}
      </div>
      <p className={styles.caption} data-testid={`caption-${lang}`}>
        {text}
      </p>
      {body ? <p className={styles.body}>{body}</p> : null}
      {event ? (
        <p className={styles.source}>
          <span className={styles.label}>{t1('source', lang)}</span> {docTitle(EVENT_INFO[event.type].doc, lang, event)}
        </p>
      ) : null}
      <Terms prose={prose} text={text} lang={lang} />
    </div>
  );
}

/** The functions of the event's stack, innermost first, with their files (each once). */
function Functions({ event, lang }: { event: TraceEvent; lang: Lang }) {
  const frames = useMemo(() => [...event.stack].reverse().map((fn) => ({ fn: frameName(fn), file: FRAMES[fn].file, space: FRAMES[fn].space })), [event]);
  if (frames.length === 0) return null;
  return (
    <div className={styles.functions}>
      <span className={styles.label}>{t1('functions', lang)}</span>
      <ul>
        {frames.map((f, i) => (
          <li key={`${f.fn}-${i}`} data-space={f.space} data-inner={i === 0 || undefined}>
            <code>{f.fn}()</code> <span className={styles.file}>{f.file}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The prose panel. */
export function ProsePanel() {
  const mode = useExplainer((s) => s.lang);
  const event = useExplainer((s) => s.frame?.event ?? null);
  const scenario = useExplainer((s) => s.scenario);
  const prose = useProse();
  const ready = useExplainer((s) => s.frame !== null) && prose !== null;
  const playing = PlayerContext.useSelector((s) => s.matches('playing'));
  const langs = langsOf(mode);
  const lead = langs[0]!;
  return (
    <Panel
      title={t('explanation', mode)}
      aside={event ? <code data-testid="prose-function">{functionColumn(event)}</code> : undefined}
      testId="prose"
      data-lang-mode={mode}
      data-event={event?.type ?? 'none'}
    >
      <div className={styles.wrap}>
        <div className={styles.columns} aria-live={playing ? 'off' : 'polite'} aria-atomic="true" data-both={mode === 'both' || undefined}>
          {ready ? langs.map((l) => <Column key={l} prose={prose} event={event} lang={l} scenario={scenario} />) : null}
        </div>
      </div>
      {event ? <Functions event={event} lang={lead} /> : null}
    </Panel>
  );
}
