'use client';
/**
 * The byte inspector: one message's exact bytes (16 a row, with offsets)
 * beside its decoded fields — the header (request, flags, size) and the
 * payload member the request uses — and the fds that travelled with it: the
 * sender's numbers, the receiver's new ones, and what each refers to.
 * Hovering a byte lights its field and hovering or focusing a field lights
 * its bytes. It shows the message picked in the sequence, or else the one
 * of the current step.
 */
import { useMemo, useState } from 'react';
import type { Lang } from '@/content/types';
import { fromHex } from '@/engine/vhost-user/wire';
import { scrollFocus } from '../a11y/scroll-focus';
import { hexByte } from '../format';
import { inMode, t, t1, type LangMode, type UiKey } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import { fdMeanings, type FdMeaning } from './fd-meaning';
import { messageFields, type MessageFields } from './field-map';
import { messageLabel, receivedFds } from './row-labels';
import { inspectedMessage, messageStage, type MessageRow } from './sequence-model';
import { useVuSelection } from './selection';
import { useSequenceAt, useSequenceModel } from './use-sequence';
import styles from './VhostUser.module.css';

const BYTES_PER_ROW = 16;

function fdText(m: FdMeaning, lang: Lang): string {
  const what = t1(`fd_${m.what}` as UiKey, lang);
  return m.index === null ? what : `${what} ${m.index}`;
}

function HexDump({ bytes, map, lit, onHover, label }: { bytes: Uint8Array; map: MessageFields; lit: number | null; onHover: (field: number | null) => void; label: string }) {
  const rows: number[] = [];
  for (let off = 0; off < bytes.length; off += BYTES_PER_ROW) rows.push(off);
  return (
    <pre className={styles.hex} ref={scrollFocus} role="group" aria-label={label} data-testid="vu-hex" onMouseLeave={() => onHover(null)}>
      {rows.map((off) => (
        <span key={off} className={styles.hexRow}>
          <span className={styles.hexOff}>{off.toString(16).padStart(4, '0')}</span>
          {Array.from(bytes.subarray(off, off + BYTES_PER_ROW), (b, i) => {
            const at = off + i;
            const field = map.owner[at] ?? -1;
            return (
              <span
                key={at}
                className={styles.byte}
                data-byte={at}
                data-field={field >= 0 ? map.fields[field]!.key : undefined}
                data-group={field >= 0 ? map.fields[field]!.group : undefined}
                data-lit={(lit !== null && field === lit) || undefined}
                onMouseEnter={() => onHover(field >= 0 ? field : null)}
              >
                {hexByte(b)}
              </span>
            );
          })}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

function FieldTable({ map, lit, onHover, lang }: { map: MessageFields; lit: number | null; onHover: (field: number | null) => void; lang: LangMode }) {
  return (
    <div className={styles.scroll} ref={scrollFocus}>
      <table className={styles.table} data-testid="vu-fields">
        <caption>{t('inspectorFields', lang)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colOffset', lang)}</th>
            <th scope="col">{t('colField', lang)}</th>
            <th scope="col">{t('colValue', lang)}</th>
          </tr>
        </thead>
        <tbody onMouseLeave={() => onHover(null)}>
          {map.fields.map((f, i) => (
            <tr
              key={f.key}
              className={styles.fieldRow}
              data-field={f.key}
              data-group={f.group}
              data-lit={lit === i || undefined}
              tabIndex={0}
              onMouseEnter={() => onHover(i)}
              onFocus={() => onHover(i)}
              onBlur={() => onHover(null)}
            >
              <td>
                {f.start}
                {f.len > 1 ? `–${f.start + f.len - 1}` : ''}
              </td>
              <th scope="row">{f.name}</th>
              <td>
                {f.value}
                {f.bits && f.bits.length ? <span className={styles.bits}>{f.bits.join(' | ')}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FdTable({ row, bytes, step, lang }: { row: MessageRow; bytes: Uint8Array; step: number; lang: LangMode }) {
  const got = receivedFds(row, step);
  const meanings = useMemo(() => fdMeanings(bytes, row.sendFds.length, { from: row.from, reply: row.reply }), [bytes, row]);
  const receiver = row.to === 'qemu' ? 'QEMU' : 'DPDK';
  const sender = row.from === 'qemu' ? 'QEMU' : 'DPDK';
  return (
    <div className={styles.fds}>
      {row.sendFds.length === 0 ? (
        <p className={styles.note}>{t('fdNone', lang)}</p>
      ) : (
        <div className={styles.scroll} ref={scrollFocus}>
          <table className={styles.table} data-testid="vu-fds">
            <caption>{t('fdsPassed', lang)}</caption>
            <thead>
              <tr>
                <th scope="col">
                  {t('fdSender', lang)} ({sender})
                </th>
                <th scope="col">
                  {t('fdReceiver', lang)} ({receiver})
                </th>
                <th scope="col">{t('fdRefersTo', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {row.sendFds.map((fd, i) => (
                <tr key={i} data-testid="vu-fd" data-send={fd} data-recv={got?.[i] ?? undefined}>
                  <td>{fd}</td>
                  <td>{got?.[i] ?? t('fdNotRead', lang)}</td>
                  <td>{meanings[i] ? inMode(lang, (l) => fdText(meanings[i]!, l)) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function Inspected({ row, step, lang }: { row: MessageRow; step: number; lang: LangMode }) {
  const bytes = useMemo(() => fromHex(row.hex) ?? new Uint8Array(0), [row.hex]);
  const map = useMemo(() => messageFields(bytes, { from: row.from, reply: row.reply }), [bytes, row.from, row.reply]);
  const [lit, setLit] = useState<number | null>(null);
  const stage = messageStage(row, step);
  return (
    <div data-testid="vu-inspected" data-msg={row.msg} data-request={row.name} data-stage={stage}>
      <p className={styles.inspectorHead}>{inMode(lang, (l) => messageLabel(row, l, step))}</p>
      <p className={styles.note}>
        {t(`vuStage_${stage}` as UiKey, lang)}
        {row.rejected && stage === 'rejected' ? ` (${row.rejected.error}): ${t(row.rejected.closes ? 'vuRejectCloses' : 'vuRejectNack', lang)}` : ''}
        {row.fault ? ` · ${t('vuFault', lang)} (${row.fault})` : ''}
      </p>
      {map.problems.length ? (
        <ul className={styles.problems} data-testid="vu-problems">
          {map.problems.map((p) => (
            <li key={p}>{t(`problem_${p}` as UiKey, lang)}</li>
          ))}
        </ul>
      ) : null}
      <div className={styles.inspectorBody}>
        <HexDump bytes={bytes} map={map} lit={lit} onHover={setLit} label={t('inspectorHex', lang)} />
        <FieldTable map={map} lit={lit} onHover={setLit} lang={lang} />
      </div>
      <FdTable row={row} bytes={bytes} step={step} lang={lang} />
    </div>
  );
}

/** The byte inspector panel. */
export function ByteInspector() {
  const lang = useExplainer((s) => s.lang);
  const step = useExplainer((s) => s.frame?.step ?? 0);
  const model = useSequenceModel();
  const at = useSequenceAt();
  const { pinned, pin } = useVuSelection();
  const row = model && at ? inspectedMessage(model, at, pinned) : null;
  const following = pinned === null || row?.msg !== pinned;
  const aside = !following ? (
    <button type="button" className={styles.button} onClick={() => pin(null)} data-testid="vu-follow">
      {t('inspectorFollow', lang)}
    </button>
  ) : undefined;
  return (
    <Panel title={t('byteInspector', lang)} aside={aside} testId="vu-inspector" data-msg={row?.msg} data-pinned={!following || undefined}>
      {/* Announce a message the reader picked (not every step's, which would talk over the prose). */}
      <span className={styles.srOnly} aria-live="polite">
        {!following && row ? `${t('inspectorPinned', lang)}: ${inMode(lang, (l) => messageLabel(row, l, step))}` : ''}
      </span>
      {row ? <Inspected key={row.msg} row={row} step={step} lang={lang} /> : <p className={styles.note}>{model ? t('inspectorPick', lang) : t('loading', lang)}</p>}
    </Panel>
  );
}
