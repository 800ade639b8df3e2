/** QEMU's GSI route bookkeeping and irqfd binding (accel/kvm/kvm-all.c), with KVM and without (TCG). */
import { describe, expect, it } from 'vitest';
import { KVM_IRQ_ROUTING_MSI } from '../abi/kvm';
import { msiEncode } from '../abi/msi';
import { KvmIrqRouting, type KvmVm } from '../kvm/irq-routing';
import { KvmLapic } from '../kvm/lapic';
import { Arena } from '../mem/arena';
import { EventFd } from '../os/eventfd';
import { Process } from '../os/fd-table';
import { ActorContext, type Beat, type Emit, type Gen } from '../sched/actor';
import {
  ENOSYS,
  KVM_PC_IRQCHIP_GSIS,
  kvmIrqchipAddIrqfdNotifierGsi,
  kvmIrqchipAddMsiRoute,
  kvmIrqchipCommitRouteChanges,
  kvmIrqchipCommitRoutes,
  kvmIrqchipUpdateMsiRoute,
  kvmIrqfdsEnabled,
  kvmMsiViaIrqfdEnabled,
  newKvmState,
} from './accel-kvm';
import { EventNotifier, eventNotifierInit } from './event-notifier';

function drain<T>(g: Gen<T>): { beats: Beat[]; ret: T } {
  const beats: Beat[] = [];
  for (;;) {
    const r = g.next();
    if (r.done) return { beats, ret: r.value };
    beats.push(r.value);
  }
}
const types = (b: Beat[]) => b.filter((x): x is Emit => 'type' in x && x.type !== undefined).map((x) => x.type);

function kvm() {
  const arena = new Arena(new ArrayBuffer(8192));
  const vm: KvmVm = { routing: new KvmIrqRouting(arena, 0, 8), lapics: [new KvmLapic(arena, 1024, 0)], x2apicFormat: false };
  let slot = 1024;
  const host = { proc: new Process(1, 'qemu', 25), newEventFd: (l: string) => new EventFd(arena, slot++, l) };
  return { arena, vm, s: newKvmState(vm), host };
}
const msg = (vector: number) => msiEncode({ destId: 0, destLogical: false, redirHint: false, vector, deliveryMode: 0, level: false, triggerLevel: false });

describe('kvm_irqchip_add_msi_route / commit', () => {
  it('hands out GSIs after the PC irqchip pins and sends the table only when the batch changed it', () => {
    const { vm, s } = kvm();
    const ctx = new ActorContext('vcpu');
    const c = { s, changes: 0 };
    expect(drain(kvmIrqchipAddMsiRoute(ctx, c, 1, msg(0x23))).ret).toBe(KVM_PC_IRQCHIP_GSIS);
    expect(drain(kvmIrqchipAddMsiRoute(ctx, c, 2, msg(0x24))).ret).toBe(KVM_PC_IRQCHIP_GSIS + 1);
    // Added to QEMU's copy only: the kernel has nothing yet.
    expect(vm.routing.nr).toBe(0);
    const commit = drain(kvmIrqchipCommitRouteChanges(ctx, c));
    expect(types(commit.beats)).toEqual(['kvm_irqchip_commit_routes', 'kvm_set_irq_routing']);
    expect(vm.routing.entries().map((e) => e.gsi)).toEqual([24, 25]);
    // Nothing changed since: no ioctl.
    expect(types(drain(kvmIrqchipCommitRouteChanges(ctx, c)).beats)).toEqual([]);
  });

  it('kvm_irqchip_update_msi_route rewrites a route the next commit installs; unknown GSI or no KVM fail', () => {
    const { vm, s } = kvm();
    const ctx = new ActorContext('vcpu');
    const c = { s, changes: 0 };
    drain(kvmIrqchipAddMsiRoute(ctx, c, 1, { addressLo: 0, addressHi: 0, data: 0 }));
    drain(kvmIrqchipCommitRouteChanges(ctx, c));
    expect(drain(kvmIrqchipUpdateMsiRoute(ctx, s, 24, msg(0x31))).ret).toBe(0);
    const before = vm.routing.lookup(24)!;
    expect(before.type === KVM_IRQ_ROUTING_MSI && before.msi.data).toBe(0);
    drain(kvmIrqchipCommitRoutes(ctx, s));
    const after = vm.routing.lookup(24)!;
    expect(after.type === KVM_IRQ_ROUTING_MSI && after.msi.data).toBe(0x31);
    expect(drain(kvmIrqchipUpdateMsiRoute(ctx, s, 99, msg(0x31))).ret).toBeLessThan(0);
    expect(drain(kvmIrqchipUpdateMsiRoute(ctx, null, 24, msg(0x31))).ret).toBe(ENOSYS);
  });
});

describe('kvm_irqchip_add_irqfd_notifier_gsi', () => {
  it('binds the notifier fd with KVM_IRQFD under KVM, and returns -ENOSYS without touching anything under TCG', () => {
    const { vm, s, host } = kvm();
    const ctx = new ActorContext('vcpu');
    const n = new EventNotifier('call', 0);
    drain(eventNotifierInit(ctx, n, false, host));
    const c = { s, changes: 0 };
    drain(kvmIrqchipAddMsiRoute(ctx, c, 1, msg(0x23)));
    drain(kvmIrqchipCommitRouteChanges(ctx, c));
    const tcg = drain(kvmIrqchipAddIrqfdNotifierGsi(ctx, { kvmState: null }, n, 24));
    expect(tcg.ret).toBe(ENOSYS);
    expect(n.efd!.waiters).toHaveLength(0);
    expect(kvmIrqfdsEnabled({ kvmState: null })).toBe(false);
    expect(kvmMsiViaIrqfdEnabled({ kvmState: null })).toBe(false);
    const r = drain(kvmIrqchipAddIrqfdNotifierGsi(ctx, { kvmState: s }, n, 24));
    expect(r.ret).toBe(0);
    expect(types(r.beats)).toEqual(['kvm_irqfd_assign', 'kvm_irqchip_assign_irqfd']);
    expect(n.efd!.waiters.map((w) => w.func)).toEqual(['irqfd_wakeup']);
    expect(vm.lapics[0]!.pendingVectors()).toEqual([]);
  });
});
