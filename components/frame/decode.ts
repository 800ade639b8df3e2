/**
 * The frame the store holds, for any kind of scenario: a virtqueue frame
 * (ring, chains, memory; components/ring/frame-view.ts) or a PCI frame
 * (config space, MSI-X table, interrupt paths; components/pci/pci-frame.ts)
 * or a vhost-user frame (device state, where the message sequence and the
 * logs are; components/vhost-user/vu-frame.ts).
 * `kind` follows the world's, so views narrow on it.
 */
import type { Snapshot, WorldInfo } from '@/engine/scenarios/world';
import type { TraceEvent } from '@/engine/trace/events';
import { decodePciFrame, type PciFrame } from '../pci/pci-frame';
import { decodeFrame, type VirtqueueFrame } from '../ring/frame-view';
import { decodeVhostUserFrame, type VhostUserFrame } from '../vhost-user/vu-frame';

/** A decoded frame of any kind. */
export type FrameView = VirtqueueFrame | PciFrame | VhostUserFrame;

/** Decode the frame at `snapshot.step` for the world `info` (the snapshot comes from that world, so their kinds agree). */
export function decodeAnyFrame(info: WorldInfo, trace: readonly TraceEvent[], snapshot: Snapshot, bytes: Uint8Array): FrameView {
  if (info.kind === 'virtqueue' && snapshot.kind === 'virtqueue') return decodeFrame(info, trace, snapshot, bytes);
  if (info.kind === 'pci' && snapshot.kind === 'pci') return decodePciFrame(info, trace, snapshot, bytes);
  if (info.kind === 'vhost-user' && snapshot.kind === 'vhost-user') return decodeVhostUserFrame(info, trace, snapshot);
  throw new Error(`a ${snapshot.kind} snapshot for a ${info.kind} world`);
}
