/**
 * A whole walkthrough laid out for paper: the header (title, versions,
 * options), then every step as its own block with the thread, the function,
 * the caption in the chosen language(s) and the source. A server component:
 * it renders from the transcript the engine's run produced, with no script.
 */
import type { ReactNode } from 'react';
import { htmlLang, langsOf, type Bilingual, type LangMode } from '../i18n/ui-text';
import { xt } from './export-text';
import styles from './Print.module.css';
import type { Transcript, TranscriptStep } from './transcript';

/** A text in each language the mode shows, each tagged with its language. */
function Each({ text, mode, as: Tag = 'span', className }: { text: Bilingual; mode: LangMode; as?: 'span' | 'p'; className?: string }) {
  const langs = langsOf(mode);
  if (langs.length === 2 && text.zh === text.en) return <Tag className={className}>{text.en}</Tag>;
  return (
    <>
      {langs.map((l, i) => (
        <Tag key={l} lang={htmlLang(l)} className={className}>
          {Tag === 'span' && i > 0 ? ' · ' : null}
          {text[l]}
        </Tag>
      ))}
    </>
  );
}

function Step({ s, mode, phaseHead }: { s: TranscriptStep; mode: LangMode; phaseHead: ReactNode }) {
  const inner = s.stack[0];
  return (
    <li className={styles.item}>
      {phaseHead}
      <article className={styles.step} data-testid="print-step" data-step={s.step} aria-labelledby={`print-step-${s.step}`}>
        <h3 className={styles.stepHead} id={`print-step-${s.step}`}>
          <span className={styles.stepNo}>{xt('stepN', mode, { n: s.step })}</span>
          <span className={styles.thread}>
            {s.thread} <code>{s.actor}</code>
          </span>
          <code className={styles.fn} data-testid="print-function">
            {s.where}
          </code>
        </h3>
        <Each text={s.caption} mode={mode} as="p" className={styles.caption} />
        <p className={styles.meta}>
          <span className={styles.label}>{xt('functions', mode)}</span>{' '}
          {inner ? (
            <>
              {/* The innermost function with its file; its callers by name only, which is enough on paper. */}
              <code>{inner.fn}()</code> <span className={styles.file}>{inner.file}</span>
              {s.stack.length > 1 ? <span className={styles.callers}> ← {s.stack.slice(1).map((f) => f.fn).join(' ← ')}</span> : null}
            </>
          ) : (
            <span>{xt('noFunction', mode)}</span>
          )}
        </p>
        <p className={styles.meta}>
          <span className={styles.label}>{xt('source', mode)}</span> <Each text={s.source} mode={mode} />
        </p>
      </article>
    </li>
  );
}

/** The printable transcript. `controls` (language links, print button) are shown on screen only. */
export function PrintTranscript({ tr, mode, controls, notes }: { tr: Transcript; mode: LangMode; controls: ReactNode; notes?: ReactNode }) {
  const phaseOf = (s: TranscriptStep) => langsOf(mode).map((l) => s.phase[l]).join(' · ');
  // A phase heading where the phase changes (a beat with no phase keeps the one before).
  const heads = tr.steps.map((s, i) => {
    const p = phaseOf(s);
    const before = tr.steps.slice(0, i).findLast((x) => phaseOf(x) !== '');
    return p !== '' && (!before || phaseOf(before) !== p);
  });
  return (
    <main className={styles.page} data-testid="print" data-steps={tr.steps.length} data-lang-mode={mode}>
      <header className={styles.top}>
        <div className={styles.controls}>{controls}</div>
        <h1 className={styles.title}>
          <Each text={tr.title} mode={mode} />
        </h1>
        <p className={styles.lead}>{xt('printLead', mode)}</p>
        {notes}
        <dl className={styles.facts}>
          <dt>{xt('scenario', mode)}</dt>
          <dd>
            <code>{tr.scenario}</code>
          </dd>
          <dt>{xt('versions', mode)}</dt>
          <dd>
            {tr.versions.map((v, i) => (
              <span key={v.role}>
                {i > 0 ? '; ' : null}
                <strong>{v.name}</strong> (<Each text={v.what} mode={mode} />)
              </span>
            ))}
          </dd>
          <dt>{xt('options', mode)}</dt>
          <dd>
            {tr.options.map(([k, v], i) => (
              <span key={k}>
                {i > 0 ? ', ' : null}
                <code>
                  {k}={v}
                </code>
              </span>
            ))}
          </dd>
          <dt>{xt('steps', mode)}</dt>
          <dd>{tr.steps.length}</dd>
        </dl>
      </header>
      <ol className={styles.steps}>
        {tr.steps.map((s, i) => (
          <Step
            key={s.step}
            s={s}
            mode={mode}
            phaseHead={
              heads[i] ? (
                <h2 className={styles.phase}>
                  <span className={styles.label}>{xt('phase', mode)}</span> <Each text={s.phase} mode={mode} />
                </h2>
              ) : null
            }
          />
        ))}
      </ol>
    </main>
  );
}
