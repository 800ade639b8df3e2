'use client';
/** The print page's one control that needs script: open the browser's print dialog. */
import type { LangMode } from '../i18n/ui-text';
import { xt } from './export-text';
import styles from './Print.module.css';

export function PrintButton({ mode }: { mode: LangMode }) {
  return (
    <button type="button" className={styles.button} onClick={() => window.print()} data-testid="print-button">
      {xt('printButton', mode)}
    </button>
  );
}
