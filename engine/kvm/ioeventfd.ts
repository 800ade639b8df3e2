/**
 * KVM's ioeventfd (virt/kvm/eventfd.c): QEMU registers the queue's notify
 * address with KVM_IOEVENTFD, so the guest's write there is matched inside
 * the host kernel on the fast MMIO bus and turned into an eventfd signal
 * without QEMU running. A modern virtio-pci notify region is registered with
 * length 0 (KVM_IOEVENTFD_FLAG... any length, no datamatch), which is what
 * lets the EPT-misconfig exit handler take it.
 */
import { eventfdSignal, type EventFd } from '../os/eventfd';
import type { ActorContext, Gen } from '../sched/actor';

/** One registered ioeventfd: a guest-physical address and the eventfd it signals (QEMU's fd number, for the trace). */
export interface Ioeventfd {
  addr: number;
  efd: EventFd;
  fd: number;
  /** On the PIO bus (a legacy doorbell at I/O port BAR0 + 16) with a datamatch on the queue index; the MMIO notify region has neither. */
  pio?: { datamatch: number };
}

/**
 * The guest's MMIO write to `addr` exits (handle_ept_misconfig) and
 * kvm_io_bus_write finds the ioeventfd: ioeventfd_write → eventfd_signal.
 * Returns false if no ioeventfd matched (KVM would then emulate the access
 * and exit to QEMU, which this walkthrough does not model).
 *
 * `exitNs` is what the round trip itself costs the vCPU (VM exit, the exit
 * handler, VM entry): the model computes the handler, not the hardware's
 * world switch, so a free run spends that time as a busy loop instead
 * (bench/native/kvm-exit.c measures it on a real KVM). Step mode spends none.
 */
export function* kvmFastMmioWrite(ctx: ActorContext, ioeventfds: readonly Ioeventfd[], addr: number, exitNs = 0): Gen<boolean> {
  ctx.spend(exitNs);
  const p = ioeventfds.find((x) => x.addr === addr && !x.pio);
  if (!p) return false;
  return yield* eventfdSignal(ctx, p.efd, p.fd, 'kick', 'handle_ept_misconfig', 'kvm_io_bus_write', 'ioeventfd_write');
}

/**
 * The guest's OUT to an I/O port (a legacy doorbell): the I/O exit is handled
 * in the kernel (handle_io → kvm_fast_pio → … → kvm_io_bus_write on the PIO
 * bus), where ioeventfd_write matches the port and the datamatch (the queue
 * index QEMU registered) and signals the eventfd. False if nothing matched.
 */
export function* kvmPioWrite(ctx: ActorContext, ioeventfds: readonly Ioeventfd[], port: number, value: number): Gen<boolean> {
  const p = ioeventfds.find((x) => x.pio && x.addr === port && x.pio.datamatch === value);
  if (!p) return false;
  return yield* eventfdSignal(ctx, p.efd, p.fd, 'kick', 'handle_io', 'kvm_fast_pio', 'kvm_fast_pio_out', 'emulator_pio_out', 'emulator_pio_in_out', 'kvm_io_bus_write', 'ioeventfd_write');
}
