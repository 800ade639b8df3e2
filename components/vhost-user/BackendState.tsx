'use client';
/**
 * The two sides' state at this step, from the snapshot: DPDK's device
 * (struct virtio_net: flags, negotiated features and protocol features, the
 * status byte, the mapped memory regions, and per vring its size, ring
 * addresses, kick and call fds, enabled and ready, last avail/used index)
 * and QEMU's vhost state (connected, started, each ring's saved base), with
 * the guest's traffic counts.
 */
import { scrollFocus } from '../a11y/scroll-focus';
import { hex } from '../format';
import { t, type LangMode } from '../i18n/ui-text';
import { statusNames } from '../pci/config-space';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { vuFrame } from '../store/kind-selectors';
import { Panel } from '../walkthrough/Panel';
import { protocolFeatureNames, virtioFeatureNames } from '@/engine/abi/vhost-user-names';
import styles from './VhostUser.module.css';

/** virtio_net.flags bits (lib/vhost/vhost.h VIRTIO_DEV_*; the last four are 22.11's). */
const DEV_FLAGS: ReadonlyArray<[number, string]> = [
  [0x1, 'VIRTIO_DEV_RUNNING'],
  [0x2, 'VIRTIO_DEV_READY'],
  [0x4, 'VIRTIO_DEV_BUILTIN_VIRTIO_NET'],
  [0x8, 'VIRTIO_DEV_VDPA_CONFIGURED'],
  [0x10, 'VIRTIO_DEV_FEATURES_FAILED'],
  [0x20, 'VIRTIO_DEV_LEGACY_OL_FLAGS'],
  [0x40, 'VIRTIO_DEV_STATS_ENABLED'],
  [0x80, 'VIRTIO_DEV_SUPPORT_IOMMU'],
];

function flagNames(flags: number): string {
  const names = DEV_FLAGS.filter(([bit]) => flags & bit).map(([, n]) => n);
  return names.length ? names.join(' | ') : '0';
}

function bigOf(text: string): bigint {
  try {
    return BigInt(text);
  } catch {
    return 0n;
  }
}

/** A vring fd as DPDK keeps it: -2 not yet set, -1 NOFD, else its number. */
function fdCell(fd: number, lang: LangMode): string {
  if (fd === -2) return t('vuUninitFd', lang);
  if (fd === -1) return 'NOFD';
  return String(fd);
}

function Bool({ on, lang }: { on: boolean; lang: LangMode }) {
  return <span className={on ? styles.on : styles.off}>{t(on ? 'yes' : 'no', lang)}</span>;
}

export function BackendState() {
  const lang = useExplainer((s) => s.lang);
  const snap = useExplainer((s) => vuFrame(s)?.snapshot ?? null);
  if (!snap) {
    return (
      <Panel title={t('backendState', lang)} testId="vu-backend">
        <p className={styles.note}>{t('loading', lang)}</p>
      </Panel>
    );
  }
  const dev = snap.dpdk;
  const features = bigOf(dev.features);
  const protocol = bigOf(dev.protocolFeatures);
  return (
    <Panel
      title={t('backendState', lang)}
      aside={<code>{dev.connected ? `vid ${dev.vid}` : t('vuNotConnected', lang)}</code>}
      testId="vu-backend"
      data-connected={dev.connected}
      data-flags={dev.flags}
      data-running={(dev.flags & 1) !== 0}
    >
      <div className={styles.stateGrid}>
        <dl className={styles.facts}>
          <dt>flags</dt>
          <dd data-testid="vu-dev-flags">{flagNames(dev.flags)}</dd>
          <dt>features</dt>
          <dd>
            {dev.features}
            {features ? <span className={styles.bits}>{virtioFeatureNames(features).join(' | ')}</span> : null}
          </dd>
          <dt>protocol_features</dt>
          <dd>
            {dev.protocolFeatures}
            {protocol ? <span className={styles.bits}>{protocolFeatureNames(protocol).join(' | ')}</span> : null}
          </dd>
          <dt>status</dt>
          <dd>
            {hex(dev.status)}
            {dev.status ? ` (${statusNames(dev.status).join(' | ')})` : ''}
          </dd>
        </dl>
        <div>
          <h3 className={styles.subhead}>{t('qemuVhostState', lang)}</h3>
          <dl className={styles.facts} data-testid="vu-qemu-state" data-started={snap.qemu.started}>
            <dt>chardev</dt>
            <dd>{t(snap.qemu.connected ? 'vuConnected' : 'vuNotConnected', lang)}</dd>
            <dt>vhost_dev</dt>
            <dd>{t(snap.qemu.started ? 'vuStarted' : 'vuNotStarted', lang)}</dd>
            <dt>device_status</dt>
            <dd>
              {hex(snap.status)}
              {snap.status ? ` (${statusNames(snap.status).join(' | ')})` : ''}
            </dd>
            {snap.qemu.vrings.map((v) => (
              <div key={v.index} className={styles.factGroup}>
                <dt>vq[{v.index}].last_avail_idx</dt>
                <dd>{v.lastAvailIdx}</dd>
              </div>
            ))}
          </dl>
          <h3 className={styles.subhead}>{t('vuTraffic', lang)}</h3>
          <dl className={styles.facts} data-testid="vu-traffic">
            <dt>{t('vuSent', lang)}</dt>
            <dd>{snap.traffic.sent}</dd>
            <dt>{t('vuForwarded', lang)}</dt>
            <dd>{snap.traffic.forwarded}</dd>
            <dt>{t('vuReceived', lang)}</dt>
            <dd>{snap.traffic.received}</dd>
          </dl>
        </div>
      </div>

      <h3 className={styles.subhead}>{t('vuRegions', lang)}</h3>
      {dev.regions.length === 0 ? (
        <p className={styles.note}>{t('vuNoRegions', lang)}</p>
      ) : (
        <div className={styles.scroll} ref={scrollFocus}>
          <table className={styles.table} data-testid="vu-regions">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">guest_phys_addr</th>
                <th scope="col">size</th>
                <th scope="col">guest_user_addr</th>
                <th scope="col">host_user_addr</th>
                <th scope="col">mmap_offset</th>
              </tr>
            </thead>
            <tbody>
              {dev.regions.map((r, i) => (
                <tr key={i}>
                  <th scope="row">{i}</th>
                  <td>{hex(r.gpa)}</td>
                  <td>{hex(r.size)}</td>
                  <td>{hex(r.qemuVa)}</td>
                  <td>{hex(r.hostVa)}</td>
                  <td>{hex(r.mmapOffset)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3 className={styles.subhead}>{t('vuVrings', lang)}</h3>
      <div className={styles.scroll} ref={scrollFocus}>
        <table className={styles.table} data-testid="vu-vrings">
          <thead>
            <tr>
              <th scope="col">vring</th>
              <th scope="col">size</th>
              <th scope="col">desc</th>
              <th scope="col">avail</th>
              <th scope="col">used</th>
              <th scope="col">kickfd</th>
              <th scope="col">callfd</th>
              <th scope="col">enabled</th>
              <th scope="col">ready</th>
              <th scope="col">last_avail_idx</th>
              <th scope="col">last_used_idx</th>
            </tr>
          </thead>
          <tbody>
            {dev.vrings.map((v) => (
              <tr key={v.index} data-testid={`vu-vring-${v.index}`} data-ready={v.ready} data-enabled={v.enabled} data-kickfd={v.kickfd} data-callfd={v.callfd}>
                <th scope="row">{v.index}</th>
                <td>{v.num}</td>
                <td>{hex(v.desc)}</td>
                <td>{hex(v.avail)}</td>
                <td>{hex(v.used)}</td>
                <td>{fdCell(v.kickfd, lang)}</td>
                <td>{fdCell(v.callfd, lang)}</td>
                <td>
                  <Bool on={v.enabled} lang={lang} />
                </td>
                <td>
                  <Bool on={v.ready} lang={lang} />
                </td>
                <td>{v.lastAvailIdx}</td>
                <td>{v.lastUsedIdx}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
