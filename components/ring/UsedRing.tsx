'use client';
/** The used ring (device area): flags, idx, ring[] of {id, len}, avail_event; markers for vhost's idx and the driver's last_used_idx. */
import { memo, useMemo } from 'react';
import { VRING_USED_F_NO_NOTIFY } from '@/engine/abi/virtio-ring';
import { hex } from '../format';
import { t, type LangMode } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { ChainChip } from './ChainChip';
import type { Chip } from './frame-view';
import { HeaderField } from './HeaderField';
import { Markers, type Marker } from './Markers';
import styles from './Ring.module.css';

const Slot = memo(function Slot({
  i,
  id,
  len,
  touched,
  chip,
  markers,
  dir,
  lang,
}: {
  i: number;
  id: number;
  len: number;
  touched: boolean;
  chip: Chip | undefined;
  markers: readonly Marker[];
  dir: 'tx' | 'rx';
  lang: LangMode;
}) {
  return (
    <tr className={styles.row} data-testid={`used-slot-${i}`} data-id={id} data-touched={touched || undefined}>
      <td className={styles.pointers}>
        <Markers markers={markers} />
      </td>
      <th scope="row" className={styles.index}>
        {i}
      </th>
      <td className={styles.num}>{id}</td>
      <td className={styles.num}>{len}</td>
      <td className={styles.chipCell}>
        {chip ? <ChainChip chainKey={chip.key} head={chip.head} pkt={chip.pkt} stage={chip.stage} dir={dir} lang={lang} /> : null}
      </td>
    </tr>
  );
});

/** The used ring at the current step. */
export function UsedRing() {
  const lang = useExplainer((s) => s.lang);
  const dir = useExplainer((s) => s.info?.dir ?? 'tx');
  const num = useExplainer((s) => s.info?.ring.num ?? 0);
  const eventIdx = useExplainer((s) => s.info?.ring.eventIdx ?? false);
  const slots = useExplainer((s) => s.frame?.used);
  const header = useExplainer((s) => s.frame?.header);
  const touch = useExplainer((s) => s.frame?.touch);
  const chips = useExplainer((s) => s.frame?.chips);
  const lastUsed = useExplainer((s) => s.frame?.snapshot.driver.lastUsedIdx ?? 0);

  const chipAt = useMemo(() => new Map((chips ?? []).filter((c) => c.place === 'used').map((c) => [c.index, c])), [chips]);
  const touched = useMemo(() => new Set(touch?.used ?? []), [touch]);
  if (!slots || !header || !touch) return null;
  const fields = new Set(touch.fields);
  const mask = num - 1;
  // Who points where: vhost writes used->idx, the driver keeps last_used_idx.
  const marker = (i: number): Marker[] => [
    ...(i === (header.usedIdx & mask) ? [{ name: 'idx', side: 'host' as const, title: 'used->idx (vhost: next slot to fill)' }] : []),
    ...(i === (lastUsed & mask) ? [{ name: 'last_used', side: 'guest' as const, title: 'driver last_used_idx (next slot to reclaim)' }] : []),
  ];

  return (
    <div className={styles.part}>
      <div className={styles.partTitle}>{t('usedRing', lang)}</div>
      <div className={styles.fields}>
        <HeaderField
          name="flags"
          value={header.usedFlags & VRING_USED_F_NO_NOTIFY ? `${hex(header.usedFlags)} NO_NOTIFY` : hex(header.usedFlags)}
          touched={fields.has('usedFlags')}
          testId="used-flags"
        />
        <HeaderField name="idx" value={String(header.usedIdx)} touched={fields.has('usedIdx')} testId="used-idx" />
      </div>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col" className={styles.pointers}>
              <span className="visually-hidden">pointers</span>
            </th>
            <th scope="col">ring[]</th>
            <th scope="col">id</th>
            <th scope="col">len</th>
            <th scope="col" className={styles.chipCell}>
              <span className="visually-hidden">chain</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {slots.map((r) =>
            r.kind === 'gap' ? (
              <tr key={`gap-${r.from}`} className={styles.gap}>
                <td colSpan={5}>
                  ⋯ {r.to - r.from + 1} {t('entriesHidden', lang)}
                </td>
              </tr>
            ) : (
              <Slot
                key={r.row.i}
                i={r.row.i}
                id={r.row.id}
                len={r.row.len}
                touched={touched.has(r.row.i)}
                chip={chipAt.get(r.row.i)}
                markers={marker(r.row.i)}
                dir={dir}
                lang={lang}
              />
            ),
          )}
        </tbody>
      </table>
      <div className={styles.fields}>
        <HeaderField
          name="avail_event"
          value={String(header.availEvent)}
          touched={fields.has('availEvent')}
          dim={!eventIdx}
          note={eventIdx ? undefined : t('unusedWithoutEventIdx', lang)}
          testId="avail-event"
        />
      </div>
    </div>
  );
}
