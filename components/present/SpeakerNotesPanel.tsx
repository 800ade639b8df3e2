'use client';
/** The speaker notes (speaker-notes.ts) in the presenter's language(s): phase, place in it, what to say, what to point at. */
import { htmlLang, langsOf } from '../i18n/ui-text';
import { prt, prt1 } from '../i18n/present-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import styles from './Present.module.css';
import { useNotes } from './use-notes';

export function SpeakerNotesPanel() {
  const mode = useExplainer((s) => s.lang);
  const all = useNotes(langsOf(mode));
  return (
    <Panel title={prt('notes', mode)} testId="speaker-notes">
      <div className={styles.notes} data-both={mode === 'both' || undefined}>
        {all?.map(({ lang, notes: n }) => (
          <div key={lang} lang={htmlLang(lang)} data-lang={lang} className={styles.notesColumn}>
            <p className={styles.notesPhase}>
              <strong>{prt1('notesPhase', lang, { n: n.phase.n, m: n.phase.of, title: n.phase.title })}</strong>
              {n.beat.of ? <span> · {prt1('notesBeat', lang, { i: n.beat.i, k: n.beat.of })}</span> : null}
            </p>
            {n.opensPhase ? <p className={styles.notesCue}>{prt1(n.say ? 'notesNewPhase' : 'notesStart', lang)}</p> : null}
            {n.phase.body ? <p className={n.opensPhase ? styles.notesBody : styles.notesBodyQuiet}>{n.phase.body}</p> : null}
            {n.say ? (
              <p data-testid={`notes-say-${lang}`}>
                <span className={styles.label}>{prt1('notesSay', lang)}</span> {n.say}
              </p>
            ) : null}
            {n.where ? (
              <p>
                <span className={styles.label}>{prt1('notesWhere', lang)}</span> <code>{n.where.fn}()</code> <span className={styles.file}>{n.where.file}</span>
              </p>
            ) : null}
            {n.source ? (
              <p>
                <span className={styles.label}>{prt1('notesSource', lang)}</span> {n.source}
              </p>
            ) : null}
          </div>
        ))}
      </div>
    </Panel>
  );
}
