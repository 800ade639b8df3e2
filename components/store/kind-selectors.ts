/**
 * Selectors that narrow the loaded run and the frame on screen to one kind
 * of scenario (WorldInfo['kind']): a virtqueue view asks for the virtqueue
 * world and frame and gets null on a PCI walkthrough, and the other way
 * round, so each view stays typed to the data it draws.
 */
import type { PciInfo, VhostUserInfo, VirtqueueInfo } from '@/engine/scenarios/world';
import type { PciFrame } from '../pci/pci-frame';
import type { VirtqueueFrame } from '../ring/frame-view';
import type { VhostUserFrame } from '../vhost-user/vu-frame';
import type { ExplainerState } from './explainer-store';
import { useExplainer } from './ExplainerStoreProvider';

/** The loaded world when it is a virtqueue scenario. */
export const vqInfo = (s: ExplainerState): VirtqueueInfo | null => (s.info?.kind === 'virtqueue' ? s.info : null);
/** The frame on screen when it is a virtqueue frame. */
export const vqFrame = (s: ExplainerState): VirtqueueFrame | null => (s.frame?.kind === 'virtqueue' ? s.frame : null);
/** The loaded world when it is a PCI scenario. */
export const pciInfo = (s: ExplainerState): PciInfo | null => (s.info?.kind === 'pci' ? s.info : null);
/** The frame on screen when it is a PCI frame. */
export const pciFrame = (s: ExplainerState): PciFrame | null => (s.frame?.kind === 'pci' ? s.frame : null);

/** The loaded world when it is a vhost-user scenario. */
export const vuInfo = (s: ExplainerState): VhostUserInfo | null => (s.info?.kind === 'vhost-user' ? s.info : null);
/** The frame on screen when it is a vhost-user frame. */
export const vuFrame = (s: ExplainerState): VhostUserFrame | null => (s.frame?.kind === 'vhost-user' ? s.frame : null);

/** The virtqueue world (null while loading or on another kind). */
export function useVqInfo(): VirtqueueInfo | null {
  return useExplainer(vqInfo);
}

/** The PCI world (null while loading or on another kind). */
export function usePciInfo(): PciInfo | null {
  return useExplainer(pciInfo);
}

/** The vhost-user world (null while loading or on another kind). */
export function useVuInfo(): VhostUserInfo | null {
  return useExplainer(vuInfo);
}
