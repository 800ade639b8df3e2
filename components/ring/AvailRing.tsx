'use client';
/** The avail ring (driver area): flags, idx, ring[] of heads, used_event; markers for the driver's idx and vhost's last_avail_idx. */
import { useMemo } from 'react';
import { VRING_AVAIL_F_NO_INTERRUPT } from '@/engine/abi/virtio-ring';
import { hex } from '../format';
import { t } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { vqFrame, vqInfo } from '../store/kind-selectors';
import { HeaderField } from './HeaderField';
import type { Marker } from './Markers';
import { RingSlots } from './RingSlots';
import styles from './Ring.module.css';

/** The avail ring at the current step. */
export function AvailRing() {
  const lang = useExplainer((s) => s.lang);
  const dir = useExplainer((s) => vqInfo(s)?.dir ?? 'tx');
  const num = useExplainer((s) => vqInfo(s)?.ring.num ?? 0);
  const eventIdx = useExplainer((s) => vqInfo(s)?.ring.eventIdx ?? false);
  const slots = useExplainer((s) => vqFrame(s)?.avail);
  const header = useExplainer((s) => vqFrame(s)?.header);
  const touch = useExplainer((s) => vqFrame(s)?.touch);
  const chips = useExplainer((s) => vqFrame(s)?.chips);
  const lastAvail = useExplainer((s) => vqFrame(s)?.snapshot.device.lastAvailIdx ?? 0);

  const chipAt = useMemo(() => new Map((chips ?? []).filter((c) => c.place === 'avail').map((c) => [c.index, c])), [chips]);
  const touched = useMemo(() => new Set(touch?.avail ?? []), [touch]);
  if (!slots || !header || !touch) return null;
  const fields = new Set(touch.fields);
  const mask = num - 1;
  // Who points where: the driver writes avail->idx, vhost keeps last_avail_idx.
  const marker = (i: number): Marker[] => [
    ...(i === (header.availIdx & mask) ? [{ name: 'idx', side: 'guest' as const, title: t('markAvailIdx', lang) }] : []),
    ...(i === (lastAvail & mask) ? [{ name: 'last_avail', side: 'host' as const, title: t('markLastAvail', lang) }] : []),
  ];

  return (
    <div className={styles.part}>
      <div className={styles.partTitle}>{t('availRing', lang)}</div>
      <div className={styles.fields}>
        <HeaderField
          name="flags"
          value={header.availFlags & VRING_AVAIL_F_NO_INTERRUPT ? `${hex(header.availFlags)} NO_INTERRUPT` : hex(header.availFlags)}
          touched={fields.has('availFlags')}
          testId="avail-flags"
        />
        <HeaderField name="idx" value={String(header.availIdx)} touched={fields.has('availIdx')} testId="avail-idx" />
      </div>
      <RingSlots
        place="avail"
        columns={[{ name: 'head', note: 'colHead' }]}
        rows={slots}
        cells={(r) => [r.head]}
        touched={touched}
        chipAt={chipAt}
        markers={marker}
        dir={dir}
        lang={lang}
      />
      <div className={styles.fields}>
        <HeaderField
          name="used_event"
          value={String(header.usedEvent)}
          touched={fields.has('usedEvent')}
          dim={!eventIdx}
          note={eventIdx ? undefined : t('unusedWithoutEventIdx', lang)}
          testId="used-event"
        />
      </div>
    </div>
  );
}
