'use client';
/**
 * Both programs' stacks at once: the last QEMU function and the last DPDK
 * (or OVS) function run up to this step, each printed by the backtrace view
 * and titled with the version the run models ("QEMU 5.0", "DPDK 19.11"), so
 * a message can be read from the sender's stack to the receiver's.
 */
import { Backtrace } from '../backtrace/Backtrace';
import { t } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { vuFrame, vuInfo } from '../store/kind-selectors';
import styles from './VhostUser.module.css';

export function SideStacks() {
  const lang = useExplainer((s) => s.lang);
  const qemu = useExplainer((s) => vuFrame(s)?.stacks.qemu ?? null);
  const dpdk = useExplainer((s) => vuFrame(s)?.stacks.dpdk ?? null);
  const versions = useExplainer((s) => vuInfo(s)?.versions);
  const era = useExplainer((s) => vuInfo(s)?.era ?? 'modern');
  const name = (role: 'qemu' | 'dpdk') => versions?.find((v) => v.role === role)?.name;
  const title = (role: 'qemu' | 'dpdk') => {
    const v = name(role);
    const side = t(role === 'qemu' ? 'stackQemu' : 'stackDpdk', lang);
    return v ? `${side} · ${v}` : side;
  };
  return (
    <div className={styles.stacks} role="group" aria-label={t('sideStacks', lang)} data-testid="vu-stacks">
      <Backtrace event={qemu} title={title('qemu')} testId="vu-stack-qemu" />
      <Backtrace event={dpdk} title={title('dpdk')} testId="vu-stack-dpdk" dpdk={era === 'seed' ? '19.11' : '22.11'} />
    </div>
  );
}
