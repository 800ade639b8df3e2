'use client';
/**
 * Each interrupt the function can raise as a chain of hops (route-hops.ts):
 * call eventfd → irqfd → GSI route → MSI → LAPIC vector → handler under KVM
 * with MSI-X; through QEMU's main loop, virtio_irq, the ISR and INTx
 * otherwise. As the beat moves along a chain, its hop lights up and the hops
 * behind it stay marked as passed. Colours change without motion, so there
 * is nothing to reduce.
 */
import { t, type LangMode, type UiKey } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { pciFrame } from '../store/kind-selectors';
import { Panel } from '../walkthrough/Panel';
import type { HopAt, RouteChain } from './route-hops';
import styles from './Pci.module.css';

function Chain({ chain, at, lang }: { chain: RouteChain; at: HopAt | null; lang: LangMode }) {
  const here = at && at.key === chain.key ? chain.hops.findIndex((h) => h.id === at.hop) : -1;
  const title = chain.entry === null ? `INTx` : `MSI-X ${t('colEntry', lang)} ${chain.entry}`;
  return (
    <li data-testid={`route-${chain.key}`} data-active-hop={here >= 0 ? chain.hops[here]!.id : undefined}>
      <p className={styles.chainHead}>
        {title} · <code>{chain.users.join(', ')}</code>
      </p>
      <ol className={styles.hops} aria-label={`${t('irqRoute', lang)}: ${title}`}>
        {chain.hops.map((h, i) => {
          const state = i === here ? 'here' : i < here ? 'passed' : undefined;
          return (
            <li key={h.id} className={styles.hopItem} aria-current={state === 'here' ? 'step' : undefined}>
              {/* The arrow goes with the hop it points at, so a wrapped chain never ends in a dangling arrow. */}
              {i > 0 ? (
                <span className={styles.arrow} aria-hidden="true">
                  →
                </span>
              ) : null}
              <span className={styles.hop} data-hop={h.id} data-state={state} data-missing={h.value === null || undefined}>
                <span className={styles.hopName}>{t(`hop_${h.id}` as UiKey, lang)}</span>
                <span className={styles.hopValue}>{h.value ?? '—'}</span>
                {state === 'here' ? <span className="visually-hidden">{t('hopHere', lang)}</span> : null}
              </span>
            </li>
          );
        })}
      </ol>
      {here >= 0 && at?.held ? (
        <p className={styles.held} data-testid="route-held">
          {t(at.held === 'pba' ? 'heldPba' : 'heldMasked', lang)}
        </p>
      ) : null}
    </li>
  );
}

/** The interrupt route panel (PCI scenarios). */
export function IrqRoute() {
  const lang = useExplainer((s) => s.lang);
  const chains = useExplainer((s) => pciFrame(s)?.chains);
  const at = useExplainer((s) => pciFrame(s)?.hop ?? null);
  const step = useExplainer((s) => pciFrame(s)?.step);
  return (
    <Panel title={t('irqRoute', lang)} testId="irq-route" data-step={step} data-hop={at ? `${at.key}:${at.hop}` : undefined}>
      {!chains ? (
        <p className={styles.note}>{t('loading', lang)}</p>
      ) : chains.length === 0 ? (
        <p className={styles.note}>{t('noRoute', lang)}</p>
      ) : (
        <>
          <p className={styles.note}>{t('irqRouteLead', lang)}</p>
          <ul className={styles.chains}>
            {chains.map((c) => (
              <Chain key={c.key} chain={c} at={at} lang={lang} />
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}
