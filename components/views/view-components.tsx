'use client';
/**
 * The component that draws each registered view (view-meta.ts). The record is
 * typed by the registry's ids, so a view added there without a component here
 * is a compile error, and then it is embeddable as it stands. Each view is
 * its own chunk (next/dynamic, rendered on the server too), so an embed of
 * one diagram loads that diagram's code and not the others'.
 */
import dynamic from 'next/dynamic';
import type { ComponentType } from 'react';
import type { ViewId } from './view-meta';

/** The MSI-X table and where each vector's interrupt goes, together. */
const MsixRouting = dynamic(() =>
  Promise.all([import('../pci/MsixTable'), import('../pci/IrqRoute')]).then(([t, r]) => {
    function MsixRouting() {
      return (
        <>
          <t.MsixTable />
          <r.IrqRoute />
        </>
      );
    }
    return MsixRouting;
  }),
);

/** Every view's component, by id. */
export const VIEW_COMPONENTS: Record<ViewId, ComponentType> = {
  ring: dynamic(() => import('../ring/RingView').then((m) => m.RingView)),
  msix: MsixRouting,
  memory: dynamic(() => import('../memory/MemoryMap').then((m) => m.MemoryMap)),
  overview: dynamic(() => import('../topology/TopologyView').then((m) => () => <m.TopologyView />)),
  prose: dynamic(() => import('../prose/ProsePanel').then((m) => m.ProsePanel)),
  backtrace: dynamic(() => import('../backtrace/Backtrace').then((m) => m.Backtrace)),
  threads: dynamic(() => import('../threads/ThreadsPanel').then((m) => m.ThreadsPanel)),
  fds: dynamic(() => import('../fds/EventfdPanel').then((m) => m.EventfdPanel)),
  counters: dynamic(() => import('../counters/Counters').then((m) => m.Counters)),
  interrupts: dynamic(() => import('../pci/ProcInterrupts').then((m) => m.ProcInterrupts)),
  config: dynamic(() => import('../pci/ConfigSpace').then((m) => m.ConfigSpace)),
  sequence: dynamic(() => import('../vhost-user/VhostUserViews').then((m) => m.VhostUserEmbedViews)),
  'dpdk-log': dynamic(() => import('../vhost-user/DpdkLog').then((m) => m.DpdkLog)),
  stacks: dynamic(() => import('../vhost-user/SideStacks').then((m) => m.SideStacks)),
  device: dynamic(() => import('../vhost-user/BackendState').then((m) => m.BackendState)),
};
