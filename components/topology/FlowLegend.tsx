/** What each token shape means, in words: the legend under the overview (memoised: the overview re-renders on every step, the legend only with the language). */
import { memo } from 'react';
import { htmlLang, type LangMode } from '../i18n/ui-text';
import { FLOW_KINDS } from './flow-style';
import { FlowShape } from './FlowShape';
import { FLOW_LABEL, TOPO_TEXT, bi, biLines } from './text';
import styles from './Topology.module.css';

/** The legend. */
export const FlowLegend = memo(function FlowLegend({ lang }: { lang: LangMode }) {
  return (
    <ul className={styles.legend} aria-label={bi(TOPO_TEXT.legend, lang)} data-testid="topo-legend">
      {FLOW_KINDS.map((kind) => (
        <li key={kind} data-kind={kind}>
          <svg width={22} height={16} viewBox="-11 -8 22 16" aria-hidden="true" className={styles.swatch}>
            <FlowShape kind={kind} r={5} />
          </svg>
          {biLines(FLOW_LABEL[kind], lang).map((l, i) => (
            <span key={l.lang} lang={htmlLang(l.lang)} className={i > 0 ? styles.second : undefined}>
              {l.text}
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
});
