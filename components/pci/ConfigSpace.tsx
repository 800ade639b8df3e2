'use client';
/**
 * The function's configuration space: the 256 bytes as a hex grid (16 a
 * row) with the standard header and each capability shaded, the capability
 * list in walk order (COMMON, NOTIFY, ISR, DEVICE, PCI_CFG, MSI-X), the
 * bytes this beat read or wrote lit; the device status byte decoded; and the
 * ladder of vector allocation tries vp_find_vqs has been down so far.
 */
import { useMemo } from 'react';
import { scrollFocus } from '../a11y/scroll-focus';
import { hex, hexByte } from '../format';
import { t, type UiKey } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { pciFrame, pciInfo } from '../store/kind-selectors';
import { Panel } from '../walkthrough/Panel';
import { CONFIG_SIZE, capFields, configFields, statusNames, type ConfigField } from './config-space';
import styles from './Pci.module.css';

const COLS = Array.from({ length: 16 }, (_, i) => i);
const ROWS = Array.from({ length: CONFIG_SIZE / 16 }, (_, i) => i * 16);

function Ladder() {
  const lang = useExplainer((s) => s.lang);
  const ladder = useExplainer((s) => pciFrame(s)?.ladder);
  if (!ladder) return null;
  return (
    <>
      <h3 className={styles.sub}>{t('fallbackLadder', lang)}</h3>
      <ol className={styles.ladder} data-testid="fallback-ladder">
        {ladder.map((r) => (
          <li key={r.policy} data-state={r.state} data-policy={r.policy}>
            <strong>{t(`rung_${r.policy}` as UiKey, lang)}</strong>
            {r.vectors !== null ? <code>{`pci_alloc_irq_vectors(${r.vectors}) · table ${r.tableSize}`}</code> : null}
            <span>
              {t(`state_${r.state}` as UiKey, lang)}
              {r.errno ? ` (-${r.errno})` : ''}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}

/** The configuration space panel (PCI scenarios). */
export function ConfigSpace() {
  const lang = useExplainer((s) => s.lang);
  const info = useExplainer(pciInfo);
  const config = useExplainer((s) => pciFrame(s)?.config);
  const touched = useExplainer((s) => pciFrame(s)?.touch.config ?? null);
  const status = useExplainer((s) => pciFrame(s)?.snapshot.status);
  const step = useExplainer((s) => pciFrame(s)?.step);
  // Which field each byte belongs to (cheap: 256 bytes, once per frame).
  const fieldOf = useMemo(() => {
    const out: Array<ConfigField | undefined> = new Array(CONFIG_SIZE);
    if (!info || !config) return out;
    for (const f of configFields(info, config)) for (let o = f.off; o < f.off + f.len && o < CONFIG_SIZE; o++) out[o] = f;
    return out;
  }, [info, config]);
  const caps = useMemo(() => (info && config ? capFields(info, config) : []), [info, config]);
  const inTouch = (o: number) => touched !== null && o >= touched.off && o < touched.off + touched.len;
  const names = status === undefined ? [] : statusNames(status);
  return (
    <Panel title={t('configSpace', lang)} aside={info ? <code>{`${info.fn.name} ${info.fn.bdf}`}</code> : undefined} testId="config-space" data-step={step}>
      {!info || !config ? (
        <p className={styles.note}>{t('loading', lang)}</p>
      ) : (
        <>
          <dl className={styles.bits}>
            <div data-testid="device-status" data-status={status}>
              <dt>{t('deviceStatus', lang)}</dt>
              <dd>
                {hex(status ?? 0)} {names.length ? names.join(' | ') : t('statusReset', lang)}
              </dd>
            </div>
          </dl>
          <div className={styles.twoCol}>
            <div className={styles.scroll} ref={scrollFocus} role="group" aria-label={t('configSpace', lang)}>
              <table className={styles.grid}>
                <caption className="visually-hidden">{t('configCaption', lang)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('offset', lang)}</th>
                    {COLS.map((c) => (
                      <th key={c} scope="col">
                        {c.toString(16)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {ROWS.map((row) => (
                    <tr key={row}>
                      <th scope="row">{row.toString(16).padStart(2, '0')}</th>
                      {COLS.map((c) => {
                        const o = row + c;
                        const f = fieldOf[o];
                        return (
                          <td key={c} title={f ? `${hex(o)} ${f.label}` : hex(o)} data-kind={f?.kind} data-cap-start={f?.kind === 'cap' && f.off === o ? true : undefined} data-touched={inTouch(o) || undefined}>
                            {hexByte(config[o] ?? 0)}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div>
              <h3 className={styles.sub}>{t('capList', lang)}</h3>
              <ol className={styles.caps} data-testid="cap-list">
                <li>cap ptr {hex(config[0x34] ?? 0)}</li>
                {caps.map((c) => (
                  <li key={c.off} data-touched={touched !== null && touched.off >= c.off && touched.off < c.off + c.len ? true : undefined}>
                    {hex(c.off)} {c.label}
                  </li>
                ))}
              </ol>
              <Ladder />
            </div>
          </div>
        </>
      )}
    </Panel>
  );
}
