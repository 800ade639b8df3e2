'use client';
/**
 * The Embed button's panel (EmbedButton.tsx opens it; it is loaded on the
 * first open, so it costs the walkthrough's first load nothing): the iframe
 * snippet for one diagram at the step on screen, in the language shown, with
 * the options of the run. The reader picks the diagram (the views that fit
 * this scenario, view-meta.ts), whether the player shows, and the theme;
 * Copy puts the snippet on the clipboard. Escape closes it.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { nonDefault, type OptionValues, type OptionTable } from '@/engine/scenarios/options';
import { pick, type Bilingual, type LangMode } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { viewsFor } from '../views/view-meta';
import { kindOfScenario } from '../walkthrough/scenario-kind';
import { embedSnippet } from './embed-snippet';
import { EMBED_TEXT } from './embed-text';
import styles from './EmbedButton.module.css';

type CopyState = 'idle' | 'copied' | 'failed';

async function copy(text: string, area: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (an insecure origin, a denied prompt): select it for the reader instead.
    area?.select();
    return false;
  }
}

export default function EmbedPanel({ title, id, onClose }: { title: Bilingual; id: string; onClose(): void }) {
  const lang = useExplainer((s) => s.lang);
  const scenario = useExplainer((s) => s.scenario);
  const kind = useExplainer((s) => s.info?.kind ?? kindOfScenario(s.scenario));
  const step = useExplainer((s) => s.frame?.step ?? 0);
  const table = useExplainer((s) => s.table);
  const values = useExplainer((s) => s.info?.options ?? null);
  const views = viewsFor(kind);
  const [view, setView] = useState<string>(views[0]!.id);
  const [controls, setControls] = useState(true);
  const [theme, setTheme] = useState<'light' | 'dark'>('light');
  const [copied, setCopied] = useState<CopyState>('idle');
  const area = useRef<HTMLTextAreaElement>(null);
  const first = useRef<HTMLSelectElement>(null);
  const tx = (k: keyof typeof EMBED_TEXT, m: LangMode = lang) => pick(EMBED_TEXT[k], m);
  useEffect(() => first.current?.focus(), []);

  const chosen = views.some((v) => v.id === view) ? view : views[0]!.id;
  const options = values ? nonDefault(table as OptionTable, values as OptionValues<OptionTable>) : {};
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const frameTitle = `${pick(views.find((v) => v.id === chosen)!.title, lang)} · ${pick(title, lang)}`;
  const snippet = embedSnippet(origin, { scenario, view: chosen, options, step, lang, controls, theme }, frameTitle);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <div id={id} className={styles.panel} role="group" aria-label={tx('embedTitle')} onKeyDown={onKeyDown} data-testid="embed-panel">
      <p className={styles.heading}>{tx('embedTitle')}</p>
      <label className={styles.row}>
        <span>{tx('view')}</span>
        <select ref={first} value={chosen} onChange={(e) => setView(e.currentTarget.value)} data-testid="embed-view-select">
          {views.map((v) => (
            <option key={v.id} value={v.id}>
              {pick(v.title, lang)}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.row}>
        <input type="checkbox" checked={controls} onChange={(e) => setControls(e.currentTarget.checked)} data-testid="embed-controls" />
        <span>{tx('controls')}</span>
      </label>
      <label className={styles.row}>
        <span>{tx('theme')}</span>
        <select value={theme} onChange={(e) => setTheme(e.currentTarget.value === 'dark' ? 'dark' : 'light')} data-testid="embed-theme">
          <option value="light">{tx('light')}</option>
          <option value="dark">{tx('dark')}</option>
        </select>
      </label>
      <label className={styles.snippetLabel}>
        <span>{tx('snippet')}</span>
        <textarea ref={area} readOnly rows={4} value={snippet} className={styles.snippet} data-testid="embed-snippet" onFocus={(e) => e.currentTarget.select()} />
      </label>
      <div className={styles.actions}>
        <button
          type="button"
          className={styles.button}
          onClick={() => void copy(snippet, area.current).then((ok) => setCopied(ok ? 'copied' : 'failed'))}
          data-testid="embed-copy"
        >
          {tx('copy')}
        </button>
        <button type="button" className={styles.button} onClick={onClose}>
          {tx('close')}
        </button>
        <span role="status" className={styles.status} data-testid="embed-copy-status">
          {copied === 'copied' ? tx('copied') : copied === 'failed' ? tx('copyFailed') : ''}
        </span>
      </div>
    </div>
  );
}
