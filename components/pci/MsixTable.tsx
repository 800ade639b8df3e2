'use client';
/**
 * The MSI-X table and its Pending Bit Array, from the arena: one row per
 * entry with the four dwords as hex, the decoded destination and vector, the
 * mask and pending bits, and who uses the entry (the config vector, the
 * queues); the function-wide MSI-X Enable and Function Mask above it. The
 * row of the entry this beat reads, writes, masks or raises is lit.
 */
import { hex } from '../format';
import { t, type LangMode } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { pciFrame, pciInfo } from '../store/kind-selectors';
import { Panel } from '../walkthrough/Panel';
import { scrollFocus } from '../a11y/scroll-focus';
import styles from './Pci.module.css';

const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

function Flag({ on, kind, lang }: { on: boolean; kind: 'masked' | 'pending'; lang: LangMode }) {
  return (
    <span className={styles.flag} data-kind={kind} data-on={on || undefined}>
      {t(on ? 'yes' : 'no', lang)}
    </span>
  );
}

/** The MSI-X table panel (PCI scenarios). */
export function MsixTable() {
  const lang = useExplainer((s) => s.lang);
  const msix = useExplainer((s) => pciInfo(s)?.fn.msix ?? null);
  const hasInfo = useExplainer((s) => pciInfo(s) !== null);
  const rows = useExplainer((s) => pciFrame(s)?.msix);
  const live = useExplainer((s) => pciFrame(s)?.snapshot.msix ?? null);
  const touched = useExplainer((s) => pciFrame(s)?.touch.entry ?? null);
  const step = useExplainer((s) => pciFrame(s)?.step);
  const aside = msix ? `BAR${msix.bar} +${hex(msix.tableOff)} · PBA +${hex(msix.pbaOff)} · ${msix.entries}` : undefined;
  return (
    <Panel title={t('msixTable', lang)} aside={aside ? <code>{aside}</code> : undefined} testId="msix-table" data-step={step} data-touched-entry={touched ?? undefined}>
      {!hasInfo || !rows ? (
        <p className={styles.note}>{t('loading', lang)}</p>
      ) : !msix ? (
        <p className={styles.note}>{t('noMsix', lang)}</p>
      ) : (
        <>
          <dl className={styles.bits}>
            <div data-testid="msix-enable" data-on={live?.enabled || undefined}>
              <dt>{t('msixEnable', lang)}</dt>
              <dd>{t(live?.enabled ? 'bitOn' : 'bitOff', lang)}</dd>
            </div>
            <div data-testid="msix-function-mask" data-on={live?.functionMasked || undefined}>
              <dt>{t('functionMask', lang)}</dt>
              <dd>{t(live?.functionMasked ? 'bitOn' : 'bitOff', lang)}</dd>
            </div>
          </dl>
          <div className={styles.scroll} ref={scrollFocus} role="group" aria-label={t('msixTable', lang)}>
            <table className={styles.table}>
              <caption>{t('msixTableCaption', lang)}</caption>
              <thead>
                <tr>
                  <th scope="col" title={t('colEntry', lang)}>
                    {t('colEntry', lang)}
                  </th>
                  <th scope="col" title={t('colAddrLo', lang)}>
                    addr_lo
                  </th>
                  <th scope="col" title={t('colAddrHi', lang)}>
                    addr_hi
                  </th>
                  <th scope="col" title={t('colData', lang)}>
                    data
                  </th>
                  <th scope="col" title={t('colCtrl', lang)}>
                    ctrl
                  </th>
                  <th scope="col" title={t('colDest', lang)}>
                    {t('colDestShort', lang)}
                  </th>
                  <th scope="col" title={t('colVector', lang)}>
                    {t('colVectorShort', lang)}
                  </th>
                  <th scope="col" title={t('colMasked', lang)}>
                    {t('colMaskedShort', lang)}
                  </th>
                  <th scope="col" title={t('colPending', lang)}>
                    {t('colPendingShort', lang)}
                  </th>
                  <th scope="col" title={t('colUsers', lang)}>
                    {t('colUsersShort', lang)}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr
                    key={r.entry}
                    data-testid={`msix-row-${r.entry}`}
                    data-touched={r.entry === touched || undefined}
                    data-masked={r.masked}
                    data-pending={r.pending}
                    data-users={r.users.length ? r.users.join(' ') : 'none'}
                  >
                    <th scope="row">{r.entry}</th>
                    <td>{hex8(r.addressLo)}</td>
                    <td>{hex8(r.addressHi)}</td>
                    <td>{hex8(r.data)}</td>
                    <td>{hex8(r.ctrl)}</td>
                    <td>{r.msi ? r.destId : '—'}</td>
                    <td>{r.msi ? hex(r.vector) : '—'}</td>
                    <td>
                      <Flag on={r.masked} kind="masked" lang={lang} />
                    </td>
                    <td>
                      <Flag on={r.pending} kind="pending" lang={lang} />
                    </td>
                    <td>{r.users.length ? r.users.join(', ') : t('unused', lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Panel>
  );
}
