'use client';
/**
 * The walkthrough's Embed button: a disclosure whose panel (EmbedPanel.tsx,
 * loaded on the first open) writes the iframe snippet for one diagram at the
 * step on screen. Enter or Space opens it; Escape or Close closes it and
 * gives focus back to the button.
 */
import dynamic from 'next/dynamic';
import { useId, useRef, useState } from 'react';
import { pick, type Bilingual } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { EMBED_TEXT } from './embed-text';
import styles from './EmbedButton.module.css';

const EmbedPanel = dynamic(() => import('./EmbedPanel'), { ssr: false });

export function EmbedButton({ title }: { title: Bilingual }) {
  const lang = useExplainer((s) => s.lang);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className={styles.wrap}>
      <button
        ref={button}
        type="button"
        className={styles.button}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
        data-testid="embed-button"
      >
        {pick(EMBED_TEXT.embed, lang)}
      </button>
      {open ? <EmbedPanel title={title} id={panelId} onClose={close} /> : null}
    </div>
  );
}
