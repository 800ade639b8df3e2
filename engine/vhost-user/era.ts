/**
 * The two eras the vhost-user walkthrough offers: the seeds' (the QEMU and
 * DPDK the notes were written against) and today's Debian 12 (QEMU 7.2,
 * DPDK 22.11). Every era-dependent branch in the front-end and back-end
 * models switches on this one value.
 */
import type { DpdkEra } from '../abi/vhost-user-log';

export type VuEra = 'seed' | 'modern';

export interface EraVersions {
  /** As the UI and the CLI state it. */
  qemu: string;
  dpdk: string;
  /** The DPDK log format and handler table of the era. */
  dpdkEra: DpdkEra;
}

export const ERA_VERSIONS: Readonly<Record<VuEra, EraVersions>> = {
  seed: { qemu: 'QEMU 5.0', dpdk: 'DPDK 19.11', dpdkEra: '19.11' },
  modern: { qemu: 'QEMU 7.2', dpdk: 'DPDK 22.11', dpdkEra: '22.11' },
};
