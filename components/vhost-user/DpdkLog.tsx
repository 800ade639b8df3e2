'use client';
/**
 * DPDK's log so far, exactly as that era's vhost library prints it
 * (VHOST_CONFIG lines), one line per row, monospace, levels coloured, the
 * line of the current step lit; QEMU's own lines can be interleaved where
 * they were printed. "Copy" puts the lines shown on the clipboard.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { scrollFocus } from '../a11y/scroll-focus';
import { t } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { vuFrame } from '../store/kind-selectors';
import { Panel } from '../walkthrough/Panel';
import { logAt, logOf, logText } from './log-index';
import styles from './VhostUser.module.css';

type CopyState = 'idle' | 'copied' | 'failed';

export function DpdkLog() {
  const lang = useExplainer((s) => s.lang);
  const trace = useExplainer((s) => s.trace);
  const step = useExplainer((s) => vuFrame(s)?.step ?? 0);
  const [withQemu, setWithQemu] = useState(false);
  // What the last copy did, and for which view of the log: once the log moves on, the button reads "Copy" again.
  const [copied, setCopied] = useState<{ state: CopyState; view: string }>({ state: 'idle', view: '' });
  const lines = useMemo(() => logAt(logOf(trace), step, withQemu), [trace, step, withQemu]);
  const box = useRef<HTMLOListElement | null>(null);
  const boxRef = useCallback((el: HTMLOListElement | null) => {
    box.current = el;
    return scrollFocus(el);
  }, []);

  // The newest line stays in view as the log grows.
  useEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines.length]);

  const view = `${step}:${withQemu}`;
  const copy: CopyState = copied.view === view ? copied.state : 'idle';
  const onCopy = () => {
    const text = logText(lines);
    // No clipboard API outside a secure context: say so rather than throw.
    if (!navigator.clipboard) return setCopied({ state: 'failed', view });
    navigator.clipboard.writeText(text).then(
      () => setCopied({ state: 'copied', view }),
      () => setCopied({ state: 'failed', view }),
    );
  };

  const tools = (
    <div className={styles.logTools}>
      <label>
        <input type="checkbox" checked={withQemu} onChange={(e) => setWithQemu(e.currentTarget.checked)} data-testid="vu-log-qemu" /> {t('withQemuLog', lang)}
      </label>
      <button type="button" className={styles.button} onClick={onCopy} disabled={lines.length === 0} data-testid="vu-log-copy">
        {copy === 'copied' ? t('copiedLog', lang) : copy === 'failed' ? t('copyFailed', lang) : t('copyLog', lang)}
      </button>
    </div>
  );
  return (
    <Panel title={t('dpdkLog', lang)} testId="vu-log" data-lines={lines.length}>
      {tools}
      {lines.length === 0 ? (
        <p className={styles.note}>{t('logEmpty', lang)}</p>
      ) : (
        <ol className={styles.log} ref={boxRef} aria-label={t('logCaption', lang)}>
          {lines.map((l, i) => (
            <li key={i} className={styles.logLine} data-testid="vu-log-line" data-source={l.source} data-level={l.level} data-current={l.step === step || undefined}>
              {l.text}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
