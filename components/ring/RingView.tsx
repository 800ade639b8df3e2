'use client';
/**
 * The split virtqueue as it sits in guest memory: descriptor table, avail
 * ring and used ring side by side, what the current beat touched lit up,
 * each chain in flight drawn as a chip that moves between the three parts,
 * and the indirect table when the beat concerns one.
 */
import { LayoutGroup } from 'framer-motion';
import { useMemo } from 'react';
import { scrollFocus } from '../a11y/scroll-focus';
import { hex } from '../format';
import { t } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { vqFrame, vqInfo } from '../store/kind-selectors';
import { Panel } from '../walkthrough/Panel';
import { AvailRing } from './AvailRing';
import type { ChainStage } from './chains';
import { DescTable } from './DescTable';
import styles from './Ring.module.css';
import { UsedRing } from './UsedRing';

const STAGES: readonly ChainStage[] = ['building', 'avail', 'device', 'heads', 'used', 'reclaiming', 'rejected'];

function MainTable() {
  const lang = useExplainer((s) => s.lang);
  const dir = useExplainer((s) => vqInfo(s)?.dir ?? 'tx');
  const rows = useExplainer((s) => vqFrame(s)?.desc);
  const touch = useExplainer((s) => vqFrame(s)?.touch);
  const chips = useExplainer((s) => vqFrame(s)?.chips);
  const freeHead = useExplainer((s) => {
    const f = vqFrame(s);
    return f && f.snapshot.driver.numFree > 0 ? f.snapshot.driver.freeHead : null;
  });
  const descChips = useMemo(() => (chips ?? []).filter((c) => c.place === 'desc'), [chips]);
  if (!rows || !touch) return null;
  return (
    <div className={styles.part} data-part="desc">
      <DescTable
        rows={rows}
        touched={touch.desc}
        error={touch.error}
        chips={descChips}
        freeHead={freeHead}
        dir={dir}
        lang={lang}
        testPrefix="desc-row"
        caption={t('descTable', lang)}
      />
    </div>
  );
}

function IndirectTable() {
  const lang = useExplainer((s) => s.lang);
  const dir = useExplainer((s) => vqInfo(s)?.dir ?? 'tx');
  const indirect = useExplainer((s) => vqFrame(s)?.indirect);
  const touch = useExplainer((s) => vqFrame(s)?.touch);
  const rows = useMemo(() => (indirect ? indirect.rows.map((row) => ({ kind: 'row' as const, row })) : []), [indirect]);
  if (!indirect || !touch) return null;
  return (
    <div className={styles.indirect} data-testid="indirect-table">
      <DescTable
        rows={rows}
        touched={touch.indirectRows}
        error={touch.error}
        chips={[]}
        freeHead={null}
        dir={dir}
        lang={lang}
        testPrefix="indirect-row"
        caption={`${t('indirectTable', lang)} @ ${hex(indirect.table)}`}
      />
    </div>
  );
}

function Legend() {
  const lang = useExplainer((s) => s.lang);
  return (
    <ul className={styles.legend} aria-label={t('chainStages', lang)}>
      {STAGES.map((stage) => (
        <li key={stage}>
          <span className={styles.swatch} data-stage={stage} aria-hidden="true" />
          {t(`stage_${stage}`, lang)}
        </li>
      ))}
    </ul>
  );
}

/** The ring panel. */
export function RingView() {
  const lang = useExplainer((s) => s.lang);
  const ring = useExplainer((s) => vqInfo(s)?.ring);
  const step = useExplainer((s) => vqFrame(s)?.step);
  const eventType = useExplainer((s) => vqFrame(s)?.event?.type ?? 'none');
  const print = useExplainer((s) => vqFrame(s)?.fingerprint ?? '');
  const aside = ring
    ? `${t('queue', lang === 'zh' ? 'zh' : 'en')} ${ring.queue} · num ${ring.num} · desc ${hex(ring.desc)} · avail ${hex(ring.avail)} · used ${hex(ring.used)}${ring.eventIdx ? ' · EVENT_IDX' : ''}${ring.indirect ? ' · INDIRECT_DESC' : ''}`
    : undefined;
  return (
    <Panel
      title={t('ring', lang)}
      testId="ring-view"
      anchor="ring"
      data-step={step}
      data-event={eventType}
      data-fingerprint={print}
      className={styles.panel}
    >
      {step === undefined ? (
        <p className={styles.loading}>{t('loading', lang)}</p>
      ) : (
        <LayoutGroup id="ring">
          <p className={styles.summary}>{aside}</p>
          <div className={styles.grid} ref={scrollFocus} role="group" aria-label={t('ring', lang)}>
            <MainTable />
            <AvailRing />
            <UsedRing />
          </div>
          <IndirectTable />
        </LayoutGroup>
      )}
      <Legend />
    </Panel>
  );
}
