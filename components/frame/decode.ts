/**
 * The frame the store holds, for any kind of scenario: a virtqueue frame
 * (ring, chains, memory; components/ring/frame-view.ts) or a PCI frame
 * (config space, MSI-X table, interrupt paths; components/pci/pci-frame.ts).
 * `kind` follows the world's, so views narrow on it.
 */
import type { Snapshot, WorldInfo } from '@/engine/scenarios/world';
import type { TraceEvent } from '@/engine/trace/events';
import { decodePciFrame, type PciFrame } from '../pci/pci-frame';
import { decodeFrame, type VirtqueueFrame } from '../ring/frame-view';

/** A decoded frame of either kind. */
export type FrameView = VirtqueueFrame | PciFrame;

/** Decode the frame at `snapshot.step` for the world `info` (the snapshot comes from that world, so their kinds agree). */
export function decodeAnyFrame(info: WorldInfo, trace: readonly TraceEvent[], snapshot: Snapshot, bytes: Uint8Array): FrameView {
  if (info.kind === 'virtqueue' && snapshot.kind === 'virtqueue') return decodeFrame(info, trace, snapshot, bytes);
  if (info.kind === 'pci' && snapshot.kind === 'pci') return decodePciFrame(info, trace, snapshot, bytes);
  throw new Error(`a ${snapshot.kind} snapshot for a ${info.kind} world`);
}
