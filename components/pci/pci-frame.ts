/**
 * Decode one frame of a PCI scenario into plain data the PCI views render:
 * the configuration space bytes, the MSI-X table rows, the interrupt chains
 * and where the beat is on them, /proc/interrupts and the vector fallback
 * ladder so far. Like the ring's decodeFrame it runs once per frame when the
 * worker's reply arrives, not in render, and reads only the arena bytes and
 * the trace prefix up to the step.
 */
import type { PciInfo, PciLive, Snapshot } from '@/engine/scenarios/world';
import type { TraceEvent } from '@/engine/trace/events';
import { fingerprint } from '../format';
import type { FrameBase } from '../ring/frame-view';
import { configBytes, touchedConfig } from './config-space';
import { fallbackLadder, type Rung } from './fallback-ladder';
import { msixRows, touchedEntry, type MsixRow } from './msix-rows';
import { procInterruptsAt, type ProcIrq } from './proc-interrupts';
import { hopAt, routeChains, type HopAt, type RouteChain } from './route-hops';

/** What a PCI beat touched. */
export interface PciTouch {
  /** The MSI-X entry the beat concerns. */
  entry: number | null;
  /** The configuration space bytes it read or wrote. */
  config: { off: number; len: number } | null;
  /** An eventfd signalled by this beat, and which way (the eventfd panel pulses it). */
  fd: { fd: number; kind: 'kick' | 'call' } | null;
}

/** Everything the PCI views show at one step. */
export interface PciFrame extends FrameBase {
  kind: 'pci';
  snapshot: Snapshot<PciLive>;
  config: readonly number[];
  msix: readonly MsixRow[];
  chains: readonly RouteChain[];
  hop: HopAt | null;
  irqs: readonly ProcIrq[];
  ladder: readonly Rung[];
  touch: PciTouch;
}

function signalledFd(e: TraceEvent | null): PciTouch['fd'] {
  if (e && (e.type === 'eventfd_signal' || e.type === 'eventfd_write')) return { fd: e.f.fd, kind: e.f.role };
  if (e && (e.type === 'irqfd_wakeup' || e.type === 'guest_notifier_read')) return { fd: e.f.fd, kind: 'call' };
  return null;
}

/** Decode the PCI frame at `snapshot.step` from `bytes` (the arena). */
export function decodePciFrame(info: PciInfo, trace: readonly TraceEvent[], snapshot: Snapshot<PciLive>, bytes: Uint8Array): PciFrame {
  const step = snapshot.step;
  const event = step > 0 ? (trace[step - 1] ?? null) : null;
  const config = configBytes(info, bytes);
  const msix = msixRows(info, snapshot, bytes);
  const chains = routeChains(info, snapshot, msix, trace, step);
  const hop = hopAt(event, chains);
  const irqs = procInterruptsAt(trace, step, info);
  const ladder = fallbackLadder(trace, step);
  const touch: PciTouch = { entry: touchedEntry(event, info), config: touchedConfig(event, info), fd: signalledFd(event) };
  return {
    kind: 'pci',
    step,
    total: trace.length,
    event,
    snapshot,
    config,
    msix,
    chains,
    hop,
    irqs,
    ladder,
    touch,
    fingerprint: fingerprint(JSON.stringify([config, msix, chains, hop, irqs, ladder, touch, snapshot.status])),
  };
}
