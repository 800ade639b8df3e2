/**
 * DPDK's address translation over the memory table SET_MEM_TABLE built:
 * qva_to_vva (a QEMU virtual address, as SET_VRING_ADDR gives the rings →
 * the back-end's own address) and gpa_to_vva (a guest-physical address, as
 * descriptors hold → the back-end's own address), both by walking
 * dev->mem->regions (vhost.h / vhost_user.c in both eras). The back-end's
 * address then reaches the bytes through its AddressSpace mapping of the
 * memory file, which points into the arena.
 */
import type { AddressSpace } from '../../os/memfd';
import type { DeviceState } from './device';

/** qva_to_vva: the back-end address of `len` bytes at QEMU address `qva`, or 0 when no region holds all of them. */
export function qvaToVva(dev: DeviceState, qva: number, len: number): number {
  for (const r of dev.regions()) {
    if (qva >= r.qva && qva < r.qva + r.size) {
      // The real function shortens len to the region's end; callers then refuse a short mapping.
      if (qva + len > r.qva + r.size) return 0;
      return r.hva + (qva - r.qva);
    }
  }
  return 0;
}

/** gpa_to_vva (rte_vhost_gpa_to_vva with a length): the back-end address of guest-physical `gpa`, or 0. */
export function gpaToVva(dev: DeviceState, gpa: number, len: number): number {
  for (const r of dev.regions()) {
    if (gpa >= r.gpa && gpa < r.gpa + r.size) {
      if (gpa + len > r.gpa + r.size) return 0;
      return r.hva + (gpa - r.gpa);
    }
  }
  return 0;
}

/** A back-end address as an arena offset (the load or store the C code does through the pointer), or -1 if unmapped. */
export function vvaToArena(as: AddressSpace, vva: number): number {
  const t = as.translate(vva);
  return 'arenaOff' in t ? t.arenaOff : -1;
}
