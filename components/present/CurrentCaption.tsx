'use client';
/** The current step's caption, large, with its step number and function: what the room is looking at. */
import { functionColumn } from '@/engine/trace/format';
import { htmlLang, langsOf } from '../i18n/ui-text';
import { prt } from '../i18n/present-text';
import { PlayerContext } from '../player/PlayerContext';
import { useProse } from '../prose/use-prose';
import { useExplainer } from '../store/ExplainerStoreProvider';
import styles from './Present.module.css';
import { captionOrLine } from './speaker-notes';

export function CurrentCaption() {
  const mode = useExplainer((s) => s.lang);
  const event = useExplainer((s) => s.frame?.event ?? null);
  const step = useExplainer((s) => s.frame?.step ?? null);
  const total = useExplainer((s) => s.trace.length);
  const playing = PlayerContext.useSelector((s) => s.matches('playing'));
  const prose = useProse();
  return (
    <section className={styles.current} aria-label={prt('current', mode)} data-testid="current-step" data-step={step ?? undefined}>
      <div className={styles.currentHead}>
        <span className={styles.stepBadge}>
          {step ?? '–'} / {total}
        </span>
        {event ? <code>{functionColumn(event)}</code> : null}
      </div>
      <div aria-live={playing ? 'off' : 'polite'} aria-atomic="true">
        {prose && event
          ? langsOf(mode).map((lang) => (
              <p key={lang} lang={htmlLang(lang)} className={styles.bigCaption} data-testid={`current-caption-${lang}`}>
                {captionOrLine(prose, event, lang)}
              </p>
            ))
          : null}
      </div>
    </section>
  );
}
