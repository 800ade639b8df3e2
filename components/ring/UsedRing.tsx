'use client';
/** The used ring (device area): flags, idx, ring[] of {id, len}, avail_event; markers for vhost's idx and the driver's last_used_idx. */
import { useMemo } from 'react';
import { VRING_USED_F_NO_NOTIFY } from '@/engine/abi/virtio-ring';
import { hex } from '../format';
import { t } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { vqFrame, vqInfo } from '../store/kind-selectors';
import { HeaderField } from './HeaderField';
import type { Marker } from './Markers';
import { RingSlots } from './RingSlots';
import styles from './Ring.module.css';

/** The used ring at the current step. */
export function UsedRing() {
  const lang = useExplainer((s) => s.lang);
  const dir = useExplainer((s) => vqInfo(s)?.dir ?? 'tx');
  const num = useExplainer((s) => vqInfo(s)?.ring.num ?? 0);
  const eventIdx = useExplainer((s) => vqInfo(s)?.ring.eventIdx ?? false);
  const slots = useExplainer((s) => vqFrame(s)?.used);
  const header = useExplainer((s) => vqFrame(s)?.header);
  const touch = useExplainer((s) => vqFrame(s)?.touch);
  const chips = useExplainer((s) => vqFrame(s)?.chips);
  const lastUsed = useExplainer((s) => vqFrame(s)?.snapshot.driver.lastUsedIdx ?? 0);

  const chipAt = useMemo(() => new Map((chips ?? []).filter((c) => c.place === 'used').map((c) => [c.index, c])), [chips]);
  const touched = useMemo(() => new Set(touch?.used ?? []), [touch]);
  if (!slots || !header || !touch) return null;
  const fields = new Set(touch.fields);
  const mask = num - 1;
  // Who points where: vhost writes used->idx, the driver keeps last_used_idx.
  const marker = (i: number): Marker[] => [
    ...(i === (header.usedIdx & mask) ? [{ name: 'idx', side: 'host' as const, title: t('markUsedIdx', lang) }] : []),
    ...(i === (lastUsed & mask) ? [{ name: 'last_used', side: 'guest' as const, title: t('markLastUsed', lang) }] : []),
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
      <RingSlots
        place="used"
        columns={[
          { name: 'id', note: 'colId' },
          { name: 'len', note: 'colUsedLen' },
        ]}
        rows={slots}
        cells={(r) => [r.id, r.len]}
        touched={touched}
        chipAt={chipAt}
        markers={marker}
        dir={dir}
        lang={lang}
      />
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
