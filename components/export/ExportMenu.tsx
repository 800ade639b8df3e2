'use client';
/**
 * The walkthrough's Export control: a disclosure button that opens a small
 * panel listing every view on the page (whatever the scenario shows) with
 * SVG and PNG downloads at the current step, the whole walkthrough's
 * Markdown transcript, and the print view. The work is done by modules
 * loaded on first use (snapshot-svg.ts, transcript.ts), so the page's
 * first-load JavaScript carries only this button. Escape closes the panel
 * and gives focus back to the button.
 */
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { htmlLang, langsOf, type Bilingual } from '../i18n/ui-text';
import { useExplainer, useExplainerStoreApi } from '../store/ExplainerStoreProvider';
import { xt } from './export-text';
import styles from './ExportMenu.module.css';

/** A view on the page that can be exported: its panel's test id and its heading. */
interface View {
  id: string;
  name: string;
}

/** The views of the walkthrough: every titled panel in its main area. */
function viewsOn(root: ParentNode): View[] {
  return Array.from(root.querySelectorAll<HTMLElement>('main section[data-testid]'))
    .filter((s) => s.querySelector(':scope > header h2'))
    .map((s) => ({ id: s.dataset.testid!, name: s.querySelector(':scope > header h2')!.textContent?.trim() ?? s.dataset.testid! }));
}

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'failed'; text: string };

export function ExportMenu({ title }: { title: Bilingual }) {
  const lang = useExplainer((s) => s.lang);
  const scenario = useExplainer((s) => s.scenario);
  const ready = useExplainer((s) => s.frame !== null && s.info !== null);
  const options = useExplainer((s) => s.request.options);
  const store = useExplainerStoreApi();
  const [open, setOpen] = useState(false);
  const [views, setViews] = useState<View[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();

  const close = useCallback((focus: boolean) => {
    setOpen(false);
    if (focus) button.current?.focus();
  }, []);

  // A pointer press outside the open panel closes it.
  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!panel.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close(true);
    }
  };

  const run = async (what: () => Promise<string>) => {
    setStatus({ kind: 'busy' });
    try {
      const file = await what();
      setStatus({ kind: 'done', text: xt('exportDone', lang, { file }) });
    } catch (err) {
      setStatus({ kind: 'failed', text: xt('exportFailed', lang, { reason: err instanceof Error ? err.message : String(err) }) });
    }
  };

  const exportView = (view: View, format: 'svg' | 'png') =>
    run(async () => {
      const el = document.querySelector(`main section[data-testid="${CSS.escape(view.id)}"]`);
      if (!el) throw new Error(view.name);
      const [{ snapshotSvg, svgToPng, download }, { exportFileName }] = await Promise.all([import('./snapshot-svg'), import('./transcript')]);
      const snap = snapshotSvg(el);
      const step = store.getState().frame?.step ?? 0;
      const name = exportFileName(scenario, view.id, format, step);
      download(format === 'svg' ? new Blob([snap.svg], { type: 'image/svg+xml' }) : await svgToPng(snap), name);
      return name;
    });

  const exportTranscript = () =>
    run(async () => {
      const s = store.getState();
      if (!s.info) throw new Error(xt('exportNotReady', lang));
      const [{ buildTranscript, transcriptMarkdown, exportFileName }, { download }] = await Promise.all([import('./transcript'), import('./snapshot-svg')]);
      const link = `${location.origin}${location.pathname}${printQuery(s.request.options, null)}`;
      const md = transcriptMarkdown(buildTranscript({ scenario, title, info: s.info, trace: s.trace, link }), s.lang);
      const name = exportFileName(scenario, `transcript-${s.lang}`, 'md');
      download(new Blob([md], { type: 'text/markdown;charset=utf-8' }), name);
      return name;
    });

  const busy = status.kind === 'busy';
  return (
    <div className={styles.wrap} onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        className={styles.button}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={xt('exportMenu', lang)}
        onClick={() => {
          // The list is read as the panel opens: the views the page shows now.
          if (!open) {
            setViews(viewsOn(document));
            setStatus({ kind: 'idle' });
          }
          setOpen(!open);
        }}
        data-testid="export-button"
      >
        {xt('export', lang)}
      </button>
      <div ref={panel} id={panelId} className={styles.panel} hidden={!open} role="group" aria-label={xt('exportMenu', lang)} data-testid="export-panel">
        {open ? (
          <>
            <h2 className={styles.head}>{xt('exportDiagrams', lang)}</h2>
            {!ready ? <p className={styles.note}>{xt('exportNotReady', lang)}</p> : null}
            {ready && views.length === 0 ? <p className={styles.note}>{xt('exportNoDiagrams', lang)}</p> : null}
            <ul className={styles.views}>
              {views.map((v) => (
                <li key={v.id} className={styles.view} data-view={v.id}>
                  <span className={styles.name}>{v.name}</span>
                  {(['svg', 'png'] as const).map((f) => (
                    <button
                      key={f}
                      type="button"
                      className={styles.format}
                      disabled={!ready || busy}
                      onClick={() => void exportView(v, f)}
                      aria-label={xt(f === 'svg' ? 'exportSvgOf' : 'exportPngOf', lang, { name: v.name })}
                      data-testid={`export-${f}-${v.id}`}
                    >
                      {xt(f === 'svg' ? 'exportSvg' : 'exportPng', lang)}
                    </button>
                  ))}
                </li>
              ))}
            </ul>
            <div className={styles.whole}>
              <button type="button" className={styles.format} disabled={!ready || busy} onClick={() => void exportTranscript()} data-testid="export-transcript">
                {xt('exportTranscript', lang)}
              </button>
              <span className={styles.note}>{xt('exportTranscriptNote', lang)}</span>
            </div>
            <div className={styles.whole}>
              <a className={styles.link} href={`/walkthrough/${scenario}/print${printQuery(options, lang)}`} data-testid="export-print">
                {xt('exportPrint', lang)}
              </a>
              <span className={styles.note}>{xt('exportPrintNote', lang)}</span>
            </div>
            <p className={styles.status} role="status" data-testid="export-status" data-status={status.kind}>
              {status.kind === 'done' || status.kind === 'failed'
                ? langsOf(lang).length > 1
                  ? status.text
                  : <span lang={htmlLang(langsOf(lang)[0]!)}>{status.text}</span>
                : null}
            </p>
            <button type="button" className={styles.close} onClick={() => close(true)}>
              {xt('close', lang)}
            </button>
          </>
        ) : null}
      </div>
    </div>
  );
}

/** The query of the walkthrough's options (and language) for the print page and the transcript's link. */
function printQuery(options: Record<string, string>, lang: string | null): string {
  const q = new URLSearchParams(options);
  if (lang) q.set('lang', lang);
  const s = q.toString();
  return s ? `?${s}` : '';
}
