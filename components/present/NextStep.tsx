'use client';
/** What the next step will show: its caption and its function, so the presenter can lead into it. */
import type { Lang } from '@/content/types';
import { functionColumn } from '@/engine/trace/format';
import { htmlLang, langsOf } from '../i18n/ui-text';
import { prt, prt1 } from '../i18n/present-text';
import { useProse } from '../prose/use-prose';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import styles from './Present.module.css';
import { captionOrLine } from './speaker-notes';

export function NextStep() {
  const mode = useExplainer((s) => s.lang);
  const step = useExplainer((s) => s.frame?.step ?? null);
  const next = useExplainer((s) => (s.frame ? (s.trace[s.frame.step] ?? null) : null));
  const prose = useProse();
  return (
    <Panel title={prt('next', mode)} aside={next && step !== null ? <span>{step + 1}</span> : undefined} testId="next-step" data-next-step={step === null ? undefined : step + 1}>
      {prose && step !== null ? (
        next ? (
          <div className={styles.next}>
            <code className={styles.nextFn} data-testid="next-function">
              {functionColumn(next)}
            </code>
            {langsOf(mode).map((lang: Lang) => (
              <p key={lang} lang={htmlLang(lang)} data-testid={`next-caption-${lang}`}>
                {captionOrLine(prose, next, lang)}
              </p>
            ))}
          </div>
        ) : (
          <p className={styles.next}>{langsOf(mode).map((l) => prt1('nextEnd', l)).join(' · ')}</p>
        )
      ) : null}
    </Panel>
  );
}
