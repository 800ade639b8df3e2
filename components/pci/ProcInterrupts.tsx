'use client';
/**
 * The guest's /proc/interrupts lines for the function, as the trace so far
 * made them (proc-interrupts.ts): IRQ number, count on CPU0, chip, hwirq and
 * flow, and the name the driver gave request_irq.
 */
import { scrollFocus } from '../a11y/scroll-focus';
import { t } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { pciFrame } from '../store/kind-selectors';
import { Panel } from '../walkthrough/Panel';
import styles from './Pci.module.css';

/** The /proc/interrupts panel (PCI scenarios). */
export function ProcInterrupts() {
  const lang = useExplainer((s) => s.lang);
  const irqs = useExplainer((s) => pciFrame(s)?.irqs);
  const event = useExplainer((s) => pciFrame(s)?.event ?? null);
  const lit = event?.type === 'guest_irq_entry' ? event.f.entry : event?.type === 'request_irq' ? event.f.vector : undefined;
  return (
    <Panel title={t('procInterrupts', lang)} testId="proc-interrupts" data-count={irqs?.length ?? 0}>
      {!irqs ? (
        <p className={styles.note}>{t('loading', lang)}</p>
      ) : irqs.length === 0 ? (
        <p className={styles.note}>{t('noIrqs', lang)}</p>
      ) : (
        <div className={styles.scroll} ref={scrollFocus} role="group" aria-label={t('procInterrupts', lang)}>
          <table className={styles.table}>
            <caption>{t('procCaption', lang)}</caption>
            <thead>
              <tr>
                <th scope="col" title={t('colIrq', lang)} className={styles.right}>
                  IRQ
                </th>
                <th scope="col" title={t('colCpu0', lang)} className={styles.right}>
                  CPU0
                </th>
                <th scope="col" title={t('colChip', lang)}>
                  chip
                </th>
                <th scope="col" title={t('colHwirq', lang)}>
                  hwirq
                </th>
                <th scope="col" title={t('colIrqName', lang)}>
                  name
                </th>
              </tr>
            </thead>
            <tbody>
              {irqs.map((l) => (
                <tr key={l.irq} data-testid="proc-irq" data-name={l.name} data-count={l.count} data-touched={lit !== undefined && lit === l.entry ? true : undefined}>
                  <th scope="row" className={styles.right}>
                    {l.irq}:
                  </th>
                  <td className={styles.right}>{l.count}</td>
                  <td>{l.chip}</td>
                  <td>{l.hwirq}</td>
                  <td>{l.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
