/**
 * The MSI-X functions virtio-pci's guest-notifier code calls
 * (engine/qemu/virtio-pci-irqfd.ts's MsixBinding), bound to one PciDevice.
 * That file keeps QEMU's MSIMessage as {addressLo, addressHi, data}
 * (engine/abi/msi.ts); msix.ts keeps {address, data}, as QEMU's struct has a
 * 64-bit address. This converts between the two; nothing else.
 *
 * API: `msixBinding(dev)` → MsixBinding; `toMsiMessage(msg)`, `fromMsiMessage(m)`.
 */
import type { MsiMessage } from '../abi/msi';
import type { ActorContext } from '../sched/actor';
import {
  msixEnabled,
  msixGetMessage,
  msixIsMasked,
  msixNrVectorsAllocated,
  msixSetPending,
  msixSetVectorNotifiers,
  msixUnsetVectorNotifiers,
} from './msix';
import type { MSIMessage, PciDevice } from './pci-device';
import type { MsixBinding, VectorNotifiers } from './virtio-pci-irqfd';

/** QEMU's MSIMessage → the split form of engine/abi/msi.ts. */
export function toMsiMessage(msg: MSIMessage): MsiMessage {
  return { addressLo: msg.address >>> 0, addressHi: Math.floor(msg.address / 0x1_0000_0000) >>> 0, data: msg.data >>> 0 };
}

/** The split form → QEMU's MSIMessage. */
export function fromMsiMessage(m: MsiMessage): MSIMessage {
  return { address: m.addressHi * 0x1_0000_0000 + (m.addressLo >>> 0), data: m.data >>> 0 };
}

/** The MsixBinding of `dev` (its MSI-X must be initialised). */
export function msixBinding(dev: PciDevice): MsixBinding {
  return {
    enabled: () => msixEnabled(dev),
    nrVectorsAllocated: () => msixNrVectorsAllocated(dev),
    isMasked: (vector) => msixIsMasked(dev, vector),
    getMessage: (vector) => toMsiMessage(msixGetMessage(dev, vector)),
    setVectorNotifiers: (ctx: ActorContext, n: VectorNotifiers) =>
      msixSetVectorNotifiers(ctx, dev, {
        use: (c, _d, vector, msg) => n.use(c, vector, toMsiMessage(msg)),
        release: (c, _d, vector) => n.release(c, vector),
        poll: (c, _d, start, end) => n.poll(c, start, end),
      }),
    unsetVectorNotifiers: (ctx: ActorContext) => msixUnsetVectorNotifiers(ctx, dev),
    setPending: (ctx: ActorContext, vector: number) => msixSetPending(ctx, dev, vector),
  };
}
